import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { IngestRun } from './ingest-run.js';

describe('IngestRun', () => {
  it('an ffmpeg that cannot be executed at all rejects the start and leaves no socket or descriptor behind', async () => {
    // A path through a file: exec fails with ENOTDIR, which spawn() throws at once (as it does
    // ENOEXEC or ETXTBSY, e.g. while ffmpeg is being upgraded).
    const options = { frameBytes: 12, secrets: [], binary: '/etc/passwd/ffmpeg', onFrame: () => undefined };
    await expect(IngestRun.start(options, () => ['-version'])).rejects.toThrow(/ENOTDIR/);
    const before = (await readdir('/proc/self/fd')).length;
    for (let i = 0; i < 20; i++) await expect(IngestRun.start(options, () => ['-version'])).rejects.toThrow(/ENOTDIR/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // A camera whose ffmpeg cannot run is retried for months: each attempt must give back all it took.
    expect((await readdir('/proc/self/fd')).length).toBeLessThanOrEqual(before);
  });
});
