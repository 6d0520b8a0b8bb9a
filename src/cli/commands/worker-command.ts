import { availableParallelism } from 'node:os';
import { Option, type Command } from 'commander';
import { pino } from 'pino';
import { startTileWorker } from '../../jobs/bullmq-worker.ts';
import { DEFAULT_LOCK_MS, DEFAULT_QUEUE } from '../../jobs/bullmq-protocol.ts';
import { redactRedisUrl } from '../../jobs/bullmq-connection.ts';
import { CliError } from '../cli-error.ts';
import { runCommand } from '../run-command.ts';
import { parseIntOption } from '../parse-options.ts';

interface WorkerOpts {
  redis?: string;
  concurrency?: string;
  queue: string;
  lockMs: string;
  taskDelayMs?: string;
}

export function workerCommand(program: Command): void {
  program
    .command('worker')
    .description('run tile tasks from a BullMQ queue (scale-out): start one per machine that sees the dataset paths')
    .option('--redis <url>', 'Redis URL, e.g. redis://10.0.0.5:6379 (or LANDWATCH_REDIS)')
    .option('--concurrency <n>', 'tile tasks at once in this process, one worker thread each (default: all cores)')
    .option('--queue <name>', 'queue name; coordinators and workers must agree', DEFAULT_QUEUE)
    .option('--lock-ms <ms>', 'BullMQ task lock in ms: a worker killed mid-tile hands its tile on after this long', String(DEFAULT_LOCK_MS))
    .addOption(new Option('--task-delay-ms <ms>', 'fault injection for tests: wait before each task').hideHelp())
    .addHelpText(
      'after',
      `
Workers must see the datasets under the same paths as the coordinator (a shared mount). Stop with
SIGTERM or Ctrl-C: running tiles finish first; a killed worker's tiles go to another worker.

Examples:
  redis-server --port 6379 --save '' --appendonly no &
  landwatch worker --redis redis://127.0.0.1:6379 --concurrency 2 &
  landwatch sample --out demo --size 1024 && landwatch detect demo/epoch-a.tif demo/epoch-b.tif --out demo/run --backend bullmq --redis redis://127.0.0.1:6379`,
    )
    .action((o: WorkerOpts) => runCommand(() => worker(o)));
}

async function worker(o: WorkerOpts): Promise<void> {
  const redisUrl = o.redis ?? process.env.LANDWATCH_REDIS;
  if (!redisUrl) throw new CliError('E_CLI_USAGE', 'worker needs --redis <url> (or LANDWATCH_REDIS)');
  const concurrency = o.concurrency ? parseIntOption('--concurrency', o.concurrency, 1, 256) : availableParallelism();
  const lockDurationMs = parseIntOption('--lock-ms', o.lockMs, 500, 3_600_000);
  const taskDelayMs = o.taskDelayMs ? parseIntOption('--task-delay-ms', o.taskDelayMs, 0, 600_000) : 0;
  const log = pino({ level: process.env.LANDWATCH_LOG ?? 'info' }, pino.destination(2));
  const handle = await startTileWorker({
    redisUrl,
    queue: o.queue,
    concurrency,
    lockDurationMs,
    taskDelayMs,
    onEvent: (level, message, fields) => log[level](fields, message),
  });
  log.info({ worker: handle.id, queue: o.queue, redis: redactRedisUrl(redisUrl), concurrency }, 'worker ready');
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  log.info({ worker: handle.id }, 'worker stopping; running tiles finish first');
  await handle.close();
  log.info(handle.stats(), 'worker stopped');
}
