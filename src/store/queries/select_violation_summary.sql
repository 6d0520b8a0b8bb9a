-- select_violation_summary: a job's rule hits counted by rule, severity and the patch's review status.
-- Parameters: $1 job_id.
-- Returns: rule_id, severity, review_status, violations BIGINT, patches BIGINT, area_m2 DOUBLE.
SELECT v.rule_id, v.severity, coalesce(p.review_status, 'unreviewed') AS review_status,
       count(*)::BIGINT AS violations, count(DISTINCT v.patch_id)::BIGINT AS patches,
       coalesce(sum(p.area_m2), 0)::DOUBLE AS area_m2
FROM violations v
LEFT JOIN patches p ON p.job_id = v.job_id AND p.id = v.patch_id
WHERE v.job_id = $1
GROUP BY v.rule_id, v.severity, coalesce(p.review_status, 'unreviewed')
ORDER BY v.rule_id, v.severity, review_status
