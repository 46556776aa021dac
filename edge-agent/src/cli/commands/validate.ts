import { parseArgs } from 'node:util';
import { ConfigError, loadAgentFile } from '../../config/index.js';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check an agent config file and list every problem in it',
  help: `Usage: edge-agent validate --config FILE

Reads the YAML config, checks every key, and prints "ok" or one line per problem
(with its path, e.g. cameras[1].zones[0].polygon). Exit code 0 when valid, 2 otherwise.
A file without \`cameras\` is checked as the local settings of an agent whose cameras come
from the console (see edge-agent run --help).

Example:
  edge-agent validate --config /etc/wardwatch/agent.yaml`,
  async run(args) {
    const { values } = parseArgs({ args, options: { config: { type: 'string', short: 'c' } }, strict: true });
    if (!values.config) {
      process.stderr.write('validate: --config FILE is required\n');
      return ExitCode.usage;
    }
    try {
      const file = await loadAgentFile(values.config);
      if (file.kind === 'settings') {
        process.stdout.write('ok (agent settings only: the cameras come from the console)\n');
        return ExitCode.ok;
      }
      const { config } = file;
      const zones = config.cameras.reduce((sum, camera) => sum + camera.zones.length, 0);
      process.stdout.write(`ok (${config.cameras.length} camera${config.cameras.length === 1 ? '' : 's'}, ${zones} zone${zones === 1 ? '' : 's'})\n`);
      return ExitCode.ok;
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
        return ExitCode.usage;
      }
      throw error;
    }
  },
};
