import { HEARTBEATS_QUEUE, type AgentHeartbeat, type CameraHealth } from '@wardwatch/contracts';
import { signHeartbeat } from '@wardwatch/contracts/agent-signature';
import { Queue } from 'bullmq';

export interface AgentCameras {
  agentId: string;
  ward: string;
  /** The agent's console token: the heartbeat is signed with it, as the agent signs it. */
  token: string;
  cameras: CameraHealth[];
}

/** Sends one heartbeat per agent the way an edge agent does, signed, through the real queue. */
export async function sendHeartbeats(redisUrl: string, prefix: string, agents: AgentCameras[], now = new Date()): Promise<void> {
  const queue = new Queue(HEARTBEATS_QUEUE, { connection: { url: redisUrl }, prefix });
  try {
    for (const agent of agents) {
      const beat: AgentHeartbeat = {
        version: 1,
        agentId: agent.agentId,
        ward: agent.ward,
        agentVersion: '0.1.0',
        sentAt: now.toISOString(),
        uptimeSeconds: 3_600,
        outboxPending: 0,
        cameras: agent.cameras,
      };
      await queue.add(HEARTBEATS_QUEUE, signHeartbeat(beat, agent.token));
    }
  } finally {
    await queue.close();
  }
}
