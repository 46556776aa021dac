/*
 * A small detector often flips a car to "truck" or a motorbike to "bicycle" between frames; a
 * track may take a detection of the same family, never across families (a car track never takes
 * a person).
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
