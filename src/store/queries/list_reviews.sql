-- list_reviews: the review audit of a job, or of one patch, oldest first.
-- Parameters: $1 job_id, $2 patch_id (NULL = every patch).
-- Returns: review_id, job_id, patch_id, status, previous_status, reviewer, comment, approval_ref, reviewed_at.
SELECT review_id, job_id, patch_id, status, previous_status, reviewer, comment, approval_ref, reviewed_at
FROM reviews
WHERE job_id = $1 AND ($2 IS NULL OR patch_id = $2)
ORDER BY review_id
