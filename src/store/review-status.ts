/** Review decisions on a patch; 'unreviewed' is where every patch starts. */
export const REVIEW_STATUSES = ['unreviewed', 'confirmed', 'legal', 'false_detection', 'field_check'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export function isReviewStatus(v: unknown): v is ReviewStatus {
  return typeof v === 'string' && (REVIEW_STATUSES as readonly string[]).includes(v);
}
