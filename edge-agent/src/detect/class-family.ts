/*
 * A small detector often calls one car "car" in one frame and "truck" in the next, or both in
 * the same frame with nearly the same box; a motorbike flips to "bicycle" the same way. These
 * families are one kind of object to everything after the detector: NMS keeps one box per
 * object of a family, a track takes detections of its family, never across families (a car
 * track never takes a person, and a rider on a motorbike keeps both boxes).
 */
const families: Record<string, string> = {
  car: 'vehicle',
  truck: 'vehicle',
  bus: 'vehicle',
  motorcycle: 'two-wheeler',
  bicycle: 'two-wheeler',
  backpack: 'bag',
  handbag: 'bag',
  suitcase: 'bag',
  chair: 'seat',
  bench: 'seat',
  'dining table': 'table',
};

export function classFamily(className: string): string {
  return families[className] ?? className;
}

export function sameFamily(a: string, b: string): boolean {
  return a === b || classFamily(a) === classFamily(b);
}

/** For a model's class list: each class id's family as a small integer (ids of one family share it). */
export function familyIndex(classNames: readonly string[]): Int32Array {
  const byName = new Map<string, number>();
  return Int32Array.from(classNames, (name) => {
    const family = classFamily(name);
    let index = byName.get(family);
    if (index === undefined) {
      index = byName.size;
      byName.set(family, index);
    }
    return index;
  });
}
