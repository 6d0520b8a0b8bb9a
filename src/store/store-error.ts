import { LandwatchError, type ErrorDetails } from '../util/landwatch-error.ts';

/** Stable codes of the store room, each with its one-line meaning. */
export const STORE_CODES = {
  E_STORE_OPEN: 'the database file cannot be opened',
  E_STORE_MIGRATION: 'a schema migration failed',
  E_STORE_QUERY: 'a query failed',
  E_STORE_NOT_FOUND: 'the requested record does not exist',
  E_STORE_CONSTRAINT: 'a write broke a key or NOT NULL constraint (e.g. a duplicate patch id)',
  E_STORE_INVALID: 'a value given to or read from the store is outside its domain (unknown status, pass, kind)',
  E_STORE_CLOSED: 'the store was used after close()',
} as const;

export type StoreCode = keyof typeof STORE_CODES;

export class StoreError extends LandwatchError {
  constructor(code: StoreCode, message: string, details: ErrorDetails = {}) {
    super(code, message, details);
  }
}
