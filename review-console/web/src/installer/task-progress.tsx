import type { ReactNode } from 'react';
import { SiteErrorBanner } from './site-error.js';
import type { AgentTaskState } from './use-agent-task.js';

/**
 * What an agent task (a camera test, a camera search) shows until the agent has answered:
 * nothing before it starts, the console's refusal, or a line saying who it waits for. Undefined
 * once there is an answer, which the caller shows in its own words.
 */
export function taskProgress<View>(state: AgentTaskState<View>, words: { starting: string; waitingAgent: string }): ReactNode | undefined {
  if (state.phase === 'idle') return null;
  if (state.phase === 'error') return <SiteErrorBanner error={state.error} />;
  if (state.phase === 'waiting') {
    return (
      <p className="probe probe--waiting" role="status">
        {state.view ? words.waitingAgent : words.starting}
      </p>
    );
  }
  return undefined;
}
