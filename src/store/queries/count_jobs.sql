-- count_jobs: how many jobs list_jobs would page through.
-- Parameters: $1 status (NULL = any).
-- Returns: total BIGINT.
SELECT count(*) AS total
FROM jobs
WHERE ($1 IS NULL OR status = $1)
