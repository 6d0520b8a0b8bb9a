-- update_patch_review_status: sets the current review status of a patch (same transaction as insert_review).
-- Parameters: $1 job_id, $2 patch id, $3 status.
-- Returns: nothing (rows changed: 0 when the patch is unknown).
UPDATE patches
SET review_status = $3
WHERE job_id = $1 AND id = $2
