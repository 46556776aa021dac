import type { AgentHeartbeat, CameraHealth } from '@wardwatch/contracts';
import { redactText } from '../config/redact.js';

/** What the agent reports about itself; the camera supervisor fills `cameras`. */
export interface AgentHealthSnapshot {
  cameras: CameraHealth[];
  outboxPending: number;
  configVersion?: string;
}

export interface HeartbeatIdentity {
  agentId: string;
  ward: string;
  agentVersion: string;
  startedAtMs: number;
}

/** One heartbeat; camera errors are redacted and cut to the contract's 500 characters. */
export function buildHeartbeat(identity: HeartbeatIdentity, health: AgentHealthSnapshot, nowMs: number): AgentHeartbeat {
  const heartbeat: AgentHeartbeat = {
    version: 1,
    agentId: identity.agentId,
    ward: identity.ward,
    agentVersion: identity.agentVersion,
    sentAt: new Date(nowMs).toISOString(),
    uptimeSeconds: Math.max(0, Math.round((nowMs - identity.startedAtMs) / 1000)),
    outboxPending: health.outboxPending,
    cameras: health.cameras.map((camera) => {
      const out: CameraHealth = { ...camera, fps: Math.max(0, Math.round(camera.fps * 100) / 100) };
      if (camera.lastError !== undefined) out.lastError = redactText(camera.lastError).slice(0, 500);
      return out;
    }),
  };
  if (health.configVersion !== undefined) heartbeat.configVersion = health.configVersion;
  return heartbeat;
}
