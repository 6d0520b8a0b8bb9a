-- list_transitions: a job's class transition counts.
-- Parameters: $1 job_id.
-- Returns: from_class, to_class, pixels BIGINT, area_m2 DOUBLE.
SELECT from_class, to_class, pixels, area_m2
FROM transitions
WHERE job_id = $1
ORDER BY from_class, to_class
