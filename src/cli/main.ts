import { Command, CommanderError } from 'commander';
import { runCommand } from './run-command.ts';
import { infoCommand } from './commands/info-command.ts';
import { sampleCommand } from './commands/sample-command.ts';
import { detectCommand } from './commands/detect-command.ts';
import { jobsCommand } from './commands/jobs-command.ts';
import { serveCommand } from './commands/serve-command.ts';
import { reportCommand } from './commands/report-command.ts';
import { tilesCommand } from './commands/tiles-command.ts';
import { checkSiteCommand } from './commands/check-site-command.ts';
import { reviewCommand } from './commands/review-command.ts';

const program = new Command('landwatch')
  .description('Change monitoring between image epochs: seam-free change polygons (图斑), fast and exact.')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

infoCommand(program);
sampleCommand(program);
detectCommand(program);
jobsCommand(program);
serveCommand(program);
reportCommand(program);
tilesCommand(program);
checkSiteCommand(program);
reviewCommand(program);

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
