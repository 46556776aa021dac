import type { Db } from '../tables.js';
import { TargetRefused } from './copy-errors.js';
import { finishOf, type TargetState } from './copy-marker.js';
import { batchSizeFor, COPIED_TABLES, SKIPPED_TABLES, targetColumns } from './copy-plan.js';
import { counted } from './copy-wording.js';
import { countRows, digestTable } from './verify-copy.js';

/*
 * After the move the console runs on PostgreSQL and records new work there. Running the same
 * migrate again (from the shell history, say) must neither write to that target nor advise
 * emptying it. A finished copy is compared with the state it was verified in: any change means a
 * console runs on it. A copy whose finish was never recorded (an older release, or one that did
 * not verify) counts as moved on when it holds rows the SQLite console lacks. Sign-in sessions,
 * which the copy never writes, mean people signed in on it.
 */

const KEEP_IT = 'do not empty the target; run the console with DATABASE_URL set to this URL.';

/** Throws TargetRefused when the target has moved on; reads only. */
export async function refuseMovedOn(source: Db, target: Db, state: TargetState, batchRows: number): Promise<void> {
  if (state.marker.length === 0) return;
  const finish = finishOf(state);
  const lacking: string[] = [];
  const changed: string[] = [];
  for (const table of COPIED_TABLES) {
    if (!state.tables.has(table.name)) continue;
    const [rows, sourceRows] = await Promise.all([countRows(target, table.name), countRows(source, table.name)]);
    if (rows > sourceRows) lacking.push(`${table.name} has ${counted(rows, 'row')}, the SQLite console ${sourceRows}`);
    const verified = finish?.verified.get(table.name);
    if (!verified) continue;
    if (rows !== verified.rows) {
      changed.push(table.name);
      continue;
    }
    const columns = await targetColumns(target, table.name);
    if ((await digestTable(target, table, columns, batchSizeFor(columns, batchRows))).digest !== verified.digest) changed.push(table.name);
  }
  const signedIn: string[] = [];
  for (const { name } of SKIPPED_TABLES) if (state.tables.has(name) && (await countRows(target, name)) > 0) signedIn.push(name);

  const evidence = [
    ...(lacking.length > 0 ? [`it has rows the SQLite console lacks: ${lacking.join('; ')}`] : []),
    ...(signedIn.length > 0 ? ['people have signed in on it'] : []),
  ];
  if (finish) {
    if (changed.length === 0 && signedIn.length === 0) return;
    const why = evidence.length > 0 ? evidence.join('; ') : `its rows changed in ${changed.join(', ')}`;
    throw new TargetRefused(`the target has moved on since the copy finished on ${finish.finishedAt} (${why}: a console runs on it). Nothing was written. The move is done: ${KEEP_IT}`);
  }
  if (evidence.length === 0) return;
  const lastWrite = state.marker.reduce((last, r) => (r.updated_at > last ? r.updated_at : last), '');
  throw new TargetRefused(
    `the target has moved on since the copy last wrote to it on ${lastWrite} (${evidence.join('; ')}: a console has run on it, ` +
      `or the SQLite console deleted rows that were copied). Nothing was written. If a console runs on it, the move is done: ${KEEP_IT}`,
  );
}
