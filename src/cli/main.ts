import { Command, CommanderError } from 'commander';
import { runCommand } from './run-command.ts';

type Register = (program: Command) => void;

/**
 * Commands load lazily: `landwatch detect …` imports only what detect needs (start-up is paid in
 * TypeScript transpiling), while `landwatch --help` loads them all to list them.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  info: async () => (await import('./commands/info-command.ts')).infoCommand,
  sample: async () => (await import('./commands/sample-command.ts')).sampleCommand,
  detect: async () => (await import('./commands/detect-command.ts')).detectCommand,
  jobs: async () => (await import('./commands/jobs-command.ts')).jobsCommand,
  serve: async () => (await import('./commands/serve-command.ts')).serveCommand,
  report: async () => (await import('./commands/report-command.ts')).reportCommand,
  tiles: async () => (await import('./commands/tiles-command.ts')).tilesCommand,
  'check-site': async () => (await import('./commands/check-site-command.ts')).checkSiteCommand,
  review: async () => (await import('./commands/review-command.ts')).reviewCommand,
  worker: async () => (await import('./commands/worker-command.ts')).workerCommand,
};

const program = new Command('landwatch')
  .description('Change monitoring between image epochs: seam-free change polygons (图斑), fast and exact.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

const asked = process.argv[2];
const wanted = asked !== undefined && asked in COMMANDS ? [asked] : Object.keys(COMMANDS);
for (const name of wanted) (await COMMANDS[name]())(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // commander already printed the message (and help where useful); usage errors exit 2
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    await runCommand(() => Promise.reject(err));
  }
}
