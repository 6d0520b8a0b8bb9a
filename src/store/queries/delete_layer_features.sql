-- delete_layer_features: removes every feature of a layer.
-- Parameters: $1 layer id.
-- Returns: nothing.
DELETE FROM layer_features WHERE layer_id = $1
