-- delete_tiles: forgets the checkpoints of a job, of one pass or of all passes.
-- Parameters: $1 job_id, $2 pass (NULL = every pass).
-- Returns: nothing (rows changed = checkpoints removed).
DELETE FROM tiles
WHERE job_id = $1 AND ($2 IS NULL OR pass = $2)
