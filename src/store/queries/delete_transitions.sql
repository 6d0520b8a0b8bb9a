-- delete_transitions: removes a job's transition counts (before writing them again).
-- Parameters: $1 job_id.
-- Returns: nothing (rows changed = rows removed).
DELETE FROM transitions
WHERE job_id = $1
