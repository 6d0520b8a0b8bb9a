import { REVIEW_STATUSES, isReviewStatus, type ReviewStatus } from './review-status.ts';
import type { SqlRow, StoreDb } from './store-db.ts';
import { StoreError } from './store-error.ts';
import { readEnum, readInt, readIso, readOptString, readString } from './row-read.ts';

export interface ReviewInput {
  jobId: string;
  patchId: string;
  status: ReviewStatus;
  reviewer?: string | null;
  comment?: string | null;
  /** reference of the planning approval that makes a change legal */
  approvalRef?: string | null;
  /** ISO-8601 UTC; defaults to now */
  at?: string;
}

export interface ReviewRecord {
  reviewId: number;
  jobId: string;
  patchId: string;
  status: ReviewStatus;
  /** the patch's status before this decision */
  previousStatus: ReviewStatus | null;
  reviewer: string | null;
  comment: string | null;
  approvalRef: string | null;
  at: string;
}

export interface ReviewsStore {
  /**
   * Appends the decision to the audit and sets the patch's current status, in one transaction. Concurrent
   * calls are serialised, so every one of them is kept. E_STORE_NOT_FOUND when the patch does not exist.
   */
  record(input: ReviewInput): Promise<ReviewRecord>;
  /** The audit of a job (or one patch), oldest first. */
  history(jobId: string, patchId?: string): Promise<ReviewRecord[]>;
}

export function createReviewsStore(db: StoreDb): ReviewsStore {
  return {
    record: (r) => {
      if (!isReviewStatus(r.status)) {
        return Promise.reject(
          new StoreError('E_STORE_INVALID', `patch ${r.patchId}: unknown review status '${String(r.status)}'`, {
            job: r.jobId,
            patch: r.patchId,
          }),
        );
      }
      return db.transaction(async (s) => {
        const current = await s.one('select_patch_review_status', [r.jobId, r.patchId]);
        if (!current) {
          throw new StoreError('E_STORE_NOT_FOUND', `job ${r.jobId}: no patch ${r.patchId}`, { job: r.jobId, patch: r.patchId });
        }
        const previousStatus = readEnum(current, 'review_status', REVIEW_STATUSES);
        const at = r.at ?? new Date().toISOString();
        const inserted = await s.one('insert_review', [
          r.jobId,
          r.patchId,
          r.status,
          previousStatus,
          r.reviewer ?? null,
          r.comment ?? null,
          r.approvalRef ?? null,
          at,
        ]);
        await s.run('update_patch_review_status', [r.jobId, r.patchId, r.status]);
        return {
          reviewId: inserted ? readInt(inserted, 'review_id') : 0,
          jobId: r.jobId,
          patchId: r.patchId,
          status: r.status,
          previousStatus,
          reviewer: r.reviewer ?? null,
          comment: r.comment ?? null,
          approvalRef: r.approvalRef ?? null,
          at: new Date(at).toISOString(),
        };
      });
    },

    history: (jobId, patchId) =>
      db.exclusive(async (s) => (await s.all('list_reviews', [jobId, patchId ?? null])).map(toReview)),
  };
}

function toReview(row: SqlRow): ReviewRecord {
  const previous = readOptString(row, 'previous_status');
  return {
    reviewId: readInt(row, 'review_id'),
    jobId: readString(row, 'job_id'),
    patchId: readString(row, 'patch_id'),
    status: readEnum(row, 'status', REVIEW_STATUSES),
    previousStatus: previous === null ? null : readEnum(row, 'previous_status', REVIEW_STATUSES),
    reviewer: readOptString(row, 'reviewer'),
    comment: readOptString(row, 'comment'),
    approvalRef: readOptString(row, 'approval_ref'),
    at: readIso(row, 'reviewed_at'),
  };
}
