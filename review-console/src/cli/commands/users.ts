import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { createUserRequest, updateUserRequest } from '../../api/api-types.js';
import { parseRequest } from '../../http/validate.js';
import { readStdin, reportUsage, UsageError, withRuntime } from '../command-context.js';

const HELP = `Usage:
  review-console users add --username U --role R [--ward W ...] [--district D] --password-stdin
  review-console users set-password --username U --password-stdin
  review-console users disable --username U
  review-console users list

Roles: officer (needs --ward; sees only those wards), supervisor (--district D and/or --ward),
installer (cameras and agents, no case data), admin. The password is read from standard input
(at least 10 characters) so it never appears in the shell history or the process list.

Example:
  printf '%s' "$PW" | review-console users add --username lan --role officer --ward hoan-kiem --password-stdin`;

export const usersCommand: Command = {
  name: 'users',
  summary: 'Manage users (users add --username U --role R --ward W --password-stdin)',
  help: HELP,
  async run(args) {
    try {
      const [action, ...rest] = args;
      const { values } = parseArgs({
        args: rest,
        options: { username: { type: 'string' }, role: { type: 'string' }, ward: { type: 'string', multiple: true }, district: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
        strict: true,
      });
      const needPassword = async () => {
        if (!values['password-stdin']) throw new UsageError('pass --password-stdin and pipe the password in');
        return readStdin();
      };
      switch (action) {
        case 'add': {
          const request = parseRequest(createUserRequest, { username: values.username, role: values.role, wards: values.ward ?? [], districtId: values.district, password: await needPassword() }, 'user');
          return await withRuntime(async ({ services }) => {
            const user = await services.admin.createUser(null, request);
            process.stdout.write(`created ${user.role} ${user.username}${user.wards.length ? ` (wards: ${user.wards.join(', ')})` : ''}${user.districtId ? ` (district: ${user.districtId})` : ''}\n`);
            return ExitCode.ok;
          });
        }
        case 'set-password':
        case 'disable': {
          if (!values.username) throw new UsageError('--username is required');
          const change = parseRequest(updateUserRequest, action === 'disable' ? { disabled: true } : { password: await needPassword() }, 'change');
          return await withRuntime(async ({ services }) => {
            const user = (await services.admin.listUsers()).find((u) => u.username === values.username);
            if (!user) {
              process.stderr.write(`review-console users: no user named ${values.username}\n`);
              return ExitCode.failure;
            }
            await services.admin.updateUser(null, user.id, change);
            process.stdout.write(`${action === 'disable' ? 'disabled' : 'password changed for'} ${user.username}; their sessions were ended\n`);
            return ExitCode.ok;
          });
        }
        case 'list':
          return await withRuntime(async ({ services }) => {
            for (const u of await services.admin.listUsers()) {
              process.stdout.write(`${u.username}\t${u.role}\t${u.wards.join(',') || '-'}\t${u.districtId ?? '-'}${u.disabled ? '\tdisabled' : ''}\n`);
            }
            return ExitCode.ok;
          });
        default:
          throw new UsageError(`unknown action "${action ?? ''}"\n\n${HELP}`);
      }
    } catch (error) {
      const code = reportUsage('users', error);
      if (code !== null) return code;
      throw error;
    }
  },
};
