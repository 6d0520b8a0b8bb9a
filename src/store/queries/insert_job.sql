-- insert_job: creates a job row; a duplicate id raises a constraint error.
-- Parameters: $1 id, $2 process_id, $3 status, $4 params JSON text, $5 phase, $6 tiles_done, $7 tiles_total,
--   $8 percent, $9 eta_seconds (NULL = unknown), $10 message, $11 error JSON text (NULL = none),
--   $12 created, $13 started, $14 finished, $15 updated (ISO-8601 UTC text; NULL where not yet).
-- Returns: nothing.
INSERT INTO jobs (id, process_id, status, params, phase, tiles_done, tiles_total, percent, eta_seconds, message, error,
                  created_at, started_at, finished_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11,
        CAST($12 AS TIMESTAMP), CAST($13 AS TIMESTAMP), CAST($14 AS TIMESTAMP), CAST($15 AS TIMESTAMP))
