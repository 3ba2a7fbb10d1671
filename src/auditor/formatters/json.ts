import type { Formatter } from './types.js';

/** The report model itself, versioned by `schemaVersion` (see docs/report-schema.md). */
export const formatJson: Formatter = (report) => `${JSON.stringify(report, null, 2)}\n`;
