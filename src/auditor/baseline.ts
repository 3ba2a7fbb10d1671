import { existsSync, readFileSync } from 'node:fs';

import type { AuditReport, FixedFinding } from './report.js';
import { AuditError } from './errors.js';

export const BASELINE_VERSION = 1;

/** The file `--update-baseline` writes: the accepted findings, keyed by fingerprint. */
export interface BaselineFile {
  readonly baselineVersion: number;
  readonly findings: readonly FixedFinding[];
}

export function toBaseline(report: AuditReport): BaselineFile {
  return {
    baselineVersion: BASELINE_VERSION,
    findings: report.findings.map(({ ruleId, file, message, fingerprint }) => ({ ruleId, file, message, fingerprint })),
  };
}

/** Reads a baseline file, or a JSON report used as one. */
export function readBaseline(file: string): FixedFinding[] {
  if (!existsSync(file)) throw new AuditError(`no such baseline: ${file} (create it with --update-baseline)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new AuditError(`cannot read baseline ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const findings = (parsed as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(findings) || !findings.every((entry) => typeof (entry as FixedFinding | null)?.fingerprint === 'string')) {
    throw new AuditError(`${file} is not a session-audit baseline or JSON report`);
  }
  return (findings as FixedFinding[]).map(({ ruleId, file: path, message, fingerprint }) => ({ ruleId, file: path, message, fingerprint }));
}
