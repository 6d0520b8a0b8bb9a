-- delete_violations: removes a job's rule hits (before supervision writes them again).
-- Parameters: $1 job_id.
-- Returns: nothing (rows changed = rows removed).
DELETE FROM violations
WHERE job_id = $1
