-- list_thresholds: the thresholds of a job, optionally of one method.
-- Parameters: $1 job_id, $2 method (NULL = every method).
-- Returns: job_id, method, value, histogram, spec, updated_at.
SELECT job_id, method, value, histogram, spec, updated_at
FROM thresholds
WHERE job_id = $1 AND ($2 IS NULL OR method = $2)
ORDER BY method
