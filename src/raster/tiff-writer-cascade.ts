import type { WriterPlan } from './tiff-writer-options.ts';
import { emptyLevelTiles, OverviewTileBuilder, type LevelTiles } from './tiff-writer-overview.ts';
import type { Spool } from './tiff-writer-spool.ts';
import type { TileCodec } from './tiff-writer-tile-codec.ts';

/** Overview tiles built (read, resample, compress) at the same time. */
const MAX_BUILDING = 3;

interface Level {
  tiles: LevelTiles;
  /** builds this level from the one below; null for full resolution */
  builder: OverviewTileBuilder | null;
  /** per tile: has ever been stored (so a rewrite does not count as a new source) */
  present: Uint8Array;
  /** per tile: sources stored so far, and sources needed */
  have: Uint16Array;
  need: Uint16Array;
  /** per tile: bumped whenever a build is (re)requested, so a stale build's result is dropped */
  version: Uint32Array;
  queued: Uint8Array;
}

/**
 * Builds the overview pyramid while full-resolution tiles are still arriving: an overview tile is built as
 * soon as every tile it reads has been stored, and rebuilt (up the pyramid) when one of them is rewritten.
 * The writer's close() then only waits for the last few instead of building every level at the end.
 * Output bytes do not depend on the order: each tile is a pure function of the tiles below it.
 */
export class OverviewCascade {
  private readonly levels: Level[];
  private readonly queue: Array<[number, number]> = [];
  private building = 0;
  private readonly idleWaiters: Array<() => void> = [];
  private failure: unknown = null;
  private stopped = false;

  constructor(plan: WriterPlan, codec: TileCodec, private readonly spool: Spool, full: LevelTiles) {
    this.levels = [];
    for (let k = 0; k < plan.levels.length; k++) {
      const tiles = k === 0 ? full : emptyLevelTiles(plan.levels[k]);
      const n = tiles.counts.length;
      const builder = k === 0 ? null : new OverviewTileBuilder(plan, codec, spool, this.levels[k - 1].tiles, plan.levels[k]);
      const need = new Uint16Array(n);
      if (builder) {
        for (let i = 0; i < n; i++) need[i] = builder.sourceCount(i % plan.levels[k].tilesAcross, Math.floor(i / plan.levels[k].tilesAcross));
      }
      this.levels.push({ tiles, builder, present: new Uint8Array(n), have: new Uint16Array(n), need, version: new Uint32Array(n), queued: new Uint8Array(n) });
    }
  }

  get tiles(): LevelTiles[] {
    return this.levels.map((l) => l.tiles);
  }

  /** Tile `index` of `level` has (new) bytes in the spool: overview tiles that read it can be (re)built. */
  stored(level: number, index: number): void {
    const cur = this.levels[level];
    const first = cur.present[index] === 0;
    cur.present[index] = 1;
    const up = this.levels[level + 1];
    if (!up?.builder) return;
    up.builder.forget(index);
    for (const d of up.builder.dependents(index)) {
      if (first) up.have[d]++;
      if (up.have[d] === up.need[d]) this.request(level + 1, d);
    }
  }

  /** Waits until every requested tile is built; throws the first build failure. */
  async settle(): Promise<LevelTiles[]> {
    while (this.building > 0 || (this.queue.length > 0 && !this.stopped && this.failure === null)) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
    if (this.failure !== null) throw this.failure;
    for (let k = 1; k < this.levels.length; k++) {
      const l = this.levels[k];
      const missing = l.tiles.counts.findIndex((c) => c === 0);
      if (missing >= 0) throw new Error(`overview level ${k} tile ${missing} was never built (${l.have[missing]} of ${l.need[missing]} sources)`);
    }
    return this.tiles;
  }

  /** No more builds start (abort); running ones finish and are dropped. */
  stop(): void {
    this.stopped = true;
    this.queue.length = 0;
  }

  private request(level: number, index: number): void {
    this.invalidate(level, index);
    const l = this.levels[level];
    if (l.queued[index] === 1) return;
    l.queued[index] = 1;
    this.queue.push([level, index]);
    this.pump();
  }

  /** Tile `index` of `level` is being rebuilt: it and everything built from it are void until rebuilt. */
  private invalidate(level: number, index: number): void {
    const l = this.levels[level];
    l.version[index]++;
    l.tiles.counts[index] = 0;
    const up = this.levels[level + 1];
    if (!up?.builder) return;
    for (const d of up.builder.dependents(index)) this.invalidate(level + 1, d);
  }

  private pump(): void {
    while (!this.stopped && this.failure === null && this.building < MAX_BUILDING && this.queue.length > 0) {
      const [level, index] = this.queue.shift() as [number, number];
      const l = this.levels[level];
      l.queued[index] = 0;
      this.building++;
      void this.build(level, index, l.version[index]).finally(() => {
        this.building--;
        this.pump();
        if (this.building === 0 && (this.queue.length === 0 || this.stopped || this.failure !== null)) {
          for (const wake of this.idleWaiters.splice(0)) wake();
        }
      });
    }
    if (this.building === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  private async build(level: number, index: number, version: number): Promise<void> {
    const l = this.levels[level];
    const builder = l.builder as OverviewTileBuilder;
    // a source being rebuilt: this tile is requested again once that source is stored
    if (!builder.sourcesReady(index)) return;
    try {
      const compressed = await builder.build(index);
      if (this.stopped || l.version[index] !== version) return;
      const offset = await this.spool.append(compressed);
      if (l.version[index] !== version) return;
      l.tiles.offsets[index] = offset;
      l.tiles.counts[index] = compressed.length;
      this.stored(level, index);
    } catch (err) {
      // a build whose sources changed under it may fail reading them; only a current build's failure counts
      if (l.version[index] === version) this.failure ??= err;
    }
  }
}
