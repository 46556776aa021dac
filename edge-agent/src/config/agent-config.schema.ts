import { ruleTypes, slugId } from '@wardwatch/contracts';
import { z } from 'zod';

/*
 * The agent's YAML config. Every object is strict so that a typo ("gracSeconds") is an error,
 * not a silently ignored key. Defaults are chosen for a Hanoi street camera on a sub-stream at
 * 5 fps; README.md documents each one.
 */

const point = z.tuple([z.number().min(0, 'must be inside the frame (0..1)').max(1, 'must be inside the frame (0..1)'), z.number().min(0, 'must be inside the frame (0..1)').max(1, 'must be inside the frame (0..1)')]);

export const polygonSchema = z.array(point).min(3, 'a polygon needs at least 3 points');

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
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
  .refine((value) => !/^[a-z][a-z0-9+.-]*:\/\//i.test(value) || /^(rtsp|rtsps|rtmp|http|https|file|udp|srt):\/\//i.test(value), {
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

export const agentConfigSchema = z
  .object({
    agent: z
      .object({
        id: slugId,
        ward: slugId,
        httpPort: z.number().int().min(0).max(65_535).default(9464),
        httpHost: z.string().min(1).default('127.0.0.1'),
        timezone: z.string().min(1).default('Asia/Ho_Chi_Minh'),
        /** Segment cache and (by default) the outbox live here. */
        dataDir: z.string().min(1).default('./data/agent'),
        heartbeatSeconds: z.number().positive().max(3_600).default(15),
      })
      .strict(),
    console: z
      .object({ url: z.url(), token: z.string().min(1).optional() })
      .strict()
      .optional(),
    redis: z
      .object({
        url: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
        /** BullMQ key prefix; must match the console's QUEUE_PREFIX (both default to `bull`). */
        prefix: z.string().min(1).max(64).optional(),
      })
      .strict()
      .optional(),
    model: z
      .object({
        /** A manifest name under models/ (e.g. `yolox_nano`) or a path to a manifest JSON file. */
        manifest: z.string().min(1).default('yolox_nano'),
        scoreThreshold: z.number().min(0).max(1).default(0.3),
        nmsIou: z.number().gt(0).max(1).default(0.45),
        perClassThresholds: z.record(z.string(), z.number().min(0).max(1)).default({}),
      })
      .strict()
      .default({ manifest: 'yolox_nano', scoreThreshold: 0.3, nmsIou: 0.45, perClassThresholds: {} }),
    detector: z
      .object({
        /** Inference sessions in worker threads; `auto` = one per core. */
        workers: z.union([z.literal('auto'), z.number().int().min(1).max(64)]).default('auto'),
        intraOpThreads: z.number().int().min(1).max(64).default(1),
      })
      .strict()
      .default({ workers: 'auto', intraOpThreads: 1 }),
    evidence: z
      .object({
        preSeconds: z.number().min(0).max(120).default(5),
        postSeconds: z.number().min(0).max(120).default(5),
        /** A long stay is cut to its start and its trigger, each at most this long. */
        maxPartSeconds: z.number().positive().max(600).default(20),
      })
      .strict()
      .default({ preSeconds: 5, postSeconds: 5, maxPartSeconds: 20 }),
    outbox: z
      .object({
        dir: z.string().min(1).optional(),
        maxBytes: z.number().int().positive().default(2 * 1024 * 1024 * 1024),
      })
      .strict()
      .default({ maxBytes: 2 * 1024 * 1024 * 1024 }),
    cameras: z.array(cameraSchema).min(1, 'at least one camera is needed'),
  })
  .strict()
  .superRefine((config, ctx) => {
    uniqueIds(config.cameras, ['cameras'], ctx);
  });

export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type AgentConfigInput = z.input<typeof agentConfigSchema>;

function uniqueIds(items: readonly { id: string }[], path: (string | number)[], ctx: z.RefinementCtx): void {
  const seen = new Map<string, number>();
  items.forEach((item, index) => {
    const first = seen.get(item.id);
    if (first === undefined) seen.set(item.id, index);
    else ctx.addIssue({ code: 'custom', path: [...path, index, 'id'], message: `duplicate id "${item.id}" (also at ${path.join('.')}[${first}])` });
  });
}
