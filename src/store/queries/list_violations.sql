-- list_violations: a job's rule hits, optionally of one patch.
-- Parameters: $1 job_id, $2 patch_id (NULL = every patch).
-- Returns: job_id, patch_id, rule_id, severity, message, evidence, created_at.
SELECT job_id, patch_id, rule_id, severity, message, evidence, created_at
FROM violations
WHERE job_id = $1 AND ($2 IS NULL OR patch_id = $2)
ORDER BY patch_id, rule_id
