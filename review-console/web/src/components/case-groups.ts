import type { ViolationSummary } from '../api/types.js';

/** Cases of one object reported again: the first one and its repeats, in queue order. */
export interface CaseGroup {
  first: ViolationSummary;
  repeats: ViolationSummary[];
}

/** A repeat follows the group's last case within this long... */
export const REPEAT_GAP_MS = 30 * 60_000;
/** ...and its box overlaps the last one's this much (intersection over union), or holds its centre. */
export const SAME_PLACE_IOU = 0.3;

type Box = ViolationSummary['bbox'];

/**
 * The same place in the picture: boxes that overlap enough, or one holding the other's centre
 * (a bag half hidden the second time has half the box, and a small IoU, but the same centre).
 */
export function samePlace(a: Box, b: Box): boolean {
  const holdsCentre = (outer: Box, inner: Box) => {
    const x = (inner.x1 + inner.x2) / 2;
    const y = (inner.y1 + inner.y2) / 2;
    return x >= outer.x1 && x <= outer.x2 && y >= outer.y1 && y <= outer.y2;
  };
  return iou(a, b) >= SAME_PLACE_IOU || holdsCentre(a, b) || holdsCentre(b, a);
}

export function iou(a: Box, b: Box): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const area = (box: Box) => Math.max(0, box.x2 - box.x1) * Math.max(0, box.y2 - box.y1);
  return inter / (area(a) + area(b) - inter);
}

/**
 * Gathers repeats: cases of the same camera, zone and rule, each within REPEAT_GAP_MS of the
 * previous one and at the same place in the picture (see samePlace). The
 * agent ends a stay when it loses the object; a car parked all afternoon behind passing buses
 * comes back as a new case every time. Groups keep the order of their first case.
 */
export function groupRepeats(items: readonly ViolationSummary[]): CaseGroup[] {
  const groups: CaseGroup[] = [];
  // Per camera, zone and rule: the groups whose last case is recent enough to take another.
  const open = new Map<string, { group: CaseGroup; lastAt: number; last: ViolationSummary }[]>();
  const sorted = items.map((item) => ({ item, at: Date.parse(item.triggeredAt) })).sort((a, b) => a.at - b.at);
  const order = new Map(items.map((item, index) => [item.id, index]));
  for (const { item, at } of sorted) {
    const key = `${item.cameraId}\n${item.zoneId}\n${item.ruleType}`;
    // Cases come oldest first, so a group too old for this case is too old for every later one.
    const candidates = (open.get(key) ?? []).filter((entry) => at - entry.lastAt <= REPEAT_GAP_MS);
    const joined = candidates.find((entry) => samePlace(entry.last.bbox, item.bbox));
    if (joined) {
      joined.group.repeats.push(item);
      joined.lastAt = at;
      joined.last = item;
    } else {
      const group: CaseGroup = { first: item, repeats: [] };
      groups.push(group);
      candidates.push({ group, lastAt: at, last: item });
    }
    open.set(key, candidates);
  }
  // Back to the list's own order (oldest first or not), by each group's first case.
  return groups.sort((a, b) => (order.get(a.first.id) ?? 0) - (order.get(b.first.id) ?? 0));
}
