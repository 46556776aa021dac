import { describe, expect, it } from 'vitest';
import { groupFragments } from './blob-groups.js';
import type { StaticBlob } from './static-blob.js';

const blob = (x1: number, y1: number, x2: number, y2: number, appearedAtS = 10): StaticBlob => ({
  box: { x1, y1, x2, y2 },
  areaFraction: (x2 - x1) * (y2 - y1) * 0.6,
  appearedAtMs: appearedAtS * 1000,
  contrast: 0.5,
});

describe('groupFragments', () => {
  it.each([
    // The starved sub-stream's bag: its left and right parts, 0.015 apart, left 0.4 s apart.
    { name: 'two halves of one bag', blobs: [blob(0.674, 0.772, 0.71, 0.815, 17.1), blob(0.616, 0.793, 0.659, 0.859, 16.7)], groups: [[0.616, 0.772, 0.71, 0.859]] },
    { name: 'a bag and its handle above it', blobs: [blob(0.4, 0.8, 0.46, 0.88), blob(0.42, 0.77, 0.44, 0.79)], groups: [[0.4, 0.77, 0.46, 0.88]] },
    // sidewalk-bag-drop (sway): where a walker stood, a patch beside the bag he left, 0.6 of the bag's width away.
    { name: 'a bag and a footprint-sized patch beside it', blobs: [blob(0.639, 0.78, 0.711, 0.878, 9.7), blob(0.545, 0.854, 0.574, 0.952, 9)], groups: [[0.639, 0.78, 0.711, 0.878], [0.545, 0.854, 0.574, 0.952]] },
    { name: 'two bags a metre apart', blobs: [blob(0.3, 0.8, 0.36, 0.88), blob(0.6, 0.8, 0.66, 0.88)], groups: [[0.3, 0.8, 0.36, 0.88], [0.6, 0.8, 0.66, 0.88]] },
    { name: 'a bag left beside one that has stood there for a minute', blobs: [blob(0.4, 0.8, 0.46, 0.88, 10), blob(0.47, 0.8, 0.53, 0.88, 70)], groups: [[0.4, 0.8, 0.46, 0.88], [0.47, 0.8, 0.53, 0.88]] },
    { name: 'three fragments in a chain', blobs: [blob(0.4, 0.8, 0.42, 0.85), blob(0.428, 0.8, 0.448, 0.85), blob(0.456, 0.8, 0.476, 0.85)], groups: [[0.4, 0.8, 0.476, 0.85]] },
  ])('$name', ({ blobs, groups }) => {
    const got = groupFragments(blobs).map((g) => [g.box.x1, g.box.y1, g.box.x2, g.box.y2]);
    expect(got).toEqual(groups);
  });

  it('a group is dated from its first fragment and its area is the sum of theirs', () => {
    const parts = [blob(0.674, 0.772, 0.71, 0.815, 17.1), blob(0.616, 0.793, 0.659, 0.859, 16.7)];
    const [group] = groupFragments(parts);
    expect(groupFragments(parts)).toHaveLength(1);
    expect(group!.appearedAtMs).toBe(16_700);
    expect(group!.areaFraction).toBeCloseTo(parts[0]!.areaFraction + parts[1]!.areaFraction);
  });
});
