-- delete_patches: removes every patch of a job (before a re-run writes them again). Reviews stay in the audit.
-- Parameters: $1 job_id.
-- Returns: nothing (rows changed = patches removed).
DELETE FROM patches
WHERE job_id = $1
