import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the cli room, each with its one-line meaning. */
export const CLI_CODES = {
  E_CLI_USAGE: 'bad command-line usage',
} as const;

export type CliCode = keyof typeof CLI_CODES;

export class CliError extends LandwatchError {
  constructor(code: CliCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
