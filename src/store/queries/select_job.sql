-- select_job: one job by id.
-- Parameters: $1 id.
-- Returns: id, process_id, status, params, phase, tiles_done, tiles_total, percent, eta_seconds, message, error,
--   created_at, started_at, finished_at, updated_at
--   (0 or 1 row; timestamps are UTC).
SELECT id, process_id, status, params, phase, tiles_done, tiles_total, percent, eta_seconds, message, error,
       created_at, started_at, finished_at, updated_at
FROM jobs
WHERE id = $1
