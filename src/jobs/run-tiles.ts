/**
 * Runs one pass over tiles with a bounded number in flight (memory stays O(in-flight tiles)), handing each
 * result to `commit` as it completes. `commit` runs one at a time, so the main thread writes outputs and
 * checkpoints without races; a tile counts as done only after its commit resolved. A lane starts its next
 * tile while its last result is still being committed (a checkpoint waits on an fsync), but no more than
 * `maxInFlight` results wait for their commit. On the first failure no new tiles start, in-flight ones are
 * awaited, and the failure is rethrown.
 */
export interface RunTilesOptions<T, R> {
  tiles: readonly T[];
  maxInFlight: number;
  run: (tile: T, signal: AbortSignal) => Promise<R>;
  commit: (tile: T, result: R) => Promise<void> | void;
  signal?: AbortSignal;
}

export async function runTiles<T, R>(opts: RunTilesOptions<T, R>): Promise<void> {
  const inner = new AbortController();
  const onAbort = () => inner.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  let next = 0;
  let failure: unknown = null;
  let commitChain: Promise<void> = Promise.resolve();
  let uncommitted = 0;
  const fail = (err: unknown) => {
    if (failure === null) failure = err;
    inner.abort();
  };

  const worker = async (): Promise<void> => {
    while (failure === null && !inner.signal.aborted && next < opts.tiles.length) {
      const tile = opts.tiles[next++];
      let result: R;
      try {
        result = await opts.run(tile, inner.signal);
      } catch (err) {
        fail(err);
        return;
      }
      uncommitted++;
      commitChain = commitChain
        .then(() => (failure === null ? opts.commit(tile, result) : undefined))
        .then(
          () => {
            uncommitted--;
          },
          (err) => {
            uncommitted--;
            fail(err);
          },
        );
      if (uncommitted >= opts.maxInFlight) await commitChain;
    }
  };

  try {
    const lanes = Math.max(1, Math.min(opts.maxInFlight, opts.tiles.length));
    await Promise.all(Array.from({ length: lanes }, worker));
    await commitChain;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
  }
  if (failure !== null) throw failure;
  if (opts.signal?.aborted) throw opts.signal.reason ?? new Error('cancelled');
}
