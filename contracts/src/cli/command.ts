/** The CLI conventions both WardWatch programs share: subcommands, help text, exit codes. */
/** One CLI subcommand. `run` returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  /** Full help text: usage line, options, an example. */
  help: string;
  run(args: string[]): Promise<number>;
}

/** Exit codes shared by both CLIs. */
export const ExitCode = {
  ok: 0,
  failure: 1,
  /** Bad usage or bad config. */
  usage: 2,
} as const;

export function renderHelp(program: string, description: string, commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${program} — ${description}`,
    '',
    `Usage: ${program} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run "${program} <command> --help" for a command's options.`,
    '',
  ].join('\n');
}

/** Dispatches argv to a command; handles --help at both levels. */
export async function dispatch(program: string, description: string, commands: readonly Command[], argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(renderHelp(program, description, commands));
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`${program}: unknown command "${name}"\n\n${renderHelp(program, description, commands)}`);
    return ExitCode.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help.trimEnd()}\n`);
    return ExitCode.ok;
  }
  return command.run(rest);
}
