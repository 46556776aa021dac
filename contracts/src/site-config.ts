import { z } from 'zod';
import { ruleTypes, slugId } from './common.js';

/*
 * A site's cameras, zones and rules: the part of the agent's config that the console manages and
 * the web UI edits. One schema for all three, so the zone editor, the console API and the agent
 * refuse the same things with the same words. Every object is strict so that a typo
 * ("gracSeconds") is an error, not a silently ignored key. Defaults are chosen for a Hanoi street
 * camera on a sub-stream at 5 fps; README.md documents each one. Browser-safe (zod only).
 */

/** The editor shows these words too: one wording for the zone editor, the API and the agent. */
export const ZONE_MESSAGES = {
  outsideFrame: 'must be inside the frame (0..1)',
  tooFewPoints: 'a polygon needs at least 3 points',
  noArea: 'the points must enclose an area (they lie on one line)',
  selfIntersecting: 'the outline must not cross itself',
} as const;

const coordinate = z.number().min(0, ZONE_MESSAGES.outsideFrame).max(1, ZONE_MESSAGES.outsideFrame);
const point = z.tuple([coordinate, coordinate]);
export type Point = z.infer<typeof point>;

/** A zone outline in fractions of the frame's width and height (0,0 = top left). */
export const polygonSchema = z
  .array(point)
  .min(3, ZONE_MESSAGES.tooFewPoints)
  .superRefine((polygon, ctx) => {
    if (polygon.length < 3) return;
    if (selfIntersects(polygon)) ctx.addIssue({ code: 'custom', message: ZONE_MESSAGES.selfIntersecting });
    else if (Math.abs(polygonArea(polygon)) < 1e-6) ctx.addIssue({ code: 'custom', message: ZONE_MESSAGES.noArea });
  });

/** Signed area (shoelace), in frame fractions squared. */
export function polygonArea(polygon: readonly Point[]): number {
  let twice = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x1, y1] = polygon[i]!;
    const [x2, y2] = polygon[(i + 1) % polygon.length]!;
    twice += x1 * y2 - x2 * y1;
  }
  return twice / 2;
}

/** True when two edges that do not share a corner cross or touch. O(n^2): zones have few points. */
export function selfIntersects(polygon: readonly Point[]): boolean {
  const n = polygon.length;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsTouch(polygon[i]!, polygon[(i + 1) % n]!, polygon[j]!, polygon[(j + 1) % n]!)) return true;
    }
  }
  return false;
}

function segmentsTouch(a: Point, b: Point, c: Point, d: Point): boolean {
  const o1 = orientation(a, b, c);
  const o2 = orientation(a, b, d);
  const o3 = orientation(c, d, a);
  const o4 = orientation(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && onSegment(a, c, b)) || (o2 === 0 && onSegment(a, d, b)) || (o3 === 0 && onSegment(c, a, d)) || (o4 === 0 && onSegment(c, b, d));
}

function orientation(p: Point, q: Point, r: Point): -1 | 0 | 1 {
  const value = (q[1] - p[1]) * (r[0] - q[0]) - (q[0] - p[0]) * (r[1] - q[1]);
  return Math.abs(value) < 1e-12 ? 0 : value > 0 ? 1 : -1;
}

function onSegment(p: Point, q: Point, r: Point): boolean {
  return q[0] <= Math.max(p[0], r[0]) && q[0] >= Math.min(p[0], r[0]) && q[1] <= Math.max(p[1], r[1]) && q[1] >= Math.min(p[1], r[1]);
}

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:mm (24-hour)');

export const scheduleSchema = z
  .object({
    days: z.array(z.enum(weekdays)).min(1).default([...weekdays]),
    /** A range may cross midnight (`22:00`-`06:00`). */
    start: clockTime.default('00:00'),
    end: clockTime.default('23:59'),
    timezone: z.string().min(1).optional(),
  })
  .strict();
export type ScheduleConfig = z.infer<typeof scheduleSchema>;

const className = z.string().min(1).max(64);

const illegalParkingRule = z
  .object({
    type: z.literal('illegal_parking'),
    /** How long a vehicle must stay still inside the zone before it is a violation. */
    graceSeconds: z.number().positive().max(86_400).default(60),
    classes: z.array(className).min(1).default(['car', 'motorcycle', 'bus', 'truck']),
    /** Re-report a vehicle that is still there after this long; unset = once per stay. */
    renotifyMinutes: z.number().positive().optional(),
  })
  .strict();

const sidewalkEncroachmentRule = z
  .object({
    type: z.literal('sidewalk_encroachment'),
    graceSeconds: z.number().positive().max(86_400).default(300),
    classes: z
      .array(className)
      .min(1)
      .default(['person', 'chair', 'bench', 'umbrella', 'dining table', 'potted plant', 'motorcycle', 'bicycle']),
    /** The episode ends once the zone has been clear this long. */
    clearSeconds: z.number().positive().max(3_600).default(60),
  })
  .strict();

const litteringRule = z
  .object({
    type: z.literal('littering'),
    graceSeconds: z.number().positive().max(86_400).default(30),
    /** COCO classes that count as extra evidence of a left object. */
    classes: z.array(className).default(['backpack', 'handbag', 'suitcase', 'bottle', 'cup']),
    /** Smallest left object, as a fraction of the frame area (ignores noise and leaves). */
    minAreaFraction: z.number().positive().max(1).default(0.0005),
  })
  .strict();

export const ruleSchema = z.discriminatedUnion(
  'type',
  [illegalParkingRule, sidewalkEncroachmentRule, litteringRule],
  { error: () => `must be one of ${ruleTypes.join(', ')}` },
);
export type RuleConfig = z.infer<typeof ruleSchema>;

export const zoneSchema = z
  .object({
    id: slugId,
    name: z.string().min(1).max(200).optional(),
    polygon: polygonSchema,
    /** Which point of a box must be inside: the bottom-centre is where an object touches the ground. */
    anchor: z.enum(['bottom-center', 'center']).default('bottom-center'),
    /** Extra class filter for every rule of this zone. */
    classes: z.array(className).min(1).optional(),
    /** Smallest box counted, as a fraction of the frame area (filters far-away or spurious boxes). */
    minBoxArea: z.number().nonnegative().max(1).default(0),
    schedule: scheduleSchema.optional(),
    rules: z.array(ruleSchema).min(1, 'a zone needs at least one rule'),
  })
  .strict();
export type ZoneConfig = z.infer<typeof zoneSchema>;

const streamUrl = z
  .string()
  .min(1)
  // Any other `scheme:` prefix is refused, `://` or not: ffmpeg reads `concat:`, `subfile:`,
  // `pipe:` and `unix:` as special inputs that could open the agent's own files or hang it.
  .refine((value) => !/^[a-z][a-z0-9+.-]*:/i.test(value) || /^(rtsp|rtsps|rtmp|http|https|file|udp|srt):\/\//i.test(value), {
    message: 'must be an rtsp://, rtsps://, http(s):// or file:// URL, or a file path',
  });

export const cameraSchema = z
  .object({
    id: slugId,
    name: z.string().min(1).max(200),
    detect: z
      .object({
        url: streamUrl,
        fps: z.number().gt(0, 'must be greater than 0').max(30, 'must be at most 30'),
        transport: z.enum(['tcp', 'udp']).default('tcp'),
        /** File inputs only: loop forever (demo cameras) and pace at real time. */
        loop: z.boolean().default(false),
        realtime: z.boolean().default(true),
      })
      .strict(),
    record: z
      .object({
        url: streamUrl.optional(),
        segmentSeconds: z.number().min(1).max(60).default(4),
        /** How much of the record stream the segment cache keeps, for clips of recent events. */
        cacheMinutes: z.number().positive().max(24 * 60).default(10),
        cacheMaxBytes: z.number().int().positive().default(512 * 1024 * 1024),
      })
      .strict()
      .default({ segmentSeconds: 4, cacheMinutes: 10, cacheMaxBytes: 512 * 1024 * 1024 }),
    watchdog: z
      .object({
        /**
         * No frame for this long means the stream is dead. 20 s covers an I-frame interval of up
         * to 10 s on a slow sub-stream twice over, without leaving a camera blind for minutes.
         */
        noFrameSeconds: z.number().min(2).max(600).default(20),
        backoffInitialSeconds: z.number().positive().max(60).default(1),
        backoffMaxSeconds: z.number().positive().max(3_600).default(60),
      })
      .strict()
      .default({ noFrameSeconds: 20, backoffInitialSeconds: 1, backoffMaxSeconds: 60 }),
    motion: z
      .object({
        enabled: z.boolean().default(true),
        /** Fraction of changed pixels (in a downscaled grey frame) that counts as motion. */
        threshold: z.number().positive().max(1).default(0.002),
        /** A full detection at least this often keeps stationary objects tracked. */
        forceDetectSeconds: z.number().positive().max(60).default(2),
      })
      .strict()
      .default({ enabled: true, threshold: 0.002, forceDetectSeconds: 2 }),
    /** Detect on the bounding box of the zones instead of the whole frame (small, far objects). */
    crop: z.enum(['none', 'zones']).default('none'),
    zones: z.array(zoneSchema).default([]),
  })
  .strict()
  .superRefine((camera, ctx) => {
    uniqueIds(camera.zones, ['zones'], ctx);
  });
export type CameraConfig = z.infer<typeof cameraSchema>;


export function uniqueIds(items: readonly { id: string }[], path: (string | number)[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, index);
    else ctx.addIssue({ code: 'custom', path: [...path, index, 'id'], message: `duplicate id "${item.id}" (also at ${path.join('.')}[${first}])` });
  });
}
