-- list_unfinished_jobs: jobs still accepted or running (to resume after a restart), oldest first.
-- Parameters: none.
-- Returns: id, process_id, status, params, phase, tiles_done, tiles_total, percent, eta_seconds, message, error,
--   created_at, started_at, finished_at, updated_at
SELECT id, process_id, status, params, phase, tiles_done, tiles_total, percent, eta_seconds, message, error,
       created_at, started_at, finished_at, updated_at
FROM jobs
WHERE status IN ('accepted', 'running')
ORDER BY created_at, id
