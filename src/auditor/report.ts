import type { ResourceKind } from '../core/catalog.js';
import type { RuleName } from '../core/findings.js';
import type { MessageId } from '../core/messages.js';

/** Version of the JSON report schema (`docs/report-schema.md`); bumped on any incompatible change. */
export const REPORT_SCHEMA_VERSION = 1;

export type Severity = 'error' | 'warning';

/** Severity per rule, in one place: leaks and stale sessions are errors, per-iteration sessions warnings. */
export const RULE_SEVERITY: Readonly<Record<RuleName, Severity>> = {
  'no-cached-session': 'error',
  'no-session-in-loop': 'warning',
  'require-session-close': 'error',
};

/** One step of a call chain, from the reported call down to the library call. */
export interface ChainStep {
  /** The function the step happens in (`loadAccount`), or the library call itself (`pool.connect()`). */
  readonly name: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface AuditFinding {
  /** `session-leaks/<rule>`. */
  readonly ruleId: string;
  readonly rule: RuleName;
  readonly messageId: MessageId;
  readonly message: string;
  readonly severity: Severity;
  /** Path relative to the audited root, with `/` separators. */
  readonly file: string;
  /** 1-based line and column of the first character, and of the character after the last. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly library: string;
  readonly kind: ResourceKind;
  readonly chain: readonly ChainStep[];
  /** Stable across unrelated edits: no line numbers in it. */
  readonly fingerprint: string;
  /** Source lines around the finding, each `{ line, text }`. */
  readonly snippet: readonly { readonly line: number; readonly text: string }[];
  /** Present (true) when the finding needs whole-program facts that an ESLint run does not have. */
  readonly wholeProgram?: boolean;
}

export interface AuditNotice {
  readonly kind: 'config' | 'empty' | 'parse-error' | 'unreadable';
  readonly file?: string;
  readonly message: string;
}

/** A baseline entry that no longer matches any finding. */
export interface FixedFinding {
  readonly ruleId: string;
  readonly file: string;
  readonly message: string;
  readonly fingerprint: string;
}

export interface AuditSummary {
  readonly total: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  readonly byRule: Readonly<Record<string, number>>;
  readonly byLibrary: Readonly<Record<string, number>>;
  readonly byDirectory: Readonly<Record<string, number>>;
  /** Findings left out because the baseline lists them. */
  readonly baselined: number;
}

/** The one report model every formatter reads. */
export interface AuditReport {
  readonly schemaVersion: number;
  readonly tool: { readonly name: string; readonly version: string; readonly informationUri: string };
  /** The audited root, relative to the working directory of the run (`.` when it is the same), `/`-separated. */
  readonly root: string;
  /** The tsconfig files audited, relative to the root. */
  readonly projects: readonly string[];
  readonly filesAnalyzed: number;
  readonly shard?: { readonly index: number; readonly count: number };
  readonly findings: readonly AuditFinding[];
  readonly fixed: readonly FixedFinding[];
  readonly notices: readonly AuditNotice[];
  readonly summary: AuditSummary;
}

export function getDirectory(file: string): string {
  const index = file.lastIndexOf('/');
  return index === -1 ? '.' : file.slice(0, index);
}

/** Counts by severity, rule, library and directory; findings sorted by file, line, column, rule. */
export function summarize(findings: readonly AuditFinding[], baselined: number): AuditSummary {
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0 };
  const byRule: Record<string, number> = {};
  const byLibrary: Record<string, number> = {};
  const byDirectory: Record<string, number> = {};
  for (const finding of findings) {
    bySeverity[finding.severity] += 1;
    byRule[finding.ruleId] = (byRule[finding.ruleId] ?? 0) + 1;
    byLibrary[finding.library] = (byLibrary[finding.library] ?? 0) + 1;
    const directory = getDirectory(finding.file);
    byDirectory[directory] = (byDirectory[directory] ?? 0) + 1;
  }
  return { total: findings.length, bySeverity, byRule: sortKeys(byRule), byLibrary: sortKeys(byLibrary), byDirectory: sortKeys(byDirectory), baselined };
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function compareFindings(a: Pick<AuditFinding, 'column' | 'file' | 'line' | 'ruleId'>, b: Pick<AuditFinding, 'column' | 'file' | 'line' | 'ruleId'>): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  if (a.column !== b.column) return a.column - b.column;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/** A root-relative file as seen from the working directory: what SARIF, links and the text report print. */
export function fromWorkingDirectory(report: Pick<AuditReport, 'root'>, file: string): string {
  return report.root === '.' || report.root === '' ? file : `${report.root}/${file}`;
}
