import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { password as passwordSchema } from '../../api/api-types.js';
import { parseRequest } from '../../http/validate.js';
import { seedDemo } from '../../seed/demo-seed.js';
import { readStdin, reportUsage, UsageError, withRuntime } from '../command-context.js';

export const seedCommand: Command = {
  name: 'seed',
  summary: 'Create demo wards and users (seed --demo)',
  help: `Usage: review-console seed --demo [--password-stdin] [--json]

Creates demo wards in central Hanoi (districts "trung-tam" and "phia-tay") and one user per role:
admin, giamsat (supervisor of trung-tam), canbo.hoankiem / canbo.cuanam / canbo.tayho (officers),
lapdat (installer), and prints their credentials. Passwords are random unless one shared
password is piped in with --password-stdin. Users that exist already are left unchanged.
--json prints the credentials as JSON (for scripts).

Example:
  review-console seed --demo`,
  async run(args) {
    try {
      const { values } = parseArgs({ args, options: { demo: { type: 'boolean' }, 'password-stdin': { type: 'boolean' }, json: { type: 'boolean' } }, strict: true });
      if (!values.demo) throw new UsageError('only demo data can be seeded: pass --demo');
      const password = values['password-stdin'] ? parseRequest(passwordSchema, await readStdin(), 'password') : undefined;
      return await withRuntime(async ({ services }) => {
        const credentials = await seedDemo(services, password === undefined ? {} : { password });
        if (values.json) {
          process.stdout.write(`${JSON.stringify(credentials)}\n`);
          return ExitCode.ok;
        }
        process.stdout.write('Demo wards: hoan-kiem, cua-nam, ba-dinh (district trung-tam), tay-ho (district phia-tay)\nDemo users:\n');
        for (const c of credentials) process.stdout.write(`  ${c.username.padEnd(16)} ${c.role.padEnd(10)} ${c.password ?? '(exists; password unchanged)'}\n`);
        return ExitCode.ok;
      });
    } catch (error) {
      const code = reportUsage('seed', error);
      if (code !== null) return code;
      throw error;
    }
  },
};
