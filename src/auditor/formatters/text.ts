import { fromWorkingDirectory, type AuditFinding } from '../report.js';
import { formatChainSteps, formatCodeFrame, pluralize } from './shared.js';
import type { Formatter } from './types.js';

/** Grouped by file, each finding with its code frame and call chain; then notices and totals. */
export const formatText: Formatter = (report) => {
  const out: string[] = [];
  const byFile = new Map<string, AuditFinding[]>();
  for (const finding of report.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  for (const [file, findings] of byFile) {
    out.push(fromWorkingDirectory(report, file));
    for (const finding of findings) {
      out.push(`  ${finding.line}:${finding.column}  ${finding.severity}  ${finding.message}  ${finding.ruleId}`);
      for (const line of formatCodeFrame(finding)) out.push(`    ${line}`);
      if (finding.chain.length > 0) out.push(`    via ${formatChainSteps(finding)}`);
      out.push('');
    }
  }
  if (report.notices.length > 0) {
    out.push('Notices');
    for (const notice of report.notices) out.push(`  ${notice.file === undefined ? '' : `${notice.file}: `}${notice.message}`);
    out.push('');
  }
  if (report.fixed.length > 0) {
    out.push(`Fixed since the baseline (${report.fixed.length})`);
    for (const fixed of report.fixed) out.push(`  ${fixed.file}  ${fixed.ruleId}  ${fixed.message}`);
    out.push('');
  }
  const { summary } = report;
  const baselined = summary.baselined > 0 ? `, ${summary.baselined} in the baseline` : '';
  out.push(
    `${summary.total === 0 ? '✔' : '✖'} ${pluralize(summary.total, 'finding')} (${pluralize(summary.bySeverity.error, 'error')}, ${pluralize(summary.bySeverity.warning, 'warning')}${baselined}) in ${pluralize(report.filesAnalyzed, 'file')} analysed`,
  );
  return `${out.join('\n')}\n`;
};
