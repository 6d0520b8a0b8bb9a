/**
 * Base of every error the product raises on purpose. `code` is a stable `E_<ROOM>_<WHAT>` string
 * (listed in error-codes.ts), `details` names the file, band, tile and byte offset where known.
 */
export interface ErrorDetails {
  file?: string;
  band?: number;
  tile?: string;
  offset?: number;
  [key: string]: unknown;
}

export class LandwatchError extends Error {
  readonly code: string;
  readonly details: ErrorDetails;

  constructor(code: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  /** Plain form that survives postMessage/structuredClone (which drop name, code and details). */
  toJSON(): SerializedError {
    return { name: this.name, code: this.code, message: this.message, details: this.details };
  }
}

export interface SerializedError {
  name: string;
  code: string;
  message: string;
  details: ErrorDetails;
}

export function isLandwatchError(err: unknown): err is LandwatchError {
  return err instanceof LandwatchError;
}
