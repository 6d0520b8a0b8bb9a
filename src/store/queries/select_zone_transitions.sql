-- select_zone_transitions: changed area inside each layer kind (planning zone), by land-use transition.
-- Overlaps of one patch with several features of a kind add up (features of a layer do not overlap).
-- Parameters: $1 job_id.
-- Returns: layer_kind, code, from_class, to_class, patches BIGINT, overlap_m2 DOUBLE.
SELECT o.layer_kind, p.code::INTEGER AS code, p.from_class, p.to_class,
       count(DISTINCT o.patch_id)::BIGINT AS patches, sum(o.overlap_m2)::DOUBLE AS overlap_m2
FROM patch_overlaps o
JOIN patches p ON p.job_id = o.job_id AND p.id = o.patch_id
WHERE o.job_id = $1
GROUP BY o.layer_kind, p.code, p.from_class, p.to_class
ORDER BY o.layer_kind, code, p.from_class, p.to_class
