import { parseArgs } from 'node:util';
import { ExitCode, type Command } from '@wardwatch/contracts/cli';
import { createWardRequest } from '../../api/api-types.js';
import { parseRequest } from '../../http/validate.js';
import { reportUsage, UsageError, withRuntime } from '../command-context.js';

const HELP = `Usage:
  review-console wards add --id W --name N [--district D]
  review-console wards list

A district is a group of wards that a supervisor oversees; it is created when first named.
Re-running "wards add" for an existing ward renames it or moves it to another district.

Example:
  review-console wards add --id hoan-kiem --name "Phường Hoàn Kiếm" --district trung-tam`;

export const wardsCommand: Command = {
  name: 'wards',
  summary: 'Manage wards and districts (wards add --id W --name N [--district D])',
  help: HELP,
  async run(args) {
    try {
      const [action, ...rest] = args;
      const { values } = parseArgs({ args: rest, options: { id: { type: 'string' }, name: { type: 'string' }, district: { type: 'string' } }, strict: true });
      if (action === 'add') {
        const request = parseRequest(createWardRequest, { id: values.id, name: values.name, districtId: values.district }, 'ward');
        return await withRuntime(async ({ services }) => {
          const { ward, created } = await services.admin.upsertWard(null, request);
          process.stdout.write(`${created ? 'created' : 'updated'} ward ${ward.id} (${ward.name})${ward.districtId ? ` in district ${ward.districtId}` : ''}\n`);
          return ExitCode.ok;
        });
      }
      if (action === 'list') {
        return await withRuntime(async ({ services }) => {
          for (const w of await services.admin.listWards()) process.stdout.write(`${w.id}\t${w.name}\t${w.districtId ?? '-'}\n`);
          return ExitCode.ok;
        });
      }
      throw new UsageError(`unknown action "${action ?? ''}"\n\n${HELP}`);
    } catch (error) {
      const code = reportUsage('wards', error);
      if (code !== null) return code;
      throw error;
    }
  },
};
