import { fromWorkingDirectory, type AuditFinding } from '../report.js';
import { formatChainSteps, formatCodeFrame, pluralize, topDirectories } from './shared.js';
import type { Formatter } from './types.js';

/** Every interpolated value goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A horizontal bar chart as inline SVG. */
function barChart(title: string, rows: readonly [string, number][]): string {
  const max = Math.max(1, ...rows.map(([, count]) => count));
  const rowHeight = 22;
  const labelWidth = 260;
  const barWidth = 320;
  const height = rows.length * rowHeight + 8;
  const bars = rows
    .map(([label, count], index) => {
      const y = index * rowHeight + 4;
      const width = Math.max(2, Math.round((count / max) * barWidth));
      return `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeHtml(label)}</text><rect x="${labelWidth}" y="${y + 3}" width="${width}" height="16" rx="2"></rect><text x="${labelWidth + width + 6}" y="${y + 15}">${count}</text>`;
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" width="${labelWidth + barWidth + 60}" height="${height}" xmlns="http://www.w3.org/2000/svg">${bars}</svg></figure>`;
}

function findingHtml(finding: AuditFinding, root: string, linkBase: string | undefined): string {
  const where = `${finding.file}:${finding.line}:${finding.column}`;
  const heading = linkBase === undefined ? escapeHtml(where) : `<a href="${escapeHtml(`${linkBase}${encodeURI(fromWorkingDirectory({ root }, finding.file))}#L${finding.line}`)}">${escapeHtml(where)}</a>`;
  const chain = finding.chain.length === 0 ? '' : `<p class="chain">via ${escapeHtml(formatChainSteps(finding))}</p>`;
  return `<article class="finding ${escapeHtml(finding.severity)}" data-rule="${escapeHtml(finding.ruleId)}" data-library="${escapeHtml(finding.library)}">
<h3>${heading} <span class="rule">${escapeHtml(finding.ruleId)}</span> <span class="severity">${escapeHtml(finding.severity)}</span></h3>
<p>${escapeHtml(finding.message)}</p>${chain}
<pre>${escapeHtml(formatCodeFrame(finding).join('\n'))}</pre>
</article>`;
}

function options(values: readonly string[]): string {
  return values.map((value) => `<option value="${escapeHtml(value)}">${escapeHtml(value)}</option>`).join('');
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1f2328}
h1{font-size:1.6rem}h3{font-size:1rem;margin:.2rem 0}.summary{display:flex;gap:2rem;flex-wrap:wrap}
figure{margin:0}figcaption{font-weight:600;margin-bottom:.3rem}svg text{font-size:12px;fill:#1f2328}svg rect{fill:#cf222e}
.finding{border:1px solid #d0d7de;border-left:4px solid #cf222e;border-radius:6px;padding:.6rem .9rem;margin:.8rem 0}
.finding.warning{border-left-color:#bf8700}.rule{font-family:monospace;color:#57606a}.severity{text-transform:uppercase;font-size:.75rem;color:#57606a}
pre{background:#f6f8fa;padding:.5rem;overflow:auto;font-size:12px}.chain{font-family:monospace;font-size:12px}
.filters{margin:1rem 0;display:flex;gap:1rem}[hidden]{display:none}`;

const SCRIPT = `(function(){var r=document.getElementById('rule'),l=document.getElementById('library'),c=document.getElementById('shown');
function apply(){var n=0;document.querySelectorAll('.finding').forEach(function(f){var show=(!r.value||f.dataset.rule===r.value)&&(!l.value||f.dataset.library===l.value);f.hidden=!show;if(show)n++;});c.textContent=String(n);}
r.addEventListener('change',apply);l.addEventListener('change',apply);apply();})();`;

/** One self-contained page that works offline: summary, SVG charts, filterable findings with code frames. */
export const formatHtml: Formatter = (report, formatOptions = {}) => {
  const { summary } = report;
  const rules = Object.keys(summary.byRule);
  const libraries = Object.keys(summary.byLibrary);
  const notices = report.notices.length === 0 ? '' : `<h2>Notices</h2><ul>${report.notices.map((notice) => `<li>${escapeHtml(notice.file === undefined ? notice.message : `${notice.file}: ${notice.message}`)}</li>`).join('')}</ul>`;
  const fixed = report.fixed.length === 0 ? '' : `<h2>Fixed since the baseline</h2><ul>${report.fixed.map((entry) => `<li>${escapeHtml(`${entry.file} ${entry.ruleId}: ${entry.message}`)}</li>`).join('')}</ul>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Session leak audit</title><style>${STYLE}</style></head>
<body>
<h1>Session leak audit</h1>
<p>${escapeHtml(`${pluralize(summary.total, 'finding')} (${pluralize(summary.bySeverity.error, 'error')}, ${pluralize(summary.bySeverity.warning, 'warning')}) in ${pluralize(report.filesAnalyzed, 'file')} analysed by ${report.tool.name} ${report.tool.version}.`)}${summary.baselined > 0 ? escapeHtml(` ${summary.baselined} more are in the baseline.`) : ''}</p>
<div class="summary">${barChart('Findings by rule', Object.entries(summary.byRule))}${barChart('Findings by directory', topDirectories(summary.byDirectory, 10))}</div>
<h2>Findings (<span id="shown">${summary.total}</span>)</h2>
<div class="filters"><label>Rule <select id="rule"><option value="">all</option>${options(rules)}</select></label>
<label>Library <select id="library"><option value="">all</option>${options(libraries)}</select></label></div>
${report.findings.map((finding) => findingHtml(finding, report.root, formatOptions.linkBase)).join('\n')}
${fixed}${notices}
<script>${SCRIPT}</script>
</body></html>
`;
};
