import type { AuditReport } from '../report.js';

export interface FormatOptions {
  /** Prefix for links to files in Markdown and HTML (`https://github.com/o/r/blob/<sha>/`); relative links without it. */
  readonly linkBase?: string;
}

/** A formatter is pure: the same report gives the same text. */
export type Formatter = (report: AuditReport, options?: FormatOptions) => string;
