import { resolve } from 'node:path';
import { managedVersionLabel, type ManagedConfig, type ParseResult } from '@wardwatch/contracts';
import { DEFAULT_SYNC_SECONDS, localSettingsSchema, type AgentConfig, type LocalSettings } from '../config/agent-config.schema.js';
import { ConfigError, loadAgentFile, type AgentFile, type ConfigEnv } from '../config/load-config.js';
import { redactUrl } from '../config/redact.js';
import type { Logger } from '../log/logger.js';
import { ConsoleClient, ConsoleRequestError } from './console-client.js';
import { enrolAtStart, readEnrolment, type Enrolment } from './enrolment.js';
import { buildManagedAgentConfig, type ConsoleLink, type ManagedIdentity } from './managed-agent-config.js';
import { cacheConfig, readCachedConfig } from './managed-config-cache.js';
import { parseManagedConfig, parseSyncAnswer, type SyncAnswer } from './sync-answer.js';

export interface StartOptions {
  configPath?: string | undefined;
  consoleUrl?: string | undefined;
  enrolmentToken?: string | undefined;
  dataDir?: string | undefined;
  env: ConfigEnv & { WARDWATCH_ENROL_TOKEN?: string | undefined };
  logger: Logger;
}

/** The command line cannot work as given (exit 2); the message says what to change. */
export class StartUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartUsageError';
  }
}

/** How the agent talks to its console once it runs. */
export interface LinkPlan {
  client: ConsoleClient;
  /** managed: the console's cameras run here; local: the local file's cameras win. */
  mode: 'managed' | 'local';
  intervalMs: number;
  /** The managed version the agent starts with (0: none). */
  have: number;
  /** The answer of the sync made before starting (its probes still need running). */
  first: SyncAnswer | undefined;
  /** The AgentConfig for a managed config (managed mode only). */
  build: (managed: ManagedConfig) => ParseResult<AgentConfig>;
  /** Remembers an applied managed config for the next start. */
  save: (managed: ManagedConfig) => Promise<void>;
  /** Folders whose files the console may probe (console.fileInputs of the local settings). */
  fileInputs: readonly string[];
}

export interface StartPlan {
  config: AgentConfig;
  /** `vN` when a managed config runs; undefined: the content hash. */
  configVersion: string | undefined;
  managed: boolean;
  link: LinkPlan | undefined;
  /** Reads the local file again for SIGHUP (local mode), completed as at start. */
  reloadLocal: (() => Promise<AgentConfig>) | undefined;
}

function absoluteOutbox<T extends { dir?: string | undefined }>(outbox: T): T {
  return outbox.dir === undefined ? outbox : { ...outbox, dir: resolve(outbox.dir) };
}

/**
 * Decides what `edge-agent run` starts with:
 *  - a local file with `cameras`: that file, as before (an enrolment, if any, only adds the
 *    console link, for probes and version reports);
 *  - otherwise a managed agent: enrol first when given a token (unless the saved enrolment came
 *    from it, or the console refuses it and an enrolment for that console is saved), then the console's config
 *    (asked for once now; when the console is down, the cached one, else no camera yet),
 *    merged with the local file's own settings.
 */
export async function planStart(options: StartOptions): Promise<StartPlan> {
  const { env, logger } = options;
  const file: AgentFile = options.configPath ? await loadAgentFile(options.configPath, env) : { kind: 'settings', settings: localSettingsSchema.parse({}) };
  // Resolved once, here, against the folder the agent was started in: ffmpeg reads the paths the
  // agent writes into a clip's segment list relative to that list's own folder, and the outbox
  // keeps paths for as long as a violation waits.
  const dataDir = resolve(options.dataDir ?? (file.kind === 'cameras' ? file.config.agent.dataDir : file.settings.agent.dataDir));
  // An empty variable is an unset one, as for the other settings taken from the environment.
  const consoleUrl = options.consoleUrl ?? (env.WARDWATCH_CONSOLE_URL || undefined);
  if (consoleUrl !== undefined) checkConsoleUrl(consoleUrl);
  const enrolmentToken = options.enrolmentToken ?? (env.WARDWATCH_ENROL_TOKEN || undefined);

  let enrolment: Enrolment | undefined;
  if (enrolmentToken) {
    const previous = await readEnrolment(dataDir).catch(() => undefined);
    const url = consoleUrl ?? previous?.consoleUrl;
    if (!url) throw new StartUsageError('--enrol TOKEN needs --console URL (or WARDWATCH_CONSOLE_URL): the console that issued the token');
    const outcome = await enrolAtStart({ consoleUrl: url, enrolmentToken, dataDir, previous });
    enrolment = outcome.enrolment;
    const who = { agentId: enrolment.agentId, ward: enrolment.ward, console: redactUrl(url) };
    if (outcome.kind === 'enrolled') {
      logger.info({ event: 'agent_enrolled', ...who }, `enrolled as ${enrolment.agentId} (ward ${enrolment.ward}); later starts need no token`);
    } else if (outcome.why === 'token_used_before') {
      logger.info({ event: 'enrolment_kept', why: outcome.why, ...who }, `the enrolment token was already used by this agent; keeping the saved enrolment as ${enrolment.agentId} (the token can be removed from its settings)`);
    } else {
      const words = outcome.why === 'refused' ? 'the enrolment token was already used' : 'the console cannot enrol this agent now';
      logger.warn({ event: 'enrolment_kept', why: outcome.why, reason: outcome.reason, ...who }, `${words}; keeping the saved enrolment as ${enrolment.agentId} (${outcome.reason ?? ''})`);
    }
  } else {
    enrolment = await readEnrolment(dataDir);
  }
  const fromEnrolment = (syncSeconds = DEFAULT_SYNC_SECONDS): ConsoleLink | undefined =>
    enrolment && { url: consoleUrl ?? enrolment.consoleUrl, token: enrolment.token, syncSeconds };

  if (file.kind === 'cameras') {
    const path = options.configPath!;
    // The file wins; an enrolment only fills in a console link (or its token) the file lacks.
    const complete = (config: AgentConfig): AgentConfig => {
      const enrolled = fromEnrolment(config.console?.syncSeconds);
      const console = config.console?.token || !enrolled ? config.console : { ...enrolled, url: config.console?.url ?? enrolled.url, fileInputs: config.console?.fileInputs ?? [] };
      return { ...config, agent: { ...config.agent, dataDir }, outbox: absoluteOutbox(config.outbox), ...(console ? { console } : {}) };
    };
    const config = complete(file.config);
    if (enrolment && enrolment.agentId !== config.agent.id) {
      logger.warn({ event: 'identity_mismatch', enrolledAs: enrolment.agentId, fileSays: config.agent.id }, `enrolled as ${enrolment.agentId} but the local file says agent.id ${config.agent.id}; the file wins`);
    }
    const console = config.console?.token ? { url: config.console.url, token: config.console.token, syncSeconds: config.console.syncSeconds } : undefined;
    if (console) logger.warn({ event: 'local_config_wins', file: path }, 'the local file lists cameras, so it wins: cameras and zones from the console are NOT used on this agent (remove `cameras` from the file to let the console manage them)');
    return {
      config,
      configVersion: undefined,
      managed: false,
      link: console && {
        client: new ConsoleClient({ url: console.url, token: console.token }),
        mode: 'local',
        intervalMs: console.syncSeconds * 1_000,
        have: 0,
        first: undefined,
        build: () => ({ ok: false, errors: ['the local file wins over the console'] }),
        save: () => Promise.resolve(),
        fileInputs: config.console?.fileInputs ?? [],
      },
      reloadLocal: async () => {
        const again = await loadAgentFile(path, env);
        if (again.kind !== 'cameras') throw new ConfigError(path, ['cameras: the file has no cameras any more; restart the agent to let the console manage them']);
        return complete(again.config);
      },
    };
  }

  const settings = file.settings;
  const fromFile = settings.console?.token ? { url: settings.console.url, token: settings.console.token, syncSeconds: settings.console.syncSeconds } : undefined;
  const console = fromEnrolment(settings.console?.syncSeconds) ?? fromFile;
  const identity: ManagedIdentity | undefined = enrolment ?? (settings.agent.id && settings.agent.ward ? { agentId: settings.agent.id, ward: settings.agent.ward } : undefined);
  if (!console || !identity) {
    throw new StartUsageError(
      console
        ? 'agent.id and agent.ward are needed in the file when the agent is not enrolled (or enrol it: --console URL --enrol TOKEN)'
        : 'nothing to run: give --config FILE with cameras, or enrol this agent with a console (--console URL --enrol TOKEN)',
    );
  }
  const withDataDir: LocalSettings = { ...settings, agent: { ...settings.agent, dataDir }, outbox: absoluteOutbox(settings.outbox) };
  const build = (managed: ManagedConfig | undefined): ParseResult<AgentConfig> => buildManagedAgentConfig({ settings: withDataDir, identity, console, managed, env });
  const save = (managed: ManagedConfig): Promise<void> => cacheConfig(dataDir, managed);
  const client = new ConsoleClient({ url: console.url, token: console.token });

  const cached = await readCachedConfig(dataDir, identity.agentId);
  if (!cached.ok) logger.warn({ event: 'managed_cache_ignored', problem: cached.problem }, `the cached console config is not used: ${cached.problem}`);
  let running = cached.ok ? cached.config : undefined;
  let first: SyncAnswer | undefined;
  try {
    const answer = parseSyncAnswer(await client.sync(running?.version ?? 0, running ? managedVersionLabel(running.version) : undefined));
    if (!answer.ok) throw new ConsoleRequestError('invalid_answer', `the console at ${client.displayUrl} sent a sync answer this agent does not understand (${answer.errors.slice(0, 3).join('; ')})`);
    first = answer.value;
    // A config with problems is left to the sync loop, which logs each problem once and keeps
    // the cached one (or none) running.
    const fetched = first.config === undefined ? undefined : parseManagedConfig(first.config);
    if (fetched?.ok && build(fetched.value).ok) {
      running = fetched.value;
      await save(running).catch((error: unknown) => logger.error({ event: 'managed_cache_failed', err: error }, 'cannot cache the console config'));
    }
  } catch (error) {
    if (!(error instanceof ConsoleRequestError)) throw error;
    logger.warn(
      { event: 'console_unreachable_at_start', reason: error.message, cachedVersion: running?.version },
      running ? `${error.message}; starting with the cached config v${running.version}` : `${error.message}; starting with no camera until the console answers`,
    );
  }
  let result = build(running);
  if (!result.ok && running) {
    // Local settings changed since that config was cached, in a way it cannot run with.
    for (const problem of result.errors) logger.error({ event: 'managed_config_problem', problem }, `cached console config problem: ${problem}`);
    running = undefined;
    result = build(undefined);
  }
  if (!result.ok) throw new ConfigError(options.configPath ?? 'settings', result.errors);
  return {
    config: result.value,
    configVersion: running ? managedVersionLabel(running.version) : undefined,
    managed: true,
    link: { client, mode: 'managed', intervalMs: console.syncSeconds * 1_000, have: running?.version ?? 0, first, build, save, fileInputs: settings.console?.fileInputs ?? [] },
    reloadLocal: undefined,
  };
}

/** An http(s) URL without credentials (fetch refuses those, and they would end up in logs). */
function checkConsoleUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StartUsageError('--console must be a URL such as https://console.example.vn');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new StartUsageError('--console must be an http:// or https:// URL');
  if (parsed.username || parsed.password) throw new StartUsageError(`--console must not carry a user or password (${redactUrl(url)}): the agent authenticates with its token`);
}
