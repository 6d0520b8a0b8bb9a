-- delete_overlaps: removes a job's patch × feature overlaps.
-- Parameters: $1 job_id.
-- Returns: nothing.
DELETE FROM patch_overlaps WHERE job_id = $1
