import { describe, expect, it } from 'vitest';
import { deriveTruth } from './derive-truth.js';
import { sceneSchema, type ComposeSpec, type Scene } from './scene-set.schema.js';

/*
 * Ground truth from keyframes, on the sprites and backgrounds of devkit/eval/scenes.yaml: the car
 * of lot-car-cyclist.mp4 (184 x 120 px on the 768 x 432 lot), the walker (72 x 190 px) and the
 * bag (55 x 55 px) of sidewalk-bag-left.avi on its 720 x 480 sidewalk.
 */

const LOT = { width: 768, height: 432 };
const SIDEWALK = { width: 720, height: 480 };
const car = { label: 'car', fixture: 'lot-car-cyclist.mp4', atSeconds: 3, crop: { x: 0, y: 30, w: 115, h: 75 }, scale: 1.6 };
const walker = { label: 'person', fixture: 'sidewalk-bag-left.avi', atSeconds: 30.5, crop: { x: 266, y: 236, w: 72, h: 190 } };
const bag = { label: 'object', fixture: 'sidewalk-bag-left.avi', atSeconds: 25, crop: { x: 449, y: 364, w: 55, h: 55 } };
const bay = { id: 'bay', polygon: [[0.37, 0.4], [0.73, 0.4], [0.73, 0.82], [0.37, 0.82]] };
const walkway = { id: 'walkway', polygon: [[0.12, 0.35], [0.7, 0.35], [0.7, 0.98], [0.12, 0.98]] };
const kerb = { id: 'kerb', polygon: [[0.5, 0.6], [0.76, 0.6], [0.76, 0.95], [0.5, 0.95]] };

/** A parsed scene (the agent's zone defaults applied), from plain objects as the YAML gives them. */
function scene(compose: { durationSeconds: number; sprites: ({ fixture: string } & Record<string, unknown>)[] }, zones: unknown[]): Scene & { compose: ComposeSpec } {
  const background = compose.sprites[0]!.fixture === 'lot-car-cyclist.mp4' ? { fixture: 'lot-drive-through.mp4', atSeconds: 1 } : { fixture: 'sidewalk-bag-left.avi', atSeconds: 8 };
  return sceneSchema.parse({ name: 'test', compose: { ...compose, background }, zones, truth: [] }) as Scene & { compose: ComposeSpec };
}

const parking = (graceSeconds: number) => [{ type: 'illegal_parking', graceSeconds }];
const carStopping = (stopAt: number, leaveAt: number, x = 330, y = 200) => ({ id: 'car', ...car, path: [{ t: stopAt - 3, x: -190, y }, { t: stopAt, x, y }, { t: leaveAt, x, y }, { t: leaveAt + 3, x: 780, y }] });

describe('ground truth of composed scenes, from their keyframes', () => {
  it.each([
    ['stands 40 s in the bay, grace 20 s: one case from the stop, boxed where it stands', carStopping(5, 45), 52, 20, [{ rule: 'illegal_parking', zone: 'bay', stayStartS: 5, region: [0.4297, 0.463, 0.6693, 0.7407] }]],
    ['stands 9 s, grace 20 s: nothing', carStopping(5, 14), 24, 20, []],
    ['stands 40 s outside the bay: nothing', carStopping(6, 41, 520, 250), 48, 10, []],
    ['stands to the end of the scene: one case', { id: 'car', ...car, path: [{ t: 1, x: -190, y: 200 }, { t: 4, x: 330, y: 200 }, { t: 40, x: 330, y: 200 }] }, 40, 20, [{ rule: 'illegal_parking', zone: 'bay', stayStartS: 4, region: [0.4297, 0.463, 0.6693, 0.7407] }]],
  ])('a car that %s', (_, sprite, durationSeconds, grace, want) => {
    const derived = deriveTruth(scene({ durationSeconds, sprites: [sprite] }, [{ ...bay, rules: parking(grace) }]), LOT);
    expect(derived).toEqual({ cases: want, ambiguities: [] });
  });

  it('gives a car that parks twice in two zones a case in each, from each stop', () => {
    const sprite = { id: 'car', ...car, path: [{ t: 1, x: -190, y: 250 }, { t: 4, x: 100, y: 250 }, { t: 24, x: 100, y: 250 }, { t: 27, x: 480, y: 120 }, { t: 57, x: 480, y: 120 }, { t: 60, x: 780, y: 120 }] };
    const zones = [
      { id: 'west', polygon: [[0.02, 0.45], [0.45, 0.45], [0.45, 0.98], [0.02, 0.98]], rules: parking(12) },
      { id: 'east', polygon: [[0.55, 0.2], [0.98, 0.2], [0.98, 0.7], [0.55, 0.7]], rules: parking(15) },
    ];
    expect(deriveTruth(scene({ durationSeconds: 63, sprites: [sprite] }, zones), LOT).cases).toEqual([
      { rule: 'illegal_parking', zone: 'west', stayStartS: 4, region: [0.1302, 0.5787, 0.3698, 0.8565] },
      { rule: 'illegal_parking', zone: 'east', stayStartS: 27, region: [0.625, 0.2778, 0.8646, 0.5556] },
    ]);
  });

  it('refuses a stay that ends within 3 s of its trigger, or a trigger near the end of the scene, as ambiguous', () => {
    const short = deriveTruth(scene({ durationSeconds: 40, sprites: [carStopping(5, 26)] }, [{ ...bay, rules: parking(20) }]), LOT);
    expect(short.ambiguities).toEqual(['zone bay: car stopped from 5 s to 26 s, grace 20 s: the stay ends within 3 s of its trigger']);
    const late = deriveTruth(scene({ durationSeconds: 26, sprites: [{ id: 'car', ...car, path: [{ t: 2, x: -190, y: 200 }, { t: 5, x: 330, y: 200 }, { t: 26, x: 330, y: 200 }] }] }, [{ ...bay, rules: parking(20) }]), LOT);
    expect(late.ambiguities).toEqual(['zone bay: car stopped from 5 s to 26 s, grace 20 s: the trigger falls within 3 s of the end of the scene']);
  });

  it('counts a person in the sidewalk zone from the moment his feet cross into it, moving or not', () => {
    // Feet (box bottom, y + 190) reach the zone's lower edge (0.98 x 480 = 470.4 px) at 2 + 199.6/310 x 5 s.
    const sprite = { id: 'walker', ...walker, path: [{ t: 2, x: 180, y: 480 }, { t: 7, x: 220, y: 170 }, { t: 45, x: 220, y: 170 }, { t: 51, x: 150, y: 480 }] };
    const zones = [{ ...walkway, rules: [{ type: 'sidewalk_encroachment', graceSeconds: 20, clearSeconds: 10 }] }];
    expect(deriveTruth(scene({ durationSeconds: 56, sprites: [sprite] }, zones), SIDEWALK)).toEqual({
      cases: [{ rule: 'sidewalk_encroachment', zone: 'walkway', stayStartS: 5.22, region: [0.3056, 0.3542, 0.4056, 0.75] }],
      ambiguities: [],
    });
  });

  it('makes one encroachment case of two people whose stays are closer than clearSeconds, two when the zone was clear long enough', () => {
    const standing = (id: string, from: number, to: number, x: number) => ({ id, ...walker, path: [{ t: from, x, y: 170 }, { t: to, x, y: 170 }] });
    const zones = (clearSeconds: number) => [{ ...walkway, rules: [{ type: 'sidewalk_encroachment', graceSeconds: 10, clearSeconds }] }];
    const sprites = [standing('first', 2, 20, 150), standing('second', 24, 44, 300)];
    expect(deriveTruth(scene({ durationSeconds: 50, sprites }, zones(10)), SIDEWALK).cases.map((c) => c.stayStartS)).toEqual([2]);
    expect(deriveTruth(scene({ durationSeconds: 50, sprites }, zones(3)), SIDEWALK).cases.map((c) => c.stayStartS)).toEqual([2, 24]);
  });

  it('starts a left bag\'s stay when its owner is more than two bag widths from its centre', () => {
    // The walker's box leaves the 110 px reach of the bag's centre (476.5, 391.5) 3.70 s after he sets off at 9 s (12.71 s on the 10 ms grid).
    const sprites = [
      { id: 'bag', ...bag, owner: 'walker', path: [{ t: 7.5, x: 449, y: 364 }, { t: 45, x: 449, y: 364 }] },
      { id: 'walker', ...walker, path: [{ t: 1, x: 330, y: 480 }, { t: 6, x: 376, y: 232 }, { t: 9, x: 376, y: 232 }, { t: 17, x: 250, y: 20 }, { t: 20, x: 220, y: -200 }] },
    ];
    const derived = deriveTruth(scene({ durationSeconds: 45, sprites }, [{ ...kerb, rules: [{ type: 'littering', graceSeconds: 10 }] }]), SIDEWALK);
    expect(derived).toEqual({ cases: [{ rule: 'littering', zone: 'kerb', stayStartS: 12.71, region: [0.6236, 0.7583, 0.7, 0.8729] }], ambiguities: [] });
  });

  it('gives nothing for a bag whose owner stays beside it until he takes it away', () => {
    const owner = { label: 'person', fixture: 'sidewalk-bag-left.avi', atSeconds: 17.5, crop: { x: 424, y: 210, w: 56, h: 170 } };
    const sprites = [
      { id: 'bag', ...bag, owner: 'owner', path: [{ t: 6, x: 449, y: 364 }, { t: 31, x: 449, y: 364 }] },
      { id: 'owner', ...owner, path: [{ t: 1, x: 330, y: 480 }, { t: 5, x: 392, y: 205 }, { t: 32, x: 392, y: 205 }, { t: 38, x: 300, y: 480 }] },
    ];
    expect(deriveTruth(scene({ durationSeconds: 40, sprites }, [{ ...kerb, rules: [{ type: 'littering', graceSeconds: 10 }] }]), SIDEWALK)).toEqual({ cases: [], ambiguities: [] });
  });
});
