import type { Command } from 'commander';
import { TILE_BACKENDS } from '../jobs/bullmq-backend.ts';
import { DEFAULT_QUEUE } from '../jobs/bullmq-protocol.ts';
import { CliError } from './cli-error.ts';
import { parseChoice, parseIntOption } from './parse-options.ts';

export interface BackendFlags {
  backend: string;
  redis?: string;
  queue: string;
  workers?: string;
}

/** The tile-backend flags shared by `detect` and `serve`. */
export function addBackendOptions(cmd: Command): Command {
  return cmd
    .option('--backend <kind>', "where tiles run: 'local' (worker threads) or 'bullmq' (landwatch worker processes via Redis)", 'local')
    .option('--redis <url>', 'Redis URL for --backend bullmq, e.g. redis://127.0.0.1:6379 (or LANDWATCH_REDIS)')
    .option('--queue <name>', 'BullMQ queue name for --backend bullmq', DEFAULT_QUEUE);
}

/** Validated backend choice; bullmq needs a Redis URL from --redis or LANDWATCH_REDIS. */
export function parseBackendOptions(o: BackendFlags) {
  const backend = parseChoice('--backend', o.backend, TILE_BACKENDS);
  const redisUrl = o.redis ?? process.env.LANDWATCH_REDIS;
  if (backend === 'bullmq' && !redisUrl) throw new CliError('E_CLI_USAGE', '--backend bullmq needs --redis <url> (or LANDWATCH_REDIS)');
  const workers = o.workers ? parseIntOption('--workers', o.workers, 1, 256) : undefined;
  return { backend, redisUrl, queue: o.queue, workers };
}
