-- count_tiles: checkpoint counts of one pass.
-- Parameters: $1 job_id, $2 pass.
-- Returns: done BIGINT, failed BIGINT.
SELECT count(*) FILTER (WHERE status = 'done') AS done,
       count(*) FILTER (WHERE status = 'failed') AS failed
FROM tiles
WHERE job_id = $1 AND pass = $2
