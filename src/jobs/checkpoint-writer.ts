import type { Store, TileCommit } from '../store/index.ts';
import { runTiles } from './run-tiles.ts';

/**
 * Writes tile checkpoints without making the pass wait for each fsync: the caller absorbs a tile's result
 * (which only lives in memory until the pass ends) as soon as its checkpoint is queued, checkpoints that
 * queue up meanwhile share one COMMIT (the store's group commit), and `drain()` — called before the pass
 * finishes or writes anything derived from its tiles — waits until every checkpoint is durable. A crash
 * therefore never leaves an output built from a tile whose checkpoint is missing. At most `maxPending`
 * checkpoints wait at a time (their payloads are held until then).
 */
export class CheckpointWriter {
  private readonly pending = new Set<Promise<unknown>>();
  private failure: unknown = null;

  constructor(
    private readonly store: Store,
    private readonly maxPending = 16,
  ) {}

  async write(c: TileCommit): Promise<void> {
    if (this.failure !== null) throw this.failure;
    const p = this.store.tiles.commit(c).then(
      () => {
        this.pending.delete(p);
      },
      (err: unknown) => {
        this.pending.delete(p);
        if (this.failure === null) this.failure = err;
      },
    );
    this.pending.add(p);
    while (this.pending.size >= this.maxPending) await Promise.race(this.pending);
    if (this.failure !== null) throw this.failure;
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    if (this.failure !== null) throw this.failure;
  }

  /**
   * Runs a pass, then waits for its checkpoints — also when the pass failed, so the tiles it finished are
   * kept for the resume; the pass's own error wins over a checkpoint error.
   */
  async around<T>(pass: Promise<T>): Promise<T> {
    let value: T;
    try {
      value = await pass;
    } catch (err) {
      while (this.pending.size > 0) await Promise.all(this.pending);
      throw err;
    }
    await this.drain();
    return value;
  }
}

/** runTiles over `tiles` whose `commit` checkpoints through a CheckpointWriter (`write`), drained at the end. */
export async function runCheckpointed<T, R>(
  ctx: { store: Store; maxInFlight: number; signal?: AbortSignal },
  tiles: readonly T[],
  run: (tile: T, signal: AbortSignal) => Promise<R>,
  commit: (tile: T, result: R, write: (c: TileCommit) => Promise<void>) => Promise<void>,
): Promise<void> {
  const checkpoints = new CheckpointWriter(ctx.store);
  const write = (c: TileCommit) => checkpoints.write(c);
  await checkpoints.around(runTiles({ tiles, maxInFlight: ctx.maxInFlight, signal: ctx.signal, run, commit: (t, r) => commit(t, r, write) }));
}
