-- upsert_dataset: registers an input dataset (epoch image, land-use raster, vector layer) or refreshes it.
-- Parameters: $1 id, $2 path, $3 kind, $4 epsg, $5 proj4, $6 width, $7 height, $8 geotransform JSON text,
--   $9 bands, $10 acquired ('YYYY-MM-DD' or NULL), $11 registered (ISO-8601 UTC text).
-- Returns: nothing.
INSERT INTO datasets (id, path, kind, epsg, proj4, width, height, geotransform, bands, acquired, registered_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CAST($10 AS DATE), CAST($11 AS TIMESTAMP))
ON CONFLICT (id) DO UPDATE
SET path = excluded.path, kind = excluded.kind, epsg = excluded.epsg, proj4 = excluded.proj4,
    width = excluded.width, height = excluded.height, geotransform = excluded.geotransform,
    bands = excluded.bands, acquired = excluded.acquired, registered_at = excluded.registered_at
