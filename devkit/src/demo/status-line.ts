/** What the demo prints every few seconds: cameras up, measured fps, violations delivered. */
export interface DemoStatus {
  camerasUp: number;
  cameras: number;
  fps: number[];
  delivered: number;
  pending: number;
}

interface AgentStatusJson {
  cameras?: { state?: string; fps?: number }[];
}

/** Reads the agent's /status and /metrics; a failure shows as "agent not answering". */
export async function readDemoStatus(agentUrl: string): Promise<DemoStatus | undefined> {
  try {
    const [status, metrics] = await Promise.all([
      fetch(`${agentUrl}/status`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.json() as Promise<AgentStatusJson>),
      fetch(`${agentUrl}/metrics`, { signal: AbortSignal.timeout(2_000) }).then((r) => r.text()),
    ]);
    const cameras = status.cameras ?? [];
    return {
      camerasUp: cameras.filter((c) => c.state === 'up').length,
      cameras: cameras.length,
      fps: cameras.map((c) => c.fps ?? 0),
      delivered: sumMetric(metrics, 'wardwatch_violations_published_total'),
      pending: sumMetric(metrics, 'wardwatch_outbox_pending'),
    };
  } catch {
    // The agent is starting or restarting; the line says so.
    return undefined;
  }
}

export function formatDemoStatus(status: DemoStatus | undefined): string {
  if (!status) return 'agent not answering yet…';
  const fps = status.fps.map((f) => f.toFixed(1)).join('/');
  return `cameras up ${status.camerasUp}/${status.cameras} · fps ${fps || '-'} · violations sent ${status.delivered} · waiting ${status.pending}`;
}

/** Sums every sample of a Prometheus counter or gauge in text exposition format. */
export function sumMetric(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return sum;
}
