-- upsert_threshold: stores the global threshold of a job for one method (a re-run replaces it).
-- Parameters: $1 job_id, $2 method, $3 value DOUBLE, $4 histogram BLOB (Float64 little-endian counts, or NULL),
--   $5 spec JSON text (or NULL), $6 updated (ISO-8601 UTC text).
-- Returns: nothing.
INSERT INTO thresholds (job_id, method, value, histogram, spec, updated_at)
VALUES ($1, $2, $3, $4, $5, CAST($6 AS TIMESTAMP))
ON CONFLICT (job_id, method) DO UPDATE
SET value = excluded.value, histogram = excluded.histogram, spec = excluded.spec, updated_at = excluded.updated_at
