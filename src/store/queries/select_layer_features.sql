-- select_layer_features: a layer's features whose bbox meets a lon/lat bbox, by feature index.
-- Parameters: $1 layer id; $2 west, $3 south, $4 east, $5 north (±Infinity when unbounded).
-- Returns: layer_id, feature_index, feature_id, properties, geojson, lon_min, lat_min, lon_max, lat_max, repaired.
SELECT layer_id, feature_index, feature_id, properties, geojson, lon_min, lat_min, lon_max, lat_max, repaired
FROM layer_features
WHERE layer_id = $1 AND lon_max >= $2 AND lat_max >= $3 AND lon_min <= $4 AND lat_min <= $5
ORDER BY feature_index
