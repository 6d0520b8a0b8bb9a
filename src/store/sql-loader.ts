import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StoreError } from './store-error.ts';

/**
 * Reads the store's SQL files next to this module (copy `migrations/` and `queries/` beside the compiled
 * file if you ever compile). Every file is read once and cached.
 */
const queriesDir = fileURLToPath(new URL('./queries/', import.meta.url));
const migrationsDir = fileURLToPath(new URL('./migrations/', import.meta.url));

const queryCache = new Map<string, string>();
let migrationCache: readonly Migration[] | null = null;

const QUERY_NAME = /^[a-z][a-z0-9]*(_[a-z0-9]+)+$/;
const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  /** 1, 2, … from the file name's number */
  version: number;
  /** file name, e.g. `0001_init.sql` */
  name: string;
  sql: string;
  /** sha256 of the file text: an applied migration must never change */
  checksum: string;
}

/** SQL text of `queries/<name>.sql` (`<verb>_<noun>`). */
export function loadQuery(name: string): string {
  const cached = queryCache.get(name);
  if (cached !== undefined) return cached;
  if (!QUERY_NAME.test(name)) {
    throw new StoreError('E_STORE_QUERY', `${name}: not a query name (<verb>_<noun>)`, { query: name });
  }
  let sql: string;
  try {
    sql = readFileSync(`${queriesDir}${name}.sql`, 'utf8');
  } catch {
    throw new StoreError('E_STORE_QUERY', `${name}: no such query file in ${queriesDir}`, { query: name, file: `${name}.sql` });
  }
  queryCache.set(name, sql);
  return sql;
}

/** Names of every query file, sorted. */
export function listQueryNames(): string[] {
  return readdirSync(queriesDir)
    .filter((f) => f.endsWith('.sql'))
    .map((f) => f.slice(0, -4))
    .sort();
}

/**
 * Every migration in order. Numbers must run 1, 2, 3 … without gaps or duplicates, so a renumbered or
 * missing file is caught before anything is applied.
 */
export function loadMigrations(): readonly Migration[] {
  if (migrationCache) return migrationCache;
  const files = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const m = MIGRATION_FILE.exec(file);
    if (!m) {
      throw new StoreError('E_STORE_MIGRATION', `${file}: migration files are named NNNN_<what>.sql`, { file });
    }
    const version = Number(m[1]);
    if (version !== migrations.length + 1) {
      throw new StoreError('E_STORE_MIGRATION', `${file}: expected migration number ${migrations.length + 1}`, { file });
    }
    // normalise line ends so a CRLF checkout does not look like an edited migration
    const sql = readFileSync(`${migrationsDir}${file}`, 'utf8').replace(/\r\n/g, '\n');
    migrations.push({ version, name: file, sql, checksum: createHash('sha256').update(sql).digest('hex') });
  }
  migrationCache = migrations;
  return migrations;
}
