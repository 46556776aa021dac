import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

export interface AgentStatus {
  agentId: string;
  ward: string;
  configVersion: string;
  delivery: { publishing: boolean; heartbeats: boolean };
  console?: { mode: string; state: string; latestVersion?: number; runningVersion: number; lastError?: string };
  cameras: { id: string; name: string; state: string; restarts: number }[];
}

/** The local settings file of a managed agent: no cameras, one detector worker, quick heartbeats. */
export async function writeSettings(path: string, options: { httpPort: number; dataDir: string }): Promise<void> {
  await writeFile(
    path,
    stringify({
      agent: { httpPort: options.httpPort, dataDir: options.dataDir, heartbeatSeconds: 2 },
      detector: { workers: 1 },
      evidence: { preSeconds: 3, postSeconds: 2 },
    }),
  );
}

export async function agentStatus(httpPort: number): Promise<AgentStatus> {
  return (await (await fetch(`http://127.0.0.1:${httpPort}/status`)).json()) as AgentStatus;
}
