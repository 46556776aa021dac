import { describe, expect, it, vi } from 'vitest';
import { dispatch, ExitCode, type Command } from './command.js';

function capture(): { out: string[]; err: string[]; restore(): void } {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
  return { out, err, restore: () => (o.mockRestore(), e.mockRestore()) };
}

const commands: Command[] = [
  { name: 'run', summary: 'Run it', help: 'Usage: x run --config F', run: async (args) => (args.length === 0 ? 0 : 1) },
];

describe('CLI dispatch', () => {
  it.each([
    [[], ExitCode.usage, /Usage: x <command>[\s\S]*run\s+Run it/],
    [['--help'], ExitCode.ok, /Commands:/],
    [['run', '--help'], ExitCode.ok, /Usage: x run --config F/],
    [['run'], ExitCode.ok, /^$/],
    [['nope'], ExitCode.usage, /unknown command "nope"/],
  ])('x %j exits %i', async (argv, code, text) => {
    const io = capture();
    try {
      expect(await dispatch('x', 'test program', commands, argv)).toBe(code);
    } finally {
      io.restore();
    }
    expect(io.out.join('') + io.err.join('')).toMatch(text);
  });
});
