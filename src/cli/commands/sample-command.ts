import type { Command } from 'commander';
import { generateSample } from '../../sample/index.ts';
import { runCommand } from '../run-command.ts';
import { createProgress } from '../progress-bar.ts';
import { parseIntOption } from '../parse-options.ts';

export function sampleCommand(program: Command): void {
  program
    .command('sample')
    .description('generate a realistic two-epoch sample scene (CGCS2000 GK CM 120E, 2 m pixels) with ground truth and planning layers')
    .requiredOption('--out <dir>', 'output folder')
    .option('--size <px>', 'scene width and height in pixels', '4096')
    .option('--seed <n>', 'random seed; the same seed gives byte-identical files', '1')
    .option('--json', 'print the list of written files as JSON')
    .addHelpText(
      'after',
      `
Examples:
  landwatch sample --out demo
  landwatch sample --out demo-small --size 1024 --seed 7 --json`,
    )
    .action((opts: { out: string; size: string; seed: string; json?: boolean }) =>
      runCommand(async () => {
        const progress = createProgress(!opts.json && Boolean(process.stderr.isTTY));
        const size = parseIntOption('--size', opts.size, 256, 32768);
        const seed = parseIntOption('--seed', opts.seed, 0, 2 ** 31 - 1);
        const res = await generateSample({
          outDir: opts.out,
          size,
          seed,
          onProgress: (done, total) => progress.update({ phase: 'sample', done, total, pixels: (done / total) * size * size }),
        });
        progress.stop();
        if (opts.json) process.stdout.write(`${JSON.stringify(res.files, null, 2)}\n`);
        else process.stdout.write(`sample written to ${res.dir} (${res.changes} planted changes)\n${Object.values(res.files).map((f) => `  ${f}`).join('\n')}\n`);
      }),
    );
}
