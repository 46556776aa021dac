import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../tables.js';
import { keyOf, pageQuery, type Column, type CopiedTable } from './copy-plan.js';

/*
 * After the copy, each table is read back from both engines and compared by row count and by a
 * content digest. Each engine pages in its own primary-key order (PostgreSQL sorts text by its
 * collation, SQLite by bytes), so the digest must not depend on row order: it is the sum, modulo
 * 2^256, of every row's sha256 (an additive multiset hash). Reading PostgreSQL in byte order
 * instead would sort the whole table outside its index for every page.
 */

export interface TableDigest {
  rows: number;
  /** Hex, 64 characters. */
  digest: string;
}

const MODULUS = 1n << 256n;

/** Rows of one table on one engine, counted and digested over every column in `columns`' order. */
export async function digestTable(db: Db, table: CopiedTable, columns: readonly Column[], batchRows: number): Promise<TableDigest> {
  let sum = 0n;
  let rows = 0;
  let after: unknown[] | null = null;
  for (;;) {
    const page = (await pageQuery(table, columns, after, batchRows).execute(db)).rows;
    for (const row of page) sum = (sum + BigInt(`0x${rowDigest(row, columns)}`)) % MODULUS;
    rows += page.length;
    const last = page[page.length - 1];
    if (page.length < batchRows || !last) break;
    after = keyOf(table, last);
  }
  return { rows, digest: sum.toString(16).padStart(64, '0') };
}

/** A row as both engines' drivers give it, in one canonical form: strings, numbers, null, bytes as base64. */
function rowDigest(row: Record<string, unknown>, columns: readonly Column[]): string {
  const values = columns.map((c) => {
    const value = row[c.name] ?? null;
    if (Buffer.isBuffer(value)) return { bytes: value.toString('base64') };
    // -0 and 0 are one value in both engines' eyes and in JSON's.
    return value;
  });
  return createHash('sha256').update(JSON.stringify(values)).digest('hex');
}

/** Rows in a table, for the summary. */
export async function countRows(db: Db, table: string): Promise<number> {
  const result = await sql<{ n: number | string | bigint }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.n ?? 0);
}
