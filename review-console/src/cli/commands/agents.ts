import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { createAgentRequest } from '../../api/api-types.js';
import { parseRequest } from '../../http/validate.js';
import { reportUsage, UsageError, withRuntime } from '../command-context.js';

const HELP = `Usage:
  review-console agents add --id A --ward W     registers the agent and prints its token (once)
  review-console agents enrol --id A [--ward W] prints a one-time enrolment token (24 h) for the agent
  review-console agents revoke --id A
  review-console agents list

"add" is for an agent configured by its own YAML file: the token authenticates its evidence
uploads; give it to the agent as console.token in its config or WARDWATCH_AGENT_TOKEN. Only a
hash is stored: running "add" again for the same id prints a new token and the old one stops
working. An agent can publish only for its own ward.

"enrol" is for an agent managed from the console (cameras and zones edited there): start it with
the console's URL and the printed token, which it trades once for its own token. --ward creates
the agent when it does not exist yet. A new enrolment token replaces any unused older one.

Examples:
  review-console agents add --id hk-agent-1 --ward hoan-kiem
  review-console agents enrol --id hk-agent-2 --ward hoan-kiem`;

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
        case 'enrol': {
          if (!values.id) throw new UsageError('--id is required');
          const request = parseRequest(createAgentRequest.partial({ ward: true }), { id: values.id, ward: values.ward }, 'agent');
          return await withRuntime(async ({ services }) => {
            const exists = (await services.agents.list()).some((a) => a.id === request.id);
            if (!exists && !request.ward) throw new UsageError(`there is no agent ${request.id}; add --ward W to create it`);
            const enrolment = exists ? await services.agents.issueEnrolment(null, request.id) : await services.agents.create(null, request.id, request.ward ?? '');
            if (values.quiet) process.stdout.write(`${enrolment.enrolmentToken}\n`);
            else {
              process.stdout.write(
                `agent ${enrolment.agent.id} (ward ${enrolment.agent.ward}): one-time enrolment token, valid until ${enrolment.expiresAt}:\n${enrolment.enrolmentToken}\n` +
                  'Start the agent with the console URL and this token; it is not shown again.\n',
              );
            }
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
