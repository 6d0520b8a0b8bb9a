import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { REVIEW_STATUSES, openStore, type ReviewStatus, type Store } from '../../store/index.ts';
import { exportConfirmedViolations } from '../../supervise/index.ts';
import { CliError } from '../cli-error.ts';
import { parseChoice } from '../parse-options.ts';
import { runCommand } from '../run-command.ts';

const DEFAULT_DB = 'data/monitor.duckdb';
const DECISIONS = REVIEW_STATUSES.filter((s) => s !== 'unreviewed');

interface ReviewOptions {
  db: string;
  status?: string;
  comment?: string;
  reviewer?: string;
  approvalRef?: string;
  history?: boolean;
  summary?: boolean;
  export?: string;
  format?: string;
  json?: boolean;
}

/**
 * `landwatch review JOB PATCH --status …`: record a review decision (append-only audit), show the
 * audit, summarise rule hits by review status, or export confirmed violations for enforcement.
 */
export function reviewCommand(program: Command): void {
  program
    .command('review')
    .description('review change patches / violation candidates: record a decision, show the audit, export confirmed violations')
    .argument('<job>', 'job id')
    .argument('[patch]', 'patch id (to record a decision, or to filter --history)')
    .option('--db <file>', 'DuckDB file of the job', DEFAULT_DB)
    .option('--status <status>', `decision: ${DECISIONS.join(' | ')}`)
    .option('--comment <text>', 'reviewer comment')
    .option('--reviewer <name>', 'who decided')
    .option('--approval-ref <ref>', 'approval reference that makes the change legal (with --status legal)')
    .option('--history', 'print the review audit (of the patch, or of the whole job)')
    .option('--summary', 'rule hits by rule, severity and review status')
    .option('--export <file>', 'write the confirmed violations to this file')
    .option('--format <fmt>', 'export format: geojson | csv (default from the file extension)')
    .option('--json', 'JSON output')
    .addHelpText(
      'after',
      `
Examples:
  landwatch review <job> <patch> --status confirmed --reviewer li --comment "field visit 3 May" --db demo/run/landwatch.duckdb
  landwatch review <job> <patch> --status legal --approval-ref PZ2021-0002 --db demo/run/landwatch.duckdb
  landwatch review <job> --export confirmed.geojson --db demo/run/landwatch.duckdb`,
    )
    .action((job: string, patch: string | undefined, o: ReviewOptions) =>
      runCommand(async () => {
        const store = await openStore(o.db);
        try {
          await reviewAction(store, job, patch, o);
        } finally {
          await store.close();
        }
      }),
    );
}

async function reviewAction(store: Store, job: string, patch: string | undefined, o: ReviewOptions): Promise<void> {
  const out = (v: unknown, text: string): void => void process.stdout.write(o.json ? `${JSON.stringify(v, null, 2)}\n` : text);
  if (o.export !== undefined) {
    const format = parseChoice('--format', o.format ?? (o.export.toLowerCase().endsWith('.csv') ? 'csv' : 'geojson'), ['geojson', 'csv'] as const);
    const { text, count } = await exportConfirmedViolations(store, job, format);
    await writeFile(o.export, text);
    return out({ file: o.export, format, violations: count }, `${count} confirmed violation(s) written to ${o.export}\n`);
  }
  if (o.summary) {
    const rows = await store.layers.violationSummary(job);
    return out(rows, rows.map((r) => `${r.ruleId.padEnd(30)} ${r.severity.padEnd(7)} ${r.reviewStatus.padEnd(16)} ${String(r.violations).padStart(5)}  ${r.areaM2.toFixed(1)} m²\n`).join('') || 'no violations\n');
  }
  if (o.history || o.status === undefined) {
    if (o.status === undefined && !o.history) throw new CliError('E_CLI_USAGE', 'give --status to record a decision, or --history, --summary or --export');
    const rows = await store.reviews.history(job, patch);
    return out(rows, rows.map((r) => `${r.at}  ${r.patchId}  ${r.previousStatus ?? '-'} → ${r.status}  ${r.reviewer ?? ''}  ${r.approvalRef ?? ''}  ${r.comment ?? ''}\n`).join('') || 'no reviews\n');
  }
  if (patch === undefined) throw new CliError('E_CLI_USAGE', 'recording a decision needs the patch id: landwatch review <job> <patch> --status …');
  const status = parseChoice('--status', o.status, DECISIONS) as ReviewStatus;
  if (o.approvalRef !== undefined && status !== 'legal') throw new CliError('E_CLI_USAGE', '--approval-ref goes with --status legal');
  const rec = await store.reviews.record({ jobId: job, patchId: patch, status, reviewer: o.reviewer ?? null, comment: o.comment ?? null, approvalRef: o.approvalRef ?? null });
  out(rec, `patch ${patch}: ${rec.previousStatus ?? 'unreviewed'} → ${rec.status} (review ${rec.reviewId})\n`);
}
