import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { createAgentRequest } from '../../api/api-types.js';
import { parseRequest } from '../../http/validate.js';
import { reportUsage, UsageError, withRuntime } from '../command-context.js';

const HELP = `Usage:
  review-console agents add --id A --ward W     registers the agent and prints its token (once)
  review-console agents revoke --id A
  review-console agents list

The token authenticates the agent's evidence uploads; give it to the agent as console.token in
its config or WARDWATCH_AGENT_TOKEN. Only a hash is stored: running "add" again for the same id
prints a new token and the old one stops working. An agent can publish only for its own ward.

Example:
  review-console agents add --id hk-agent-1 --ward hoan-kiem`;

export const agentsCommand: Command = {
  name: 'agents',
  summary: 'Manage agent tokens (agents add --id A --ward W)',
  help: HELP,
  async run(args) {
    try {
      const [action, ...rest] = args;
      const { values } = parseArgs({ args: rest, options: { id: { type: 'string' }, ward: { type: 'string' }, quiet: { type: 'boolean' } }, strict: true });
      switch (action) {
        case 'add': {
          const request = parseRequest(createAgentRequest, { id: values.id, ward: values.ward }, 'agent');
          return await withRuntime(async ({ services }) => {
            const { agent, token } = await services.agents.add(null, request.id, request.ward);
            // --quiet prints the bare token, for scripts: TOKEN=$(review-console agents add ... --quiet)
            if (values.quiet) process.stdout.write(`${token}\n`);
            else process.stdout.write(`agent ${agent.id} (ward ${agent.ward}) registered.\ntoken: ${token}\nKeep it secret; it is not shown again.\n`);
            return ExitCode.ok;
          });
        }
        case 'revoke': {
          if (!values.id) throw new UsageError('--id is required');
          const id = values.id;
          return await withRuntime(async ({ services }) => {
            await services.agents.revoke(null, id);
            process.stdout.write(`agent ${id} revoked\n`);
            return ExitCode.ok;
          });
        }
        case 'list':
          return await withRuntime(async ({ services }) => {
            for (const a of await services.agents.list()) process.stdout.write(`${a.id}\t${a.ward}\t${a.revokedAt ? 'revoked' : 'active'}\n`);
            return ExitCode.ok;
          });
        default:
          throw new UsageError(`unknown action "${action ?? ''}"\n\n${HELP}`);
      }
    } catch (error) {
      const code = reportUsage('agents', error);
      if (code !== null) return code;
      throw error;
    }
  },
};
