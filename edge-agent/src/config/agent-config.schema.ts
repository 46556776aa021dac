import { languages, slugId } from '@wardwatch/contracts';
import { redisAddress } from '@wardwatch/contracts/redis-address';
import { cameraSchema, uniqueIds } from '@wardwatch/contracts/site-config';
import { z } from 'zod';

/*
 * The agent's YAML config. The cameras, zones and rules are the site config shared with the
 * console and its zone editor (`@wardwatch/contracts/site-config`); this file adds the agent's
 * own sections. Every object is strict so that a typo is an error, not an ignored key.
 */

export {
  cameraSchema, polygonSchema, ruleSchema, scheduleSchema, zoneSchema,
  type CameraConfig, type RuleConfig, type ScheduleConfig, type Weekday, type ZoneConfig,
} from '@wardwatch/contracts/site-config';

const agentSection = z
  .object({
    id: slugId,
    ward: slugId,
    httpPort: z.number().int().min(0).max(65_535).default(9464),
    httpHost: z.string().min(1).default('127.0.0.1'),
    timezone: z.string().min(1).default('Asia/Ho_Chi_Minh'),
    /** The language of the words burnt into evidence snapshots (object names, "Vùng: <zone>"). */
    language: z.enum(languages).default('vi'),
    /** Segment cache and (by default) the outbox live here. */
    dataDir: z.string().min(1).default('./data/agent'),
    heartbeatSeconds: z.number().positive().max(3_600).default(15),
  })
  .strict();

/** How often an agent with a console asks it for a new config and for probe requests. */
export const DEFAULT_SYNC_SECONDS = 2;

/** Every section but `cameras`: also what a managed agent still takes from its local file. */
const sections = {
  agent: agentSection,
  console: z
    .object({
      url: z.url(),
      token: z.string().min(1).optional(),
      /**
       * 2 s (the default) makes a save in the zone editor reach the agent "within seconds"; a
       * sync without news is one small GET.
       */
      syncSeconds: z.number().min(0.2).max(3_600).default(DEFAULT_SYNC_SECONDS),
      /**
       * Folders whose files the console may use as camera inputs and probe (e.g. demo clips).
       * Default none: cameras and probes from the console must be network streams.
       */
      fileInputs: z.array(z.string().min(1)).default([]),
    })
    .strict()
    .optional(),
  redis: z
    .object({
      url: redisAddress,
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
      /**
       * Keep the camera's sound in the evidence (as AAC). Off by default: street audio is personal
       * data nobody asked for. Applies to what is recorded from the next start of each camera.
       */
      audio: z.boolean().default(false),
    })
    .strict()
    .default({ preSeconds: 5, postSeconds: 5, maxPartSeconds: 20, audio: false }),
  outbox: z
    .object({
      dir: z.string().min(1).optional(),
      maxBytes: z.number().int().positive().default(2 * 1024 * 1024 * 1024),
    })
    .strict()
    .default({ maxBytes: 2 * 1024 * 1024 * 1024 }),
};

export const agentConfigSchema = z
  .object({ ...sections, cameras: z.array(cameraSchema).min(1, 'at least one camera is needed') })
  .strict()
  .superRefine((config, ctx) => {
    uniqueIds(config.cameras, ['cameras'], ctx);
  });

/**
 * The same config for an agent whose cameras come from the console: a freshly enrolled agent
 * has none yet and must still start, serve /status and wait for its first config.
 */
export const managedAgentConfigSchema = z
  .object({ ...sections, cameras: z.array(cameraSchema) })
  .strict()
  .superRefine((config, ctx) => {
    uniqueIds(config.cameras, ['cameras'], ctx);
  });

/**
 * A local file without `cameras`, beside a console that manages them: the agent's own settings
 * (HTTP endpoint, data dir, model, detector, evidence, outbox). Identity comes from the
 * enrolment; `agent.id`/`ward` are only needed for an agent set up by hand with console.token.
 */
export const localSettingsSchema = z
  .object({
    agent: agentSection.partial({ id: true, ward: true }).default({
      httpPort: 9464, httpHost: '127.0.0.1', timezone: 'Asia/Ho_Chi_Minh', language: 'vi', dataDir: './data/agent', heartbeatSeconds: 15,
    }),
    console: sections.console,
    model: sections.model,
    detector: sections.detector,
    evidence: sections.evidence,
    outbox: sections.outbox,
  })
  .strict();

export type AgentConfig = z.infer<typeof agentConfigSchema>;
export type AgentConfigInput = z.input<typeof agentConfigSchema>;
export type LocalSettings = z.infer<typeof localSettingsSchema>;
