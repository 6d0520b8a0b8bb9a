-- list_jobs: a page of jobs, newest first, optionally of one status.
-- Parameters: $1 status (NULL = any), $2 limit, $3 offset.
-- Returns: id, process_id, status, params, phase, tiles_done, tiles_total, percent, eta_seconds, message, error,
--   created_at, started_at, finished_at, updated_at
SELECT id, process_id, status, params, phase, tiles_done, tiles_total, percent, eta_seconds, message, error,
       created_at, started_at, finished_at, updated_at
FROM jobs
WHERE ($1 IS NULL OR status = $1)
ORDER BY created_at DESC, id
LIMIT $2 OFFSET $3
