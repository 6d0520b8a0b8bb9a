import { LandwatchError } from '../util/landwatch-error.ts';

/**
 * The edge of the CLI: a typed error prints one stderr line `landwatch: E_CODE message` and exits 1
 * (2 for bad usage); anything unexpected prints its stack (a bug, worth reporting) and exits 1.
 */
export async function runCommand(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    process.exitCode = exitCodeFor(err);
    process.stderr.write(`${formatError(err)}\n`);
  }
}

export function formatError(err: unknown): string {
  // one line, whatever the message holds (DuckDB and zlib messages carry newlines)
  if (err instanceof LandwatchError) return `landwatch: ${err.code} ${err.message.replace(/\s*\n\s*/g, ' ')}`;
  if (err instanceof Error) return `landwatch: E_INTERNAL ${err.message}\n${err.stack ?? ''}`;
  return `landwatch: E_INTERNAL ${String(err)}`;
}

function exitCodeFor(err: unknown): number {
  return err instanceof LandwatchError && err.code === 'E_CLI_USAGE' ? 2 : 1;
}
