import { loadMigrations, type Migration } from './sql-loader.ts';
import type { StoreDb } from './store-db.ts';
import { StoreError } from './store-error.ts';
import { readInt, readString } from './row-read.ts';

export interface MigrateOptions {
  /** apply migrations up to and including this version only (tests build old databases with it) */
  upToVersion?: number;
}

export interface MigrateResult {
  /** versions applied by this call, in order */
  applied: number[];
  /** schema version after the call */
  version: number;
}

/**
 * Brings the database up to the newest migration, one transaction per migration, each recorded in
 * `schema_migrations` with its checksum. Refuses a database that has a migration this code does not know
 * (it is newer) or whose applied migration text differs from the file (someone edited a merged migration).
 */
export function migrate(db: StoreDb, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = loadMigrations();
  const target = opts.upToVersion ?? migrations.length;
  return db.exclusive(async (s) => {
    await s.run('ensure_schema_migrations');
    const rows = await s.all('select_schema_migrations');
    let version = 0;
    for (const row of rows) {
      const applied = readInt(row, 'version');
      const known: Migration | undefined = migrations[applied - 1];
      if (!known) {
        throw new StoreError(
          'E_STORE_MIGRATION',
          `${db.path}: schema version ${applied} is newer than this code knows (${migrations.length})`,
          { file: db.path, version: applied },
        );
      }
      if (readString(row, 'checksum') !== known.checksum) {
        throw new StoreError(
          'E_STORE_MIGRATION',
          `${known.name}: the file differs from the copy applied to ${db.path}; migrations are append-only, add a new one`,
          { file: known.name, version: applied },
        );
      }
      version = Math.max(version, applied);
    }
    const applied: number[] = [];
    for (const m of migrations) {
      if (m.version <= version || m.version > target) continue;
      await s.transaction(async () => {
        await s.execScript(m.sql, m.name);
        await s.run('insert_schema_migration', [m.version, m.name, m.checksum, new Date().toISOString()]);
      });
      applied.push(m.version);
      version = m.version;
    }
    return { applied, version };
  });
}
