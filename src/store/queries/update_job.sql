-- update_job: rewrites the mutable fields of a job (the store merges a change into the current row first).
-- Parameters: $1 id, $2 status, $3 phase, $4 tiles_done, $5 tiles_total, $6 percent, $7 eta_seconds,
--   $8 message, $9 error JSON text, $10 started, $11 finished, $12 updated (ISO-8601 UTC text or NULL).
-- Returns: nothing (rows changed: 0 when the id is unknown).
UPDATE jobs
SET status = $2, phase = $3, tiles_done = $4, tiles_total = $5, percent = $6, eta_seconds = $7,
    message = $8, error = $9,
    started_at = CAST($10 AS TIMESTAMP), finished_at = CAST($11 AS TIMESTAMP), updated_at = CAST($12 AS TIMESTAMP)
WHERE id = $1
