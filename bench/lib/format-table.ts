/** Plain-text table with right-aligned columns after the first, for terminal and issue notes. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function fmtMb(kb: number | null | undefined): string {
  return kb == null ? '—' : `${Math.round(kb / 1024)} MB`;
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
