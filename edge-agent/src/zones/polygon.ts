/** A polygon as the config writes it: [x, y] points in frame fractions. */
export type Polygon = readonly (readonly [number, number])[];

/**
 * Even-odd ray casting. A point exactly on an edge may fall either way; with float box
 * coordinates that is a measure-zero case and no rule depends on it.
 */
export function pointInPolygon(x: number, y: number, polygon: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const a = polygon[i];
    const b = polygon[j];
    if (a === undefined || b === undefined) continue;
    const [xi, yi] = a;
    const [xj, yj] = b;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The polygon's bounding box, for a cheap reject before the exact test. */
export function polygonBounds(polygon: Polygon): { x1: number; y1: number; x2: number; y2: number } {
  let x1 = 1;
  let y1 = 1;
  let x2 = 0;
  let y2 = 0;
  for (const [x, y] of polygon) {
    x1 = Math.min(x1, x);
    y1 = Math.min(y1, y);
    x2 = Math.max(x2, x);
    y2 = Math.max(y2, y);
  }
  return { x1, y1, x2, y2 };
}
