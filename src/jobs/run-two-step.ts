import type { PixelWindow, PlannedTile, TilePlan } from '../raster/index.ts';
import type { ChangeResult, LabelResult } from '../pool/messages.ts';

/** The arrays of a label task, cut from the change results of the tiles a window overlaps. */
export interface WindowCut {
  codes: Uint8Array;
  transitionCodes: Uint32Array;
  magnitude: Float32Array;
}

export interface TwoStepOptions {
  /** the tile grid; each tile's `read` window (core + the halo a label step needs) is its label window */
  plan: TilePlan;
  /** tiles to label (the others are already checkpointed) */
  todo: readonly PlannedTile[];
  maxInFlight: number;
  signal?: AbortSignal;
  change: (tile: PlannedTile, signal: AbortSignal) => Promise<ChangeResult>;
  label: (tile: PlannedTile, window: PixelWindow, cut: WindowCut, signal: AbortSignal) => Promise<LabelResult>;
  /** runs one at a time, in completion order; a tile counts as done once its commit resolved */
  commit: (tile: PlannedTile, own: ChangeResult, labelled: LabelResult) => Promise<void>;
}

/**
 * Schedules the two steps of the detect pass over a bounded number of tasks in flight. Change steps run
 * in row-major order; a label step starts as soon as every tile its window overlaps has its change result
 * (label steps go first, so results are released early). A change result is dropped once every label
 * window that needs it has been cut, so memory holds about two rows of tiles, not the scene.
 */
export async function runTwoStep(o: TwoStepOptions): Promise<void> {
  const { plan } = o;
  const windowOf = (t: PlannedTile) => t.read;
  const overlapping = (w: PixelWindow): PlannedTile[] => {
    const s = plan.tileSizePx;
    const out: PlannedTile[] = [];
    for (let row = Math.floor(w.y / s); row * s < w.y + w.height; row++) {
      for (let col = Math.floor(w.x / s); col * s < w.x + w.width; col++) out.push(plan.tiles[row * plan.cols + col]);
    }
    return out;
  };

  const needs = new Map<number, PlannedTile[]>(); // label tile → tiles whose change results it needs
  const uses = new Map<number, number>(); // change tile → label windows still to cut from it
  const dependents = new Map<number, number[]>(); // change tile → label tiles that need it
  for (const t of o.todo) {
    const deps = overlapping(windowOf(t));
    needs.set(t.id, deps);
    for (const d of deps) {
      uses.set(d.id, (uses.get(d.id) ?? 0) + 1);
      const list = dependents.get(d.id) ?? [];
      list.push(t.id);
      dependents.set(d.id, list);
    }
  }
  const changeOrder = plan.tiles.filter((t) => uses.has(t.id));
  const results = new Map<number, ChangeResult>();
  const own = new Map<number, ChangeResult>();
  const waiting = new Set(o.todo.map((t) => t.id));
  const ready: PlannedTile[] = [];

  const inner = new AbortController();
  const onAbort = () => inner.abort(o.signal?.reason);
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let failure: unknown = null;
  let inFlight = 0;
  let uncommitted = 0;
  let nextChange = 0;
  let labelled = 0;
  let commits: Promise<void> = Promise.resolve();

  try {
    await new Promise<void>((resolve, reject) => {
      // a failed task stops new change steps, but labels already possible still run and commit, so no
      // finished work is lost; only a cancellation aborts what is in flight
      const fail = (err: unknown) => {
        if (failure === null) failure = err;
        pump();
      };
      const settle = () => {
        if (inFlight > 0 || uncommitted > 0) return;
        if (failure !== null) reject(failure);
        else if (labelled === o.todo.length) resolve();
      };
      const pump = () => {
        while (!inner.signal.aborted && inFlight < o.maxInFlight && uncommitted < o.maxInFlight) {
          const t = ready.shift();
          if (t) startLabel(t);
          else if (failure === null && nextChange < changeOrder.length) startChange(changeOrder[nextChange++]);
          else break;
        }
        if (inner.signal.aborted && failure === null) failure = o.signal?.reason ?? new Error('cancelled');
        settle();
      };
      const startChange = (t: PlannedTile) => {
        inFlight++;
        o.change(t, inner.signal).then(
          (r) => {
            inFlight--;
            results.set(t.id, r);
            if (waiting.has(t.id)) own.set(t.id, r);
            for (const id of dependents.get(t.id) ?? []) {
              const deps = needs.get(id) as PlannedTile[];
              if (waiting.has(id) && deps.every((d) => results.has(d.id))) {
                waiting.delete(id);
                ready.push(plan.tiles[id]);
              }
            }
            pump();
          },
          (err) => {
            inFlight--;
            fail(err);
          },
        );
      };
      const startLabel = (t: PlannedTile) => {
        const window = windowOf(t);
        const deps = needs.get(t.id) as PlannedTile[];
        const cut = cutWindow(window, deps, results);
        for (const d of deps) {
          const left = (uses.get(d.id) ?? 1) - 1;
          uses.set(d.id, left);
          if (left === 0) results.delete(d.id);
        }
        inFlight++;
        o.label(t, window, cut, inner.signal).then(
          (r) => {
            const mine = own.get(t.id) as ChangeResult;
            own.delete(t.id);
            // the worker is free now; the commit (an fsync, change.tif) goes on while the next tasks run
            inFlight--;
            uncommitted++;
            commits = commits.then(async () => {
              await o.commit(t, mine, r);
              labelled++;
            });
            commits.then(
              () => {
                uncommitted--;
                pump();
              },
              (err) => {
                uncommitted--;
                fail(err);
              },
            );
            pump();
          },
          (err) => {
            inFlight--;
            fail(err);
          },
        );
      };
      pump();
    });
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}

/** Copies the parts of the neighbouring change results that fall inside the window. */
function cutWindow(window: PixelWindow, deps: readonly PlannedTile[], results: Map<number, ChangeResult>): WindowCut {
  const n = window.width * window.height;
  const first = results.get(deps[0].id) as ChangeResult;
  const cut: WindowCut = {
    codes: new Uint8Array(n),
    transitionCodes: new Uint32Array(first.transitionCodes.length > 0 ? n : 0),
    magnitude: new Float32Array(first.magnitude.length > 0 ? n : 0),
  };
  for (const d of deps) {
    const r = results.get(d.id) as ChangeResult;
    const c = d.core;
    const x0 = Math.max(c.x, window.x);
    const x1 = Math.min(c.x + c.width, window.x + window.width);
    const y0 = Math.max(c.y, window.y);
    const y1 = Math.min(c.y + c.height, window.y + window.height);
    for (let y = y0; y < y1; y++) {
      const src = (y - c.y) * c.width + (x0 - c.x);
      const dst = (y - window.y) * window.width + (x0 - window.x);
      const len = x1 - x0;
      cut.codes.set(r.codes.subarray(src, src + len), dst);
      if (cut.transitionCodes.length > 0) cut.transitionCodes.set(r.transitionCodes.subarray(src, src + len), dst);
      if (cut.magnitude.length > 0) cut.magnitude.set(r.magnitude.subarray(src, src + len), dst);
    }
  }
  return cut;
}
