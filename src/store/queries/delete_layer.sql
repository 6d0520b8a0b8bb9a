-- delete_layer: removes a layer's row (its features go with delete_layer_features).
-- Parameters: $1 layer id.
-- Returns: nothing.
DELETE FROM layers WHERE id = $1
