import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { listQueryNames, loadQuery } from './sql-loader.ts';
import { StoreDb } from './store-db.ts';

/** `$n` placeholders in the statement, comments removed. */
function placeholders(sql: string): number[] {
  const body = sql.replace(/--[^\n]*/g, '');
  return [...new Set([...body.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

describe('store query files', () => {
  const names = listQueryNames();

  it('are named <verb>_<noun>.sql', () => {
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) expect(name).toMatch(/^[a-z]+(_[a-z0-9]+)+$/);
  });

  it('each hold one statement under a header naming every $n and what comes back', () => {
    for (const name of names) {
      const sql = loadQuery(name);
      const header = sql.split('\n').filter((l) => l.startsWith('--')).join('\n');
      expect(header, name).toMatch(new RegExp(`^-- ${name}: `));
      expect(header, name).toMatch(/Parameters:/);
      expect(header, name).toMatch(/Returns:/);
      const used = placeholders(sql);
      used.forEach((n, i) => expect(n, `${name}: $${n}`).toBe(i + 1));
      for (const n of used) expect(header, `${name} header names $${n}`).toContain(`$${n}`);
      const body = sql.replace(/--[^\n]*/g, '').trim();
      expect(body.replace(/;\s*$/, ''), `${name}: one statement`).not.toContain(';');
    }
  });

  it('every query prepares against the latest schema', async () => {
    const db = await StoreDb.open(':memory:');
    try {
      await migrate(db);
      await db.exclusive(async (s) => {
        for (const name of names) {
          const ps = await s.connection.prepare(loadQuery(name)).catch((err: Error) => {
            throw new Error(`${name}: ${err.message}`);
          });
          expect(ps.parameterCount, name).toBe(placeholders(loadQuery(name)).length);
          ps.destroySync();
        }
      });
    } finally {
      await db.close();
    }
  });

  it('rejects an unknown query name with E_STORE_QUERY', () => {
    expect(() => loadQuery('select_nothing_here')).toThrow(expect.objectContaining({ code: 'E_STORE_QUERY' }));
    expect(() => loadQuery('../migrations/0001_init')).toThrow(expect.objectContaining({ code: 'E_STORE_QUERY' }));
  });
});
