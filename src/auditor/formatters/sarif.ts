import { RULE_DESCRIPTIONS, RULE_NAMES, getRuleDocsUrl } from '../../core/findings.js';
import { fromWorkingDirectory, RULE_SEVERITY, type AuditFinding, type AuditReport, type Severity } from '../report.js';
import type { Formatter } from './types.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'sessionLeaks/v1';

/** Severity → SARIF level, in one place. */
export function toSarifLevel(severity: Severity): 'error' | 'warning' {
  return severity;
}

function location(file: string, line: number, column: number, endLine?: number, endColumn?: number, message?: string) {
  return {
    physicalLocation: {
      artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
      region: { startLine: line, startColumn: column, ...(endLine === undefined ? {} : { endLine, endColumn }) },
    },
    ...(message === undefined ? {} : { message: { text: message } }),
  };
}

function toResult(report: AuditReport, finding: AuditFinding) {
  const at = (file: string): string => fromWorkingDirectory(report, file);
  const ruleIndex = RULE_NAMES.indexOf(finding.rule);
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: toSarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [location(at(finding.file), finding.line, finding.column, finding.endLine, finding.endColumn)],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    properties: { library: finding.library, resourceKind: finding.kind },
    ...(finding.chain.length === 0
      ? {}
      : {
          codeFlows: [
            {
              threadFlows: [
                {
                  locations: [
                    { location: location(at(finding.file), finding.line, finding.column, undefined, undefined, 'called here') },
                    ...finding.chain.map((step) => ({ location: location(at(step.file), step.line, step.column, undefined, undefined, `in ${step.name}`) })),
                  ],
                },
              ],
            },
          ],
        }),
  };
}

/** The SARIF driver description: every rule, with its docs page. */
export function getSarifDriver(report: Pick<AuditReport, 'tool'>) {
  return {
    name: report.tool.name,
    version: report.tool.version,
    informationUri: report.tool.informationUri,
    rules: RULE_NAMES.map((rule) => ({
      id: `session-leaks/${rule}`,
      name: rule,
      shortDescription: { text: RULE_DESCRIPTIONS[rule] },
      helpUri: getRuleDocsUrl(rule),
      defaultConfiguration: { level: toSarifLevel(RULE_SEVERITY[rule]) },
    })),
  };
}

/** SARIF 2.1.0 as GitHub code scanning accepts it: one run, one result per finding, URIs relative to the working directory. */
export const formatSarif: Formatter = (report) => {
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: getSarifDriver(report) },
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((finding) => toResult(report, finding)),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
