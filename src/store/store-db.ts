import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import {
  DuckDBInstance,
  DuckDBTypeId,
  INTEGER,
  LIST,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
} from '@duckdb/node-api';
import { SerialLock } from './serial-lock.ts';
import { loadQuery } from './sql-loader.ts';
import { StoreError } from './store-error.ts';

/** A value bound to a `$n` parameter. Lists bind as INTEGER[]; JSON goes in as its text. */
export type SqlParam = string | number | bigint | boolean | null | Uint8Array | readonly number[];

/** One result row as plain JS (BIGINT → bigint, BLOB → Uint8Array, TIMESTAMP/DATE → Date). */
export type SqlRow = Record<string, unknown>;

/** What a store module may do while it holds the connection. */
export interface StoreSession {
  /** Runs `queries/<query>.sql`; resolves to the number of rows changed. */
  run(query: string, params?: readonly SqlParam[]): Promise<number>;
  all(query: string, params?: readonly SqlParam[]): Promise<SqlRow[]>;
  one(query: string, params?: readonly SqlParam[]): Promise<SqlRow | null>;
  /** BEGIN … COMMIT around `fn`, ROLLBACK when it throws. Not re-entrant. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** A DuckDB appender for bulk inserts into `table`; close it before the session ends. */
  appender(table: string): Promise<DuckDBAppender>;
  /** Raw multi-statement text, for migration files only. */
  execScript(sql: string, label: string): Promise<void>;
  /** The connection itself, for store-room code that needs more (COPY … TO for exports). */
  readonly connection: DuckDBConnection;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const INTEGER_LIST = LIST(INTEGER);
/** read connections besides the writer */
const READERS = 3;

/**
 * The one DuckDB connection of a store, behind a lock: every operation runs alone, so transactions never
 * interleave. Prepared statements are cached per query name.
 */
export class StoreDb {
  /** extra connections for read-only queries of the Features API, opened on first use */
  private readers: StoreDb[] | null = null;
  private nextReader = 0;
  private readonly lock = new SerialLock();
  private readonly prepared = new Map<string, DuckDBPreparedStatement>();
  private closed = false;
  private inTransaction = false;
  private readonly session: StoreSession;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    readonly path: string,
    private readonly isReader = false,
  ) {
    this.session = {
      run: (q, p) => this.runQuery(q, p),
      all: (q, p) => this.allRows(q, p),
      one: async (q, p) => (await this.allRows(q, p))[0] ?? null,
      transaction: (fn) => this.inTx(fn),
      appender: (table) => this.createAppender(table),
      execScript: (sql, label) => this.execScript(sql, label),
      connection: conn,
    };
  }

  /** Opens (creating if needed) the database at `path`, or an in-memory one for ':memory:'. */
  static async open(path: string): Promise<StoreDb> {
    const isMemory = path === ':memory:' || path === '';
    const target = isMemory ? ':memory:' : resolve(path);
    try {
      if (!isMemory) mkdirSync(dirname(target), { recursive: true });
      const instance = await DuckDBInstance.create(target);
      const conn = await instance.connect();
      return new StoreDb(instance, conn, target);
    } catch (err) {
      throw new StoreError('E_STORE_OPEN', `${target}: cannot open database: ${messageOf(err)}`, { file: target });
    }
  }

  /** Runs `fn` with the connection to itself. */
  exclusive<T>(fn: (session: StoreSession) => Promise<T>): Promise<T> {
    return this.lock.run(() => {
      if (this.closed) {
        return Promise.reject(new StoreError('E_STORE_CLOSED', `${this.path}: store used after close()`, { file: this.path }));
      }
      return fn(this.session);
    });
  }

  /**
   * Runs a read-only `fn` on one of a few extra connections, so concurrent readers (e.g. 200 API clients
   * paging patches) do not queue behind each other or behind the writer. They see committed data only,
   * so an in-memory store (tests, one process) keeps reading through `exclusive` and its strict ordering.
   */
  read<T>(fn: (session: StoreSession) => Promise<T>): Promise<T> {
    if (this.path === ':memory:') return this.exclusive(fn);
    if (this.readers === null) this.readers = [];
    if (this.readers.length < READERS) {
      const opening = this.instance.connect().then((conn) => new StoreDb(this.instance, conn, this.path, true));
      const slot = this.readers.length;
      this.readers.push(null as unknown as StoreDb);
      return opening.then((r) => {
        (this.readers as StoreDb[])[slot] = r;
        return r.exclusive(fn);
      });
    }
    const r = this.readers[this.nextReader++ % this.readers.length];
    return r === null ? this.exclusive(fn) : r.exclusive(fn);
  }

  /** `exclusive` inside one transaction. */
  transaction<T>(fn: (session: StoreSession) => Promise<T>): Promise<T> {
    return this.exclusive((s) => s.transaction(() => fn(s)));
  }

  /** Waits for running operations, then releases statements, the connection and the file. Idempotent. */
  close(): Promise<void> {
    return this.lock.run(async () => {
      if (this.closed) return;
      this.closed = true;
      for (const r of this.readers ?? []) if (r !== null) await r.close();
      for (const ps of this.prepared.values()) ps.destroySync();
      this.prepared.clear();
      this.conn.closeSync();
      if (!this.isReader) this.instance.closeSync();
    });
  }

  private async statement(query: string): Promise<DuckDBPreparedStatement> {
    let ps = this.prepared.get(query);
    if (!ps) {
      const sql = loadQuery(query);
      try {
        ps = await this.conn.prepare(sql);
      } catch (err) {
        throw wrapError(query, err);
      }
      this.prepared.set(query, ps);
    }
    return ps;
  }

  private async runQuery(query: string, params: readonly SqlParam[] = []): Promise<number> {
    const ps = await this.statement(query);
    bindParams(ps, query, params);
    try {
      const result = await ps.run();
      return Number(result.rowsChanged);
    } catch (err) {
      throw wrapError(query, err);
    }
  }

  private async allRows(query: string, params: readonly SqlParam[] = []): Promise<SqlRow[]> {
    const ps = await this.statement(query);
    bindParams(ps, query, params);
    try {
      const reader = await ps.runAndReadAll();
      return reader.getRowObjectsJS() as SqlRow[];
    } catch (err) {
      throw wrapError(query, err);
    }
  }

  private async inTx<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) {
      throw new StoreError('E_STORE_QUERY', 'nested transaction: the store does not nest BEGIN', {});
    }
    await this.runQuery('begin_transaction');
    this.inTransaction = true;
    try {
      const value = await fn();
      await this.runQuery('commit_transaction');
      return value;
    } catch (err) {
      try {
        await this.runQuery('rollback_transaction');
      } catch {
        // a failed COMMIT may already have ended the transaction; the original error is the one to report
      }
      throw err;
    } finally {
      this.inTransaction = false;
    }
  }

  private async createAppender(table: string): Promise<DuckDBAppender> {
    try {
      return await this.conn.createAppender(table);
    } catch (err) {
      throw wrapError(`appender ${table}`, err);
    }
  }

  private async execScript(sql: string, label: string): Promise<void> {
    try {
      await this.conn.run(sql);
    } catch (err) {
      throw new StoreError('E_STORE_MIGRATION', `${label}: ${messageOf(err)}`, { file: label });
    }
  }
}

/** Binds by position, choosing the DuckDB type from the prepared parameter type where numbers are concerned. */
function bindParams(ps: DuckDBPreparedStatement, query: string, params: readonly SqlParam[]): void {
  if (params.length !== ps.parameterCount) {
    throw new StoreError('E_STORE_QUERY', `${query}: expects ${ps.parameterCount} parameters, got ${params.length}`, {
      query,
    });
  }
  for (let i = 0; i < params.length; i++) {
    const index = i + 1;
    const value = params[i];
    if (value === null || value === undefined) {
      ps.bindNull(index);
    } else if (typeof value === 'string') {
      ps.bindVarchar(index, value);
    } else if (typeof value === 'number') {
      bindNumber(ps, index, value);
    } else if (typeof value === 'bigint') {
      ps.bindBigInt(index, value);
    } else if (typeof value === 'boolean') {
      ps.bindBoolean(index, value);
    } else if (value instanceof Uint8Array) {
      ps.bindBlob(index, value);
    } else {
      ps.bindList(index, [...value], INTEGER_LIST);
    }
  }
}

function bindNumber(ps: DuckDBPreparedStatement, index: number, value: number): void {
  const typeId = ps.parameterTypeId(index);
  if (Number.isInteger(value)) {
    if (typeId === DuckDBTypeId.BIGINT || typeId === DuckDBTypeId.UBIGINT || typeId === DuckDBTypeId.HUGEINT) {
      ps.bindBigInt(index, BigInt(value));
      return;
    }
    if (value >= INT32_MIN && value <= INT32_MAX && typeId !== DuckDBTypeId.DOUBLE && typeId !== DuckDBTypeId.FLOAT) {
      ps.bindInteger(index, value);
      return;
    }
  }
  ps.bindDouble(index, value);
}

function wrapError(query: string, err: unknown): StoreError {
  if (err instanceof StoreError) return err;
  const message = messageOf(err);
  const code = /constraint/i.test(message) ? 'E_STORE_CONSTRAINT' : 'E_STORE_QUERY';
  return new StoreError(code, `${query}: ${message}`, { query });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
