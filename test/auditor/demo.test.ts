import { readFileSync } from 'node:fs';
import path from 'node:path';

import AjvDraft04 from 'ajv-draft-04';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import { FORMATTERS } from '../../src/auditor/formatters/index.js';
import { runAudit } from '../../src/auditor/run-audit.js';
import type { AuditReport } from '../../src/auditor/report.js';
import plugin from '../../src/plugin.js';
import { FIXTURES_DIR } from '../rule-tester.js';

const DEMO_DIR = path.join(FIXTURES_DIR, 'demo');

const EXPECTED_DEMO_FINDINGS = [
  'src/jobs/invoice-job.ts:7:24 session-leaks/require-session-close skippedByExit',
  'src/nest/accounts.service.ts:14:5 session-leaks/no-cached-session cachedSession',
  'src/reports/daily-report.ts:7:22 session-leaks/require-session-close neverReleased',
  'src/reports/transactions-report.ts:14:36 session-leaks/no-session-in-loop openerInLoop',
  'src/reports/transactions-report.ts:21:66 session-leaks/no-session-in-loop openerConcurrently',
  'src/repositories/account-repository.ts:11:18 session-leaks/require-session-close notReleasedOnThrow',
  'src/repositories/account-repository.ts:34:11 session-leaks/require-session-close notRolledBack',
  'src/services/report-service.ts:14:5 session-leaks/no-cached-session cachedSession',
];

let demoReport: Promise<AuditReport> | undefined;
function auditDemo(): Promise<AuditReport> {
  demoReport ??= runAudit({ root: DEMO_DIR });
  return demoReport;
}

function rows(report: AuditReport): string[] {
  return report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.messageId}`);
}

describe('runAudit on the demo service', () => {
  it('reports every seeded bug and none of the fixed twins', async () => {
    const report = await auditDemo();
    expect(rows(report)).toEqual(EXPECTED_DEMO_FINDINGS);
    expect(report.notices).toEqual([]);
    expect(report.filesAnalyzed).toBe(9);
    expect(report.summary).toMatchObject({
      total: 8,
      bySeverity: { error: 6, warning: 2 },
      byRule: { 'session-leaks/no-cached-session': 2, 'session-leaks/no-session-in-loop': 2, 'session-leaks/require-session-close': 4 },
    });
  });

  it('names the call chain of an opener called in a loop', async () => {
    const report = await auditDemo();
    const loop = report.findings.find((finding) => finding.messageId === 'openerInLoop');
    expect(loop?.message).toContain('findMerchantName → dataSource.createQueryRunner()');
    expect(loop?.chain).toEqual([{ name: 'findMerchantName', file: 'src/repositories/merchant-lookup.ts', line: 7, column: 25 }]);
  });

  it('adds a finding only whole-program facts support: a class instantiated once at module scope in another file', async () => {
    const report = await auditDemo();
    const wholeProgram = report.findings.filter((finding) => finding.wholeProgram === true);
    expect(wholeProgram.map((finding) => `${finding.file}:${finding.line}`)).toEqual(['src/services/report-service.ts:14']);
    expect(wholeProgram[0].message).toContain('instantiated once at module scope in another file');
  });

  it('agrees with typed ESLint site for site (except whole-program findings)', async () => {
    const report = await auditDemo();
    const linter = new Linter({ configType: 'flat' });
    const eslintRows: string[] = [];
    const files = [
      ...new Set(report.findings.map((finding) => finding.file)),
      'src/db.ts',
      'src/repositories/merchant-lookup.ts',
      'src/services/index.ts',
    ];
    for (const file of files) {
      const absolute = path.join(DEMO_DIR, file);
      const messages = linter.verify(
        readFileSync(absolute, 'utf8'),
        [
          {
            files: ['**/*.ts'],
            languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: DEMO_DIR } },
          },
          plugin.configs['recommended-type-checked'] as Linter.Config,
        ],
        absolute,
      );
      for (const message of messages) eslintRows.push(`${file}:${message.line}:${message.column} ${message.ruleId} ${message.messageId}`);
    }
    expect(eslintRows.sort()).toEqual(rows({ ...report, findings: report.findings.filter((finding) => finding.wholeProgram !== true) }));
  });

  it('keeps fingerprints free of line numbers and unique', async () => {
    const report = await auditDemo();
    const fingerprints = report.findings.map((finding) => finding.fingerprint);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    for (const fingerprint of fingerprints) expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('formatters on the demo report', () => {
  it.each(['text', 'json', 'markdown', 'html', 'sarif'] as const)('%s matches its snapshot', async (format) => {
    const report = await auditDemo();
    const extension = { text: 'txt', json: 'json', markdown: 'md', html: 'html', sarif: 'sarif' }[format];
    await expect(FORMATTERS[format](report)).toMatchFileSnapshot(`__snapshots__/demo.${extension}`);
  });

  it('writes SARIF that validates against the SARIF 2.1.0 schema', async () => {
    const report = await auditDemo();
    const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'schemas', 'sarif-2.1.0.json'), 'utf8')) as object;
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(schema);
    const sarif = JSON.parse(FORMATTERS.sarif(report)) as { runs: { results: { ruleId: string; partialFingerprints: Record<string, string>; codeFlows?: unknown[] }[] }[] };
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0].results).toHaveLength(8);
    expect(sarif.runs[0].results.filter((result) => result.codeFlows !== undefined)).toHaveLength(2);
    for (const result of sarif.runs[0].results) expect(result.ruleId).toMatch(/^session-leaks\//);
  });

  it('escapes every interpolated value in HTML', () => {
    const report: AuditReport = {
      schemaVersion: 1,
      tool: { name: 'session-audit', version: '0.0.0', informationUri: 'https://example.invalid' },
      root: '.',
      projects: [],
      filesAnalyzed: 1,
      findings: [
        {
          ruleId: 'session-leaks/require-session-close',
          rule: 'require-session-close',
          messageId: 'neverReleased',
          message: 'The <img src=x onerror=alert(1)> leaks',
          severity: 'error',
          file: 'src/<script>.ts',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 5,
          library: 'pg"><b>',
          kind: 'session',
          chain: [],
          fingerprint: '0'.repeat(32),
          snippet: [{ line: 1, text: '</pre><script>alert(2)</script>' }],
        },
      ],
      fixed: [],
      notices: [{ kind: 'parse-error', file: 'a<b>.ts', message: 'does not parse: <x>' }],
      summary: { total: 1, bySeverity: { error: 1, warning: 0 }, byRule: { 'session-leaks/require-session-close': 1 }, byLibrary: { 'pg"><b>': 1 }, byDirectory: { 'src': 1 }, baselined: 0 },
    };
    const html = FORMATTERS.html(report);
    expect(html).not.toMatch(/<img|<script>alert|<b>|<x>/);
    expect(html.match(/<script>/g)).toHaveLength(1);
    expect(html).not.toMatch(/https?:\/\/(?!example\.invalid|www\.w3\.org)/);
  });
});

describe('runAudit on bad input', () => {
  it('names an unparsable file in a notice and audits the rest', async () => {
    const report = await runAudit({ root: path.join(FIXTURES_DIR, 'projects', 'broken') });
    expect(rows(report)).toEqual(['src/leaky.ts:6:24 session-leaks/require-session-close notReleasedOnThrow']);
    expect(report.notices).toHaveLength(1);
    expect(report.notices[0]).toMatchObject({ kind: 'parse-error', file: 'src/broken.ts' });
    expect(report.notices[0].message).toMatch(/^does not parse: .+ \(line \d+\)$/);
  });
});
