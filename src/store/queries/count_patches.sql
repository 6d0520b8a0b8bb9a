-- count_patches: how many patches a job has.
-- Parameters: $1 job_id.
-- Returns: total BIGINT.
SELECT count(*) AS total
FROM patches
WHERE job_id = $1
