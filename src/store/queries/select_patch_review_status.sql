-- select_patch_review_status: the current review status of one patch (to check it exists and log the change).
-- Parameters: $1 job_id, $2 patch id.
-- Returns: review_status (0 or 1 row).
SELECT review_status
FROM patches
WHERE job_id = $1 AND id = $2
