/** The fixture frames the golden file covers: the two named in issue 4 plus a spread of scenes. */
export const goldenFrames = [
  { fixture: 'lot-car-cyclist.mp4', start: 3 },
  { fixture: 'street-car-on-walkway.mp4', start: 0 },
  { fixture: 'lot-people.mp4', start: 1 },
  { fixture: 'table-people-dwell.mp4', start: 60 },
  { fixture: 'table-bottles.mp4', start: 20 },
  { fixture: 'highway-shoulder.avi', start: 10 },
  { fixture: 'sidewalk-bag-left.avi', start: 15 },
  { fixture: 'lot-drive-through.mp4', start: 8 },
] as const;

export const goldenFile = new URL('./golden/yolox-nano-fixtures.json', import.meta.url);
