-- list_overlaps: a job's overlaps, optionally of one patch, by patch, layer and feature.
-- Parameters: $1 job_id, $2 patch_id (NULL = every patch).
-- Returns: job_id, patch_id, layer_id, layer_kind, feature_index, feature_id, overlap_m2, share.
SELECT job_id, patch_id, layer_id, layer_kind, feature_index, feature_id, overlap_m2, share
FROM patch_overlaps
WHERE job_id = $1 AND ($2 IS NULL OR patch_id = $2)
ORDER BY patch_id, layer_id, feature_index
