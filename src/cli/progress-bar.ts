import cliProgress from 'cli-progress';

export interface ProgressUpdate {
  phase: string;
  done: number;
  total: number;
  /** pixels processed so far in this phase, for the pixels/s figure */
  pixels?: number;
}

/**
 * Progress on stderr, only when stderr is a terminal (pipelines and --json runs get a clean stream).
 * One bar per phase: tiles done/total, megapixels per second and ETA.
 */
export function createProgress(enabled = Boolean(process.stderr.isTTY)): {
  update: (u: ProgressUpdate) => void;
  stop: () => void;
} {
  if (!enabled) return { update: () => undefined, stop: () => undefined };
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  let start = 0;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    update(u) {
      if (u.phase !== phase || !bar) {
        stop();
        phase = u.phase;
        start = performance.now();
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${u.phase.padEnd(9)} [{bar}] {value}/{total} tiles | {mpps} Mpx/s | ETA {eta_formatted}`,
            hideCursor: true,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(u.total, u.done, { mpps: '0.0' });
      }
      const seconds = Math.max(1e-3, (performance.now() - start) / 1000);
      bar.update(u.done, { mpps: ((u.pixels ?? 0) / 1e6 / seconds).toFixed(1) });
    },
    stop,
  };
}
