-- list_layers: every imported layer, by id.
-- Parameters: none.
-- Returns: id, kind, source_file, epsg, proj4, feature_count, problems, imported_at, stored_features.
SELECT l.id, l.kind, l.source_file, l.epsg, l.proj4, l.feature_count, l.problems, l.imported_at,
       (SELECT count(*) FROM layer_features f WHERE f.layer_id = l.id)::BIGINT AS stored_features
FROM layers l
ORDER BY l.id
