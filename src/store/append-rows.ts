import type { DuckDBAppender } from '@duckdb/node-api';
import type { StoreSession } from './store-db.ts';
import { StoreError } from './store-error.ts';

/**
 * Bulk insert through DuckDB's appender: `write` appends one row's columns in table order (then endRow).
 * Call inside a transaction so a failure leaves nothing behind; the error names the row that failed, or
 * the flush (where key violations surface).
 */
export async function appendRows<T>(
  s: StoreSession,
  table: string,
  rows: readonly T[],
  write: (a: DuckDBAppender, row: T) => void,
  describe: (row: T, index: number) => string,
): Promise<number> {
  if (rows.length === 0) return 0;
  const appender = await s.appender(table);
  let i = 0;
  try {
    for (; i < rows.length; i++) write(appender, rows[i]);
    i = -1;
    appender.closeSync();
  } catch (err) {
    try {
      appender.clear();
      appender.closeSync();
    } catch {
      // the caller's transaction is rolled back anyway
    }
    if (err instanceof StoreError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    const code = /constraint|duplicate/i.test(message) ? 'E_STORE_CONSTRAINT' : 'E_STORE_QUERY';
    const where = i >= 0 ? describe(rows[i], i) : `flushing ${rows.length} rows`;
    throw new StoreError(code, `${table}: ${where}: ${message}`, { table, row: i >= 0 ? i : undefined });
  }
  return rows.length;
}
