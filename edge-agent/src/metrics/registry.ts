import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One Registry per process, passed to every component that records metrics; never the global
 * default, so tests can build as many agents as they like in one process.
 */
export function createRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? false) collectDefaultMetrics({ register: registry, prefix: 'wardwatch_agent_' });
  return registry;
}
