import { boxHeight, boxWidth, unionBox } from '../../geometry/box-math.js';
import type { StaticBlob } from './static-blob.js';

/*
 * One left object often shows as several static blobs: a dark bag with a lighter band, a
 * heavily compressed sub-stream whose blocks smear part of the object into the background, a
 * night picture where only the object's edges clear the noise. Fragments of one object lie
 * close together relative to their own size and were left at about the same moment; two
 * objects set down a metre apart do not. A group stands for the whole object: its box covers
 * every fragment.
 */

/** Fragments whose gap is at most this share of the larger fragment's size (per axis) may be one object: the starved stream's bag halves were 0.35 apart, a walker's footprint beside a bag 0.6. */
const FRAGMENT_GAP = 0.55;
/** ...and that appeared within this many seconds of each other. */
const FRAGMENT_SECONDS = 6;

export function groupFragments(blobs: readonly StaticBlob[]): StaticBlob[] {
  const parent = blobs.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let a = 0; a < blobs.length; a++) {
    for (let b = a + 1; b < blobs.length; b++) {
      if (fragmentsOfOne(blobs[a]!, blobs[b]!)) parent[find(b)] = find(a);
    }
  }
  const groups = new Map<number, StaticBlob[]>();
  blobs.forEach((blob, i) => {
    const root = find(i);
    const group = groups.get(root);
    if (group) group.push(blob);
    else groups.set(root, [blob]);
  });
  return [...groups.values()].map((group) => (group.length === 1 ? group[0]! : merge(group)));
}

function fragmentsOfOne(a: StaticBlob, b: StaticBlob): boolean {
  if (Math.abs(a.appearedAtMs - b.appearedAtMs) > FRAGMENT_SECONDS * 1000) return false;
  const gapX = Math.max(0, a.box.x1 - b.box.x2, b.box.x1 - a.box.x2);
  const gapY = Math.max(0, a.box.y1 - b.box.y2, b.box.y1 - a.box.y2);
  return gapX <= FRAGMENT_GAP * Math.max(boxWidth(a.box), boxWidth(b.box)) && gapY <= FRAGMENT_GAP * Math.max(boxHeight(a.box), boxHeight(b.box));
}

function merge(group: readonly StaticBlob[]): StaticBlob {
  const area = group.reduce((sum, blob) => sum + blob.areaFraction, 0);
  return {
    box: unionBox(group.map((blob) => blob.box))!,
    areaFraction: area,
    // The object was left when its first part became static.
    appearedAtMs: Math.min(...group.map((blob) => blob.appearedAtMs)),
    contrast: group.reduce((sum, blob) => sum + blob.contrast * blob.areaFraction, 0) / area,
  };
}
