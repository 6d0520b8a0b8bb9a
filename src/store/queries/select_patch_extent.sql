-- select_patch_extent: lon/lat bounding box of all patches of a job (NULLs when it has none).
-- Parameters: $1 job_id.
-- Returns: lon_min DOUBLE, lat_min DOUBLE, lon_max DOUBLE, lat_max DOUBLE.
SELECT min(lon_min) AS lon_min, min(lat_min) AS lat_min, max(lon_max) AS lon_max, max(lat_max) AS lat_max
FROM patches
WHERE job_id = $1
