import { readdir, readFile } from 'node:fs/promises';

/** Every live descendant of `rootPid` (Linux /proc), with its command line, for leak checks. */
export async function descendants(rootPid: number = process.pid): Promise<{ pid: number; cmd: string }[]> {
  const parents = new Map<number, number>();
  const commands = new Map<number, string>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the parenthesised command name, which may itself contain spaces.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      parents.set(Number(entry), Number(fields[1]));
      commands.set(Number(entry), (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replace(/\0/g, ' ').trim());
    } catch {
      // The process ended while we looked: it is not a descendant any more.
    }
  }
  const out: { pid: number; cmd: string }[] = [];
  const walk = (pid: number) => {
    for (const [child, parent] of parents) {
      if (parent === pid) {
        out.push({ pid: child, cmd: commands.get(child) ?? '' });
        walk(child);
      }
    }
  };
  walk(rootPid);
  return out;
}
