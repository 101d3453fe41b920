/**
 * A full dump of a SQLite database, for tests that must prove a failed operation changed nothing: every table
 * in sqlite_master (the FTS5 search index and its shadow tables, sqlite_sequence and the migrations table
 * included) with every row in rowid order, plus the schema itself. Each table's rows are serialised exactly
 * (strings and numbers as JSON, which round-trips doubles; blobs as hex) and summarised by row count and the
 * SHA-256 of that serialisation, so two dumps are equal only if every byte of every row is.
 */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

export interface TableDump {
  rows: number;
  sha256: string;
}

export type DbDump = Record<string, TableDump>;

function serialise(value: unknown): unknown {
  if (Buffer.isBuffer(value)) return { blob: value.toString('hex') };
  if (typeof value === 'bigint') return { bigint: value.toString() };
  return value;
}

/** Dumps through an open connection. */
export function dumpConnection(client: Database.Database): DbDump {
  const master = client
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name")
    .raw()
    .all() as Array<[string, string, string, string | null]>;
  const out: DbDump = {};
  const hashRows = (rows: unknown[][]): TableDump => {
    const h = createHash('sha256');
    for (const r of rows) h.update(JSON.stringify(r.map(serialise)) + '\n');
    return { rows: rows.length, sha256: h.digest('hex') };
  };
  out['(schema)'] = hashRows(master);
  for (const [type, name] of master) {
    if (type !== 'table') continue;
    const quoted = `"${name.replace(/"/g, '""')}"`;
    let rows: unknown[][];
    try {
      rows = client.prepare(`SELECT * FROM ${quoted} ORDER BY rowid`).raw().all() as unknown[][];
    } catch {
      // a WITHOUT ROWID table: order by every column
      const cols = (client.prepare(`PRAGMA table_info(${quoted})`).all() as Array<{ cid: number }>).map((c) => c.cid + 1);
      rows = client.prepare(`SELECT * FROM ${quoted} ORDER BY ${cols.join(', ')}`).raw().all() as unknown[][];
    }
    out[name] = hashRows(rows);
  }
  return out;
}

/** Dumps the database file through a connection of its own (so it reads what other processes committed). */
export function dumpFile(path: string): DbDump {
  const client = new Database(path, { fileMustExist: true });
  try {
    return dumpConnection(client);
  } finally {
    client.close();
  }
}

/** The tables whose dumps differ between two dumps. */
export function changedTables(a: DbDump, b: DbDump): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return names.filter((n) => JSON.stringify(a[n]) !== JSON.stringify(b[n]));
}
