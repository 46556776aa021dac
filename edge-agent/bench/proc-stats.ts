import { readFile } from 'node:fs/promises';

/** The /proc stat files of these child processes. */
export const processStats = (pids: readonly (number | undefined)[]): string[] => pids.flatMap((pid) => (pid === undefined ? [] : [`/proc/${pid}/stat`]));
/** The /proc stat files of this process's threads with these kernel ids (the detector workers). */
export const threadStats = (threadIds: readonly number[]): string[] => threadIds.map((tid) => `/proc/self/task/${tid}/stat`);

/** utime + stime summed over /proc stat files, of processes or threads (Linux, clock ticks of 10 ms); 0 for each one not available. */
export async function cpuMsOf(statFiles: readonly string[]): Promise<number> {
  const each = await Promise.all(
    statFiles.map(async (file) => {
      try {
        const stat = await readFile(file, 'utf8');
        // Fields after the ")" that ends the command name: utime and stime are the 12th and 13th.
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) * 10;
      } catch {
        // The process or thread ended, or this is not Linux: count nothing rather than guess.
        return 0;
      }
    }),
  );
  return each.reduce((a, b) => a + b, 0);
}
