import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { openStore } from './open-store.ts';
import { loadMigrations } from './sql-loader.ts';
import { StoreDb } from './store-db.ts';

const tmp = mkdtempSync(join(tmpdir(), 'landwatch-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Tables, views, columns and applied migrations: what a migration may change. */
async function catalog(db: StoreDb): Promise<string[][]> {
  return db.exclusive(async (s) => {
    const cols = await s.connection.runAndReadAll(
      "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' ORDER BY 1, 2",
    );
    const applied = await s.connection.runAndReadAll('SELECT version, name, checksum FROM schema_migrations ORDER BY version');
    return [...cols.getRowsJS(), ...applied.getRowsJS()].map((r) => r.map(String));
  });
}

describe('migrate', () => {
  const migrations = loadMigrations();

  it('numbers the migration files 1, 2, … without gaps', () => {
    expect(migrations.length).toBeGreaterThanOrEqual(2);
    migrations.forEach((m, i) => {
      expect(m.version).toBe(i + 1);
      expect(m.name.startsWith(String(i + 1).padStart(4, '0') + '_')).toBe(true);
    });
  });

  it('applies every migration, one at a time, to an empty in-memory database', async () => {
    const db = await StoreDb.open(':memory:');
    try {
      for (const m of migrations) {
        const r = await migrate(db, { upToVersion: m.version });
        expect(r).toEqual({ applied: [m.version], version: m.version });
      }
      const rows = await db.exclusive((s) => s.all('select_schema_migrations'));
      expect(rows.map((r) => r.name)).toEqual(migrations.map((m) => m.name));
    } finally {
      await db.close();
    }
  });

  it('changes nothing when run twice', async () => {
    const db = await StoreDb.open(':memory:');
    try {
      expect((await migrate(db)).applied).toEqual(migrations.map((m) => m.version));
      const before = await catalog(db);
      expect(before.some((r) => r[0] === 'patches' && r[1] === 'geometry_wkb')).toBe(true);
      expect(await migrate(db)).toEqual({ applied: [], version: migrations.length });
      expect(await catalog(db)).toEqual(before);
    } finally {
      await db.close();
    }
  });

  it('upgrades a file database created with only the first migration, keeping its rows', async () => {
    const file = join(tmp, 'nested', 'old.duckdb');
    const old = await openStore(file, { upToVersion: 1 });
    expect(old.schemaVersion).toBe(1);
    const now = '2024-03-01T08:00:00.000Z';
    await old.jobs.insert({
      id: 'j-old',
      processId: 'change-detection',
      status: 'successful',
      params: { tileSizePx: 512 },
      progress: { phase: 'done', tilesDone: 4, tilesTotal: 4, percent: 100, etaSeconds: 0 },
      message: null,
      error: null,
      created: now,
      started: now,
      finished: now,
      updated: now,
    });
    await expect(old.aggregates.changeAreaByCode('j-old')).rejects.toMatchObject({ code: 'E_STORE_QUERY' });
    await old.close();

    const upgraded = await openStore(file);
    try {
      expect(upgraded.schemaVersion).toBe(migrations.length);
      expect((await upgraded.jobs.get('j-old'))?.status).toBe('successful');
      expect(await upgraded.aggregates.changeAreaByCode('j-old')).toEqual([]);
    } finally {
      await upgraded.close();
    }
  });

  it('refuses a database whose applied migration text differs from the file', async () => {
    const file = join(tmp, 'edited.duckdb');
    const db = await StoreDb.open(file);
    await migrate(db);
    await db.exclusive((s) => s.connection.run("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1"));
    await db.close();
    await expect(openStore(file)).rejects.toMatchObject({ code: 'E_STORE_MIGRATION', message: expect.stringContaining('0001_') });
  });

  it('refuses a database migrated by newer code', async () => {
    const file = join(tmp, 'newer.duckdb');
    const db = await StoreDb.open(file);
    await migrate(db);
    await db.exclusive((s) =>
      s.run('insert_schema_migration', [migrations.length + 1, '9999_future.sql', 'x', new Date().toISOString()]),
    );
    await db.close();
    await expect(openStore(file)).rejects.toMatchObject({ code: 'E_STORE_MIGRATION', message: expect.stringContaining('newer') });
  });

  it('rolls back a failing migration and records nothing for it', async () => {
    const db = await StoreDb.open(':memory:');
    try {
      await migrate(db, { upToVersion: 1 });
      // a migration whose second statement fails must leave no trace of its first
      await expect(
        db.exclusive((s) =>
          s.transaction(async () => {
            await s.execScript('CREATE TABLE half_done (x INTEGER); CREATE TABLE patches (x INTEGER);', '0099_broken.sql');
          }),
        ),
      ).rejects.toMatchObject({ code: 'E_STORE_MIGRATION', message: expect.stringContaining('0099_broken.sql') });
      const tables = await db.exclusive((s) =>
        s.connection.runAndReadAll("SELECT count(*)::INTEGER FROM information_schema.tables WHERE table_name = 'half_done'"),
      );
      expect(tables.getRowsJS()[0][0]).toBe(0);
    } finally {
      await db.close();
    }
  });
});
