-- select_dataset: one dataset by id.
-- Parameters: $1 id.
-- Returns: id, path, kind, epsg, proj4, width, height, geotransform, bands, acquired, registered_at (0 or 1 row).
SELECT id, path, kind, epsg, proj4, width, height, geotransform, bands, acquired, registered_at
FROM datasets
WHERE id = $1
