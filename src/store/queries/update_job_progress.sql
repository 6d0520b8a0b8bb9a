-- update_job_progress: the frequent progress write of a running job.
-- Parameters: $1 id, $2 phase, $3 tiles_done, $4 tiles_total, $5 percent, $6 eta_seconds (NULL = unknown),
--   $7 updated (ISO-8601 UTC text).
-- Returns: nothing (rows changed: 0 when the id is unknown).
UPDATE jobs
SET phase = $2, tiles_done = $3, tiles_total = $4, percent = $5, eta_seconds = $6, updated_at = CAST($7 AS TIMESTAMP)
WHERE id = $1
