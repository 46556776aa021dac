import { useCallback } from 'react';
import type { DiscoveryRequest, DiscoveryView, ProbeRequest, ProbeView } from '../api/types.js';
import { useApi } from '../session/session-context.js';
import { useAgentTask, type AgentTaskState } from './use-agent-task.js';

export type ProbeState = AgentTaskState<ProbeView>;
export type DiscoveryState = AgentTaskState<DiscoveryView>;

/** Asks the agent to test a stream and follows the test until it answers ok, failed or expired. */
export function useProbe(agentId: string): { state: ProbeState; start: (request: ProbeRequest) => void } {
  const api = useApi();
  const begin = useCallback((request: ProbeRequest) => api.installer.startProbe(agentId, request), [api, agentId]);
  const look = useCallback((id: string) => api.installer.probe(agentId, id), [api, agentId]);
  return useAgentTask(begin, look);
}

/** Asks the agent to find ONVIF cameras on its network and follows the search until it answers. */
export function useDiscovery(agentId: string): { state: DiscoveryState; start: (request: DiscoveryRequest) => void } {
  const api = useApi();
  const begin = useCallback((request: DiscoveryRequest) => api.installer.startDiscovery(agentId, request), [api, agentId]);
  const look = useCallback((id: string) => api.installer.discovery(agentId, id), [api, agentId]);
  return useAgentTask(begin, look);
}
