/*
 * How the copy's counts and its verification's outcome are said to an operator: counts with
 * their noun in the right number, and, when the two sides differ, what happened and what to do,
 * which depends on which side has the rows the other lacks.
 */

/** `1 row`, `2 rows`, `0 tables`. */
export function counted(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

/** A verified table as the advice needs it. */
export interface TableOutcome {
  table: string;
  source: { rows: number };
  target: { rows: number };
  matches: boolean;
}

/** Where the copy went, to say how to start over. */
export interface TargetPlace {
  database: string;
  schema: string;
}

/**
 * What to do when the verification found `tables` differing. Rows PostgreSQL has and SQLite
 * lacks were written by a console on PostgreSQL: emptying the target would lose them, so that is
 * never suggested. Otherwise the SQLite console changed during the copy; a rerun copies only rows
 * after the last key copied, so it cannot repair that, and the way out is a fresh target.
 */
export function mismatchAdvice(tables: readonly TableOutcome[], place: TargetPlace): string {
  const differing = tables.filter((t) => !t.matches);
  const targetMore = differing.filter((t) => t.target.rows > t.source.rows).map((t) => t.table);
  const sourceMore = differing.filter((t) => t.source.rows > t.target.rows).map((t) => t.table);
  const content = differing.filter((t) => t.source.rows === t.target.rows).map((t) => t.table);
  if (targetMore.length > 0) {
    const alsoSqlite = [...sourceMore, ...content];
    return (
      `PostgreSQL has rows the SQLite console lacks (${targetMore.join(', ')}): a console wrote to the target during or after the copy. ` +
      'Do not empty the target: what that console recorded would be lost. If the console runs on PostgreSQL now, the move is done: keep running it with DATABASE_URL' +
      (alsoSqlite.length > 0 ? `; the other differences (${alsoSqlite.join(', ')}) are work recorded on one side only, and migrate cannot merge them.` : '.')
    );
  }
  const what = [
    ...(sourceMore.length > 0 ? [`SQLite has rows PostgreSQL lacks in ${sourceMore.join(', ')}`] : []),
    ...(content.length > 0 ? [`rows differ in ${content.join(', ')}`] : []),
  ].join('; ');
  return (
    `The SQLite console changed during or after the copy (${what}): was it still running? Stop the SQLite console. ` +
    'Running migrate again does not repair this: it copies only rows after the last one copied, so it misses rows added between them and changes to rows already copied. ' +
    `Start over instead: ${startOver(place)}, then run migrate again. ` +
    'That is safe only because no console has run on the PostgreSQL target; if one has (DATABASE_URL set to it), do not: what it recorded would be lost.'
  );
}

function startOver(place: TargetPlace): string {
  if (place.schema === 'public') return `drop and recreate the database (dropdb ${shellWord(place.database)}; createdb ${shellWord(place.database)}, with the URL's host and user)`;
  const schema = `"${place.schema.replaceAll('"', '""')}"`;
  return `drop and recreate the target schema (psql: DROP SCHEMA ${schema} CASCADE; CREATE SCHEMA ${schema};)`;
}

function shellWord(word: string): string {
  return /^[\w.-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
