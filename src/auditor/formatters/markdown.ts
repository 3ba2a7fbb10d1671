import { fromWorkingDirectory } from '../report.js';
import { formatChainSteps, pluralize, topDirectories } from './shared.js';
import type { Formatter } from './types.js';

/** Escapes text for a Markdown table cell or list item. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\|*_[\]<>#])/g, '\\$1').replace(/\n/g, ' ');
}

/** For a PR comment or an issue: totals by rule, by library, top directories, then each finding linked to its line. */
export const formatMarkdown: Formatter = (report, options = {}) => {
  const { summary } = report;
  const link = (file: string, line: number): string => `${options.linkBase ?? ''}${encodeURI(fromWorkingDirectory(report, file))}#L${line}`;
  const out: string[] = ['## Session leak audit', ''];
  out.push(
    `**${pluralize(summary.total, 'finding')}** (${pluralize(summary.bySeverity.error, 'error')}, ${pluralize(summary.bySeverity.warning, 'warning')}) in ${pluralize(report.filesAnalyzed, 'file')}.${summary.baselined > 0 ? ` ${summary.baselined} more are in the baseline.` : ''}`,
    '',
  );
  if (summary.total > 0) {
    out.push('| Rule | Findings |', '| --- | ---: |');
    for (const [rule, count] of Object.entries(summary.byRule)) out.push(`| \`${rule}\` | ${count} |`);
    out.push('', '| Library | Findings |', '| --- | ---: |');
    for (const [library, count] of Object.entries(summary.byLibrary)) out.push(`| ${escapeMarkdown(library)} | ${count} |`);
    out.push('', '| Directory | Findings |', '| --- | ---: |');
    for (const [directory, count] of topDirectories(summary.byDirectory, 10)) out.push(`| \`${directory}\` | ${count} |`);
    out.push('', '### Findings', '');
    for (const finding of report.findings) {
      const chain = finding.chain.length > 0 ? ` (via ${escapeMarkdown(formatChainSteps(finding))})` : '';
      out.push(`- [\`${finding.file}:${finding.line}\`](${link(finding.file, finding.line)}) **${finding.ruleId}** ${finding.severity}: ${escapeMarkdown(finding.message)}${chain}`);
    }
    out.push('');
  }
  if (report.fixed.length > 0) {
    out.push(`### Fixed since the baseline (${report.fixed.length})`, '');
    for (const fixed of report.fixed) out.push(`- \`${fixed.file}\` **${fixed.ruleId}**: ${escapeMarkdown(fixed.message)}`);
    out.push('');
  }
  if (report.notices.length > 0) {
    out.push('### Notices', '');
    for (const notice of report.notices) out.push(`- ${notice.file === undefined ? '' : `\`${notice.file}\`: `}${escapeMarkdown(notice.message)}`);
    out.push('');
  }
  return `${out.join('\n')}`;
};
