-- insert_review: appends one decision to the review audit (never updated or deleted).
-- Parameters: $1 job_id, $2 patch_id, $3 status, $4 previous_status, $5 reviewer, $6 comment, $7 approval_ref,
--   $8 reviewed_at (ISO-8601 UTC text).
-- Returns: review_id BIGINT.
INSERT INTO reviews (job_id, patch_id, status, previous_status, reviewer, comment, approval_ref, reviewed_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, CAST($8 AS TIMESTAMP))
RETURNING review_id
