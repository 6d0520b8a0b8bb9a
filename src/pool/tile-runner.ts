/**
 * What the job runner needs to run tile tasks, whatever runs them: the local piscina pool (TilePool) or a
 * distributed queue. Typed over a task map `{ name: [Task, Result] }`.
 */
export interface RunOptions {
  signal?: AbortSignal;
  /** names the task in errors, e.g. 'tile 3,7' */
  label?: string;
}

export interface TileRunner<M extends { [K in keyof M]: [unknown, unknown] }> {
  /** how many tasks can run at once (sizes the in-flight window) */
  readonly workers: number;
  /** true when tasks run on this machine, so files the coordinator names (the magnitude cache) are shared */
  readonly localFiles?: boolean;
  run<K extends keyof M & string>(name: K, task: M[K][0], opts?: RunOptions): Promise<M[K][1]>;
  destroy(): Promise<void>;
  /** a view whose task ids and stats belong to one job (queue backends); absent: the runner itself serves every job */
  forJob?(jobId: string): TileRunner<M>;
  /** backend counters for the job summary (`backend`): throughput, retries, failures per worker */
  stats?(): unknown;
}
