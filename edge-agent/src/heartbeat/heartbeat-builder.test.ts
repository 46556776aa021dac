import { agentHeartbeatV1 } from '@wardwatch/contracts';
import { describe, expect, it } from 'vitest';
import { buildHeartbeat } from './heartbeat-builder.js';

describe('buildHeartbeat', () => {
  const identity = { agentId: 'agent-1', ward: 'hang-bong', agentVersion: '0.1.0', startedAtMs: Date.parse('2025-03-09T07:00:00Z') };

  it('reports uptime, outbox depth and each camera, and fits the contract', () => {
    const beat = buildHeartbeat(identity, { outboxPending: 4, configVersion: 'abc', cameras: [{ id: 'cam-1', name: 'A', state: 'up', fps: 4.98765, restarts: 1 }] }, Date.parse('2025-03-09T07:01:30Z'));
    expect(agentHeartbeatV1.parse(beat)).toMatchObject({ uptimeSeconds: 90, outboxPending: 4, configVersion: 'abc', sentAt: '2025-03-09T07:01:30.000Z', cameras: [{ fps: 4.99 }] });
  });

  it('carries the managed config version label the agent runs', () => {
    const beat = buildHeartbeat(identity, { outboxPending: 0, configVersion: 'v7', cameras: [] }, identity.startedAtMs);
    expect(agentHeartbeatV1.parse(beat).configVersion).toBe('v7');
  });

  it('redacts credentials in camera errors and cuts them to the contract length', () => {
    const beat = buildHeartbeat(identity, { outboxPending: 0, cameras: [{ id: 'cam-1', name: 'A', state: 'down', fps: 0, restarts: 9, lastError: `rtsp://admin:s3cret@10.0.0.2/main ${'x'.repeat(600)}` }] }, identity.startedAtMs);
    const error = beat.cameras[0]?.lastError ?? '';
    expect(error).not.toContain('s3cret');
    expect(error.length).toBe(500);
    expect(agentHeartbeatV1.safeParse(beat).success).toBe(true);
  });
});
