import type { SqlRow } from './store-db.ts';
import { StoreError } from './store-error.ts';

/**
 * Narrowing of result rows (plain JS from the DuckDB converter) into typed fields. A type mismatch means
 * the schema and the code disagree, which is reported instead of passed on.
 */
function invalid(col: string, want: string, got: unknown): StoreError {
  return new StoreError('E_STORE_INVALID', `column ${col}: expected ${want}, got ${typeof got}`, { column: col });
}

export function readString(row: SqlRow, col: string): string {
  const v = row[col];
  if (typeof v !== 'string') throw invalid(col, 'text', v);
  return v;
}

export function readOptString(row: SqlRow, col: string): string | null {
  const v = row[col];
  return v === null || v === undefined ? null : readString(row, col);
}

export function readNumber(row: SqlRow, col: string): number {
  const v = row[col];
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  throw invalid(col, 'a number', v);
}

export function readOptNumber(row: SqlRow, col: string): number | null {
  const v = row[col];
  return v === null || v === undefined ? null : readNumber(row, col);
}

export function readInt(row: SqlRow, col: string): number {
  const v = readNumber(row, col);
  if (!Number.isInteger(v)) throw invalid(col, 'an integer', v);
  return v;
}

export function readOptInt(row: SqlRow, col: string): number | null {
  const v = row[col];
  return v === null || v === undefined ? null : readInt(row, col);
}

/** TIMESTAMP (stored as UTC) → ISO-8601 text with a Z. */
export function readIso(row: SqlRow, col: string): string {
  const v = row[col];
  if (!(v instanceof Date)) throw invalid(col, 'a timestamp', v);
  return v.toISOString();
}

export function readOptIso(row: SqlRow, col: string): string | null {
  const v = row[col];
  return v === null || v === undefined ? null : readIso(row, col);
}

/** DATE → 'YYYY-MM-DD'. */
export function readOptDate(row: SqlRow, col: string): string | null {
  const v = row[col];
  if (v === null || v === undefined) return null;
  if (!(v instanceof Date)) throw invalid(col, 'a date', v);
  return v.toISOString().slice(0, 10);
}

/**
 * BLOB → a plain Uint8Array that owns its whole ArrayBuffer. The converter hands out Node Buffers, which
 * may be slices of a shared pool: moving such a buffer to a worker would take the pool with it.
 */
export function readBytes(row: SqlRow, col: string): Uint8Array {
  const v = row[col];
  if (!(v instanceof Uint8Array)) throw invalid(col, 'bytes', v);
  if (v.constructor === Uint8Array && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) return v;
  return new Uint8Array(v);
}

export function readOptBytes(row: SqlRow, col: string): Uint8Array | null {
  const v = row[col];
  return v === null || v === undefined ? null : readBytes(row, col);
}

/** A JSON column (text) parsed; NULL → null. */
export function readJson(row: SqlRow, col: string): unknown {
  const text = readOptString(row, col);
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new StoreError('E_STORE_INVALID', `column ${col}: not valid JSON`, { column: col });
  }
}

/** A JSON column that must hold an object (or NULL). */
export function readJsonObject(row: SqlRow, col: string): Record<string, unknown> | null {
  const v = readJson(row, col);
  if (v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) throw invalid(col, 'a JSON object', v);
  return v as Record<string, unknown>;
}

/** Narrows text to one of `allowed`. */
export function readEnum<T extends string>(row: SqlRow, col: string, allowed: readonly T[]): T {
  const v = readString(row, col);
  if (!(allowed as readonly string[]).includes(v)) {
    throw new StoreError('E_STORE_INVALID', `column ${col}: unknown value '${v}'`, { column: col });
  }
  return v as T;
}
