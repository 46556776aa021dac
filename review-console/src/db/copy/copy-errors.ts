/*
 * Why a copy into PostgreSQL stops. Each is said in words an operator acts on and never carries
 * a row's content (plates, notes, sealed logins) or the target's password.
 */

export class CopyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The target holds another console's data (or a copy of another source): nothing was written. */
export class TargetRefused extends CopyError {}

/** Source and target disagree on a table's columns (a source from a newer release, say). */
export class SchemaMismatch extends CopyError {
  constructor(table: string, source: readonly string[], target: readonly string[]) {
    const only = (a: readonly string[], b: readonly string[]) => a.filter((c) => !b.includes(c)).join(', ') || 'none';
    super(`table ${table} has other columns in the SQLite console than in PostgreSQL (only in SQLite: ${only(source, target)}; only in PostgreSQL: ${only(target, source)})`);
  }
}

/** A value SQLite accepted that the PostgreSQL column cannot hold. */
export class UnstorableValue extends CopyError {
  constructor(table: string, key: readonly unknown[], column: string, why: string) {
    super(`${table} row ${JSON.stringify(key)}: column ${column} holds ${why}; fix that row in the SQLite console and run migrate again`);
  }
}

/** The target could not be connected to (no server, no such database, bad login): nothing was written. */
export class TargetUnreachable extends CopyError {}

/** PostgreSQL failed partway through (disk full, connection lost): what was committed stays and a rerun continues. */
export class TargetFailed extends CopyError {}
