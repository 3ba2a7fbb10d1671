import type { AuditFinding } from '../report.js';

/** `loadAccountName (src/a.ts:4:31) → loadAccount (src/b.ts:12:9)`, or an empty string without a chain. */
export function formatChainSteps(finding: AuditFinding): string {
  return finding.chain.map((step) => `${step.name} (${step.file}:${step.line}:${step.column})`).join(' → ');
}

/** Numbered source lines with a caret line under the finding's first line. */
export function formatCodeFrame(finding: AuditFinding): string[] {
  const width = String(finding.snippet.at(-1)?.line ?? finding.line).length;
  const lines: string[] = [];
  for (const { line, text } of finding.snippet) {
    const marker = line === finding.line ? '>' : ' ';
    lines.push(`${marker} ${String(line).padStart(width)} | ${text}`);
    if (line === finding.line) {
      const span = finding.endLine === finding.line ? Math.max(1, finding.endColumn - finding.column) : Math.max(1, text.length - finding.column + 1);
      lines.push(`  ${' '.repeat(width)} | ${' '.repeat(finding.column - 1)}${'^'.repeat(span)}`);
    }
  }
  return lines;
}

export function pluralize(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Directories by number of findings, most first, then by name. */
export function topDirectories(byDirectory: Readonly<Record<string, number>>, limit: number): [string, number][] {
  return Object.entries(byDirectory)
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1))
    .slice(0, limit);
}
