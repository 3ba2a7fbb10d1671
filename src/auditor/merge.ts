import { readFileSync } from 'node:fs';

import { REPORT_SCHEMA_VERSION, compareFindings, summarize, type AuditFinding, type AuditReport } from './report.js';
import { AuditError } from './errors.js';

interface SarifLog {
  version: string;
  $schema?: string;
  runs: { tool: { driver: { rules?: { id: string }[] } }; results?: { partialFingerprints?: Record<string, string> }[] }[];
}

export type ReportFile = { readonly kind: 'json'; readonly report: AuditReport } | { readonly kind: 'sarif'; readonly log: SarifLog };

export function readReportFile(file: string): ReportFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new AuditError(`cannot read report ${file}: ${reason}`);
  }
  const value = parsed as Partial<AuditReport & SarifLog> | null;
  if (value?.version === '2.1.0' && Array.isArray(value.runs)) return { kind: 'sarif', log: value as SarifLog };
  if (typeof value?.schemaVersion === 'number' && Array.isArray(value.findings)) {
    if (value.schemaVersion !== REPORT_SCHEMA_VERSION) {
      throw new AuditError(`${file} has report schema ${value.schemaVersion}; this session-audit reads schema ${REPORT_SCHEMA_VERSION}`);
    }
    return { kind: 'json', report: value as AuditReport };
  }
  throw new AuditError(`${file} is neither a session-audit JSON report nor a SARIF 2.1.0 log`);
}

/** Shards of one audit → one report: findings deduplicated by fingerprint, counts recomputed. */
export function mergeReports(reports: readonly AuditReport[]): AuditReport {
  const findings = new Map<string, AuditFinding>();
  for (const report of reports) for (const finding of report.findings) findings.set(finding.fingerprint, finding);
  const sorted = [...findings.values()].sort(compareFindings);
  const first = reports[0];
  const fixed = new Map(reports.flatMap((report) => report.fixed).map((entry) => [entry.fingerprint, entry]));
  for (const fingerprint of findings.keys()) fixed.delete(fingerprint);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: first.tool,
    root: first.root,
    projects: [...new Set(reports.flatMap((report) => report.projects))].sort(),
    filesAnalyzed: reports.reduce((sum, report) => sum + report.filesAnalyzed, 0),
    findings: sorted,
    fixed: [...fixed.values()],
    notices: reports.flatMap((report) => report.notices),
    summary: summarize(sorted, reports.reduce((sum, report) => sum + report.summary.baselined, 0)),
  };
}

/** SARIF logs from shards → one log with one run: results concatenated, deduplicated by fingerprint. */
export function mergeSarifLogs(logs: readonly SarifLog[]): SarifLog {
  const runs = logs.flatMap((log) => log.runs);
  const seen = new Set<string>();
  const results = runs.flatMap((run) => run.results ?? []).filter((result) => {
    const key = JSON.stringify(result.partialFingerprints ?? result);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { ...logs[0], runs: [{ ...runs[0], results }] };
}
