-- list_datasets: registered datasets, optionally only those at one path, newest registration first.
-- Parameters: $1 path (NULL = all).
-- Returns: id, path, kind, epsg, proj4, width, height, geotransform, bands, acquired, registered_at.
SELECT id, path, kind, epsg, proj4, width, height, geotransform, bands, acquired, registered_at
FROM datasets
WHERE ($1 IS NULL OR path = $1)
ORDER BY registered_at DESC, id
