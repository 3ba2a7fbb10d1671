import { formatHtml } from './html.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import type { Formatter } from './types.js';

export type FormatName = 'html' | 'json' | 'markdown' | 'sarif' | 'text';

export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = {
  html: formatHtml,
  json: formatJson,
  markdown: formatMarkdown,
  sarif: formatSarif,
  text: formatText,
};

/** File names written by `--out-dir`. */
export const FORMAT_FILE_NAMES: Readonly<Record<FormatName, string>> = {
  html: 'session-audit.html',
  json: 'session-audit.json',
  markdown: 'session-audit.md',
  sarif: 'session-audit.sarif',
  text: 'session-audit.txt',
};

export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATTERS, name);
}

export type { FormatOptions, Formatter } from './types.js';
