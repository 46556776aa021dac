import { ruleSchema, scheduleSchema, type Point, type RuleConfig, type ScheduleConfig, type ZoneConfig } from '@wardwatch/contracts/site-config';

/*
 * The zone editor's edits as plain functions over the camera's zone list (the shared schema's own
 * shapes, so what is drawn is what is saved). Invalid states (two points, an empty rule list) are
 * allowed here on purpose: the schema says what is wrong, in the words the API would use.
 */
export type RuleType = RuleConfig['type'];

/** A rule of that type with the shared defaults (grace time, classes, ...) filled in by the schema. */
export function newRule(type: RuleType): RuleConfig {
  return ruleSchema.parse({ type });
}

/** The classes a rule of that type watches by default: the checkboxes the editor offers. */
export function defaultClasses(type: RuleType): string[] {
  return newRule(type).classes;
}

/** Every day, all day: the schedule's defaults. */
export function newSchedule(): ScheduleConfig {
  return scheduleSchema.parse({});
}

/**
 * A zone's id from its name, for config files and logs: `Cổng chợ Hàng Bè` -> `cong-cho-hang-be`
 * (Vietnamese marks dropped, đ -> d), made unique among `others` with -2, -3... Officers never
 * read it; installers see it beside the name.
 */
export function zoneIdFromName(name: string, others: readonly { id: string }[]): string {
  const base =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[đĐ]/g, 'd')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 56) || 'zone';
  const taken = new Set(others.map((z) => z.id));
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n += 1;
  return `${base}-${n}`;
}

/** A new zone named `name` (the editor offers "Vùng 3"), its id made from the name. */
export function newZone(zones: readonly ZoneConfig[], name: string): ZoneConfig {
  return { id: zoneIdFromName(name, zones), name, polygon: [], anchor: 'bottom-center', minBoxArea: 0, rules: [newRule('illegal_parking')] };
}

/** Fractions of the frame, clamped: a point dragged past the edge stays on it. */
export function clampPoint(x: number, y: number): Point {
  const clamp = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;
  return [clamp(x), clamp(y)];
}

/** Inserts after `after` (the selected point) or appends; returns the new point's index too. */
export function addPoint(polygon: readonly Point[], point: Point, after: number | null): { polygon: Point[]; index: number } {
  const index = after === null || after < 0 || after >= polygon.length ? polygon.length : after + 1;
  return { polygon: [...polygon.slice(0, index), point, ...polygon.slice(index)], index };
}

export function movePoint(polygon: readonly Point[], index: number, point: Point): Point[] {
  return polygon.map((p, i) => (i === index ? point : p));
}

export function removePoint(polygon: readonly Point[], index: number): Point[] {
  return polygon.filter((_p, i) => i !== index);
}

/** Where a new point goes without a mouse: halfway to the next point, or the frame's centre. */
export function pointAfter(polygon: readonly Point[], after: number | null): Point {
  if (polygon.length === 0) return [0.5, 0.5];
  const from = polygon[after ?? polygon.length - 1] ?? polygon[polygon.length - 1]!;
  const to = polygon[((after ?? polygon.length - 1) + 1) % polygon.length]!;
  if (polygon.length === 1) return clampPoint(from[0] + 0.1, from[1]);
  return clampPoint((from[0] + to[0]) / 2, (from[1] + to[1]) / 2);
}

/** `car, motorcycle , bus` -> `['car', 'motorcycle', 'bus']`. */
export function classList(text: string): string[] {
  return text.split(',').map((c) => c.trim()).filter((c) => c !== '');
}
