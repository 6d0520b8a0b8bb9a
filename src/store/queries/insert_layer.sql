-- insert_layer: records one imported layer (delete_layer first to replace it).
-- Parameters: $1 id, $2 kind, $3 source_file, $4 epsg (NULL when none), $5 proj4, $6 feature_count,
--   $7 problems (JSON text), $8 imported_at (ISO-8601 UTC text).
-- Returns: nothing.
INSERT INTO layers (id, kind, source_file, epsg, proj4, feature_count, problems, imported_at)
VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS JSON), CAST($8 AS TIMESTAMP))
