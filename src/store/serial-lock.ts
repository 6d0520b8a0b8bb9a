/**
 * A tiny async mutex. DuckDB has one writer and our store holds one connection, whose transaction state is
 * shared by everything that uses it, so every store operation runs under this lock: two concurrent
 * `BEGIN … COMMIT` sequences must never interleave on the connection.
 */
export class SerialLock {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `fn` after every earlier call has settled; a rejection does not block later calls. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
