import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import { AuditError, runAudit } from '../../src/auditor/run-audit.js';
import type { AuditReport } from '../../src/auditor/report.js';
import plugin from '../../src/plugin.js';
import { FIXTURES_DIR } from '../rule-tester.js';

const PROJECTS = path.join(FIXTURES_DIR, 'projects');

function rows(report: AuditReport): string[] {
  return report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId} ${finding.messageId}`);
}

/** Typed ESLint's findings on one file of a fixture project (the type-checked preset), in the rows' format. */
function lintTyped(root: string, relative: string): string[] {
  const file = path.join(root, relative);
  const files = [`**/*${path.extname(relative)}`];
  const messages = new Linter({ configType: 'flat' }).verify(
    readFileSync(file, 'utf8'),
    [
      { files, languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: root } } },
      { ...(plugin.configs['recommended-type-checked'] as Linter.Config), files },
    ],
    file,
  );
  return messages.map((message) => `${relative}:${message.line}:${message.column} ${message.ruleId} ${message.messageId}`);
}

describe('runAudit on fixture projects', () => {
  it('follows project references and audits each file once, with cross-package chains', async () => {
    const report = await runAudit({ root: path.join(PROJECTS, 'monorepo') });
    expect(report.projects).toEqual(['tsconfig.json', 'packages/db/tsconfig.json', 'packages/app/tsconfig.json']);
    expect(report.filesAnalyzed).toBe(2);
    expect(rows(report)).toEqual(['packages/app/src/report.ts:5:43 session-leaks/no-session-in-loop openerInLoop']);
    expect(report.findings[0].chain).toEqual([{ name: 'findUserName', file: 'packages/db/src/lookup.ts', line: 7, column: 32 }]);
  });

  it('loads the standard library: receivers typed through Map, arrays, Promise and Record resolve as in typed ESLint', async () => {
    const root = path.join(PROJECTS, 'standard-library');
    const report = await runAudit({ root });
    const expected = [
      'src/pools.ts:9:24 session-leaks/require-session-close neverReleased',
      'src/pools.ts:14:24 session-leaks/require-session-close neverReleased',
      'src/pools.ts:19:24 session-leaks/require-session-close neverReleased',
      'src/pools.ts:24:24 session-leaks/require-session-close neverReleased',
      'src/pools.ts:30:26 session-leaks/no-session-in-loop acquiredInLoop',
    ];
    expect(rows(report)).toEqual(expected);
    expect(report.notices).toEqual([]);
    expect(lintTyped(root, 'src/pools.ts')).toEqual(expected);
  });

  it('follows CommonJS helpers defined on `exports.name`, `module.exports.name` and a prototype into another JavaScript file, as typed ESLint does', async () => {
    const root = path.join(PROJECTS, 'commonjs');
    const report = await runAudit({ root });
    const expected = [
      'src/orders.js:6:24 session-leaks/require-session-close notReleasedOnThrow',
      'src/orders.js:24:26 session-leaks/no-session-in-loop openerInLoop',
      'src/orders.js:43:24 session-leaks/require-session-close notReleasedOnThrow',
    ];
    // A module that is itself the factory (`module.exports = function`), in files that start as compiled
    // CommonJS does (`Object.defineProperty(exports, '__esModule', …)`, whose `exports` the checker
    // declares by the file itself): no crash, the factory followed, its safe twin silent.
    const reporting = ['src/report.js:6:24 session-leaks/require-session-close notReleasedOnThrow'];
    expect(rows(report)).toEqual([...expected, ...reporting]);
    expect(report.notices).toEqual([]);
    expect(report.findings[1].message).toContain('`openReportingClient` opens a pooled client on every call');
    expect(lintTyped(root, 'src/orders.js')).toEqual(expected);
    expect(lintTyped(root, 'src/report.js')).toEqual(reporting);
    expect(lintTyped(root, 'src/reporting.js')).toEqual([]);
    // A module that is itself a wrapper (`module.exports = function (client) { return new Store(client); }`),
    // required under another name: the client goes into a store that owns it.
    expect(lintTyped(root, 'src/stores.js')).toEqual([]);
  });

  it('follows wrapping functions in another file under any name they are imported by, as typed ESLint does', async () => {
    const root = path.join(PROJECTS, 'wrappers');
    const report = await runAudit({ root });
    // Renamed, default, namespace, static and object-literal wrappers of an owning store hand the
    // client over; a wrapper of a borrowing repository leaves it with the caller, who never releases it.
    const expected = ['src/open.ts:37:24 session-leaks/require-session-close neverReleased'];
    expect(rows(report)).toEqual(expected);
    expect(report.notices).toEqual([]);
    expect(lintTyped(root, 'src/open.ts')).toEqual(expected);
    expect(lintTyped(root, 'src/store.ts')).toEqual([]);
  });

  it('knows classes a container binds as singletons in another file (InversifyJS, tsyringe); ESLint, one file at a time, does not', async () => {
    const root = path.join(PROJECTS, 'container-singletons');
    const report = await runAudit({ root });
    expect(rows(report)).toEqual([
      'src/graph-repository.ts:10:5 session-leaks/no-cached-session cachedSession',
      'src/orders-repository.ts:12:5 session-leaks/no-cached-session cachedSession',
    ]);
    expect(report.findings.map((finding) => finding.wholeProgram)).toEqual([true, true]);
    expect(report.findings[0].message).toContain('field `session` of `GraphRepository`, bound as an InversifyJS singleton in another file');
    expect(report.findings[1].message).toContain('field `runner` of `OrdersRepository`, bound as a tsyringe singleton in another file');
    expect(report.notices).toEqual([]);
    for (const name of ['graph-repository.ts', 'orders-repository.ts', 'report-work.ts', 'container.ts']) {
      expect(lintTyped(root, `src/${name}`)).toEqual([]);
    }
  });

  it('audits only the tsconfigs given with --tsconfig', async () => {
    const root = path.join(PROJECTS, 'monorepo');
    const report = await runAudit({ root, tsconfigs: [path.join(root, 'packages', 'db', 'tsconfig.json')] });
    expect(report.projects).toEqual(['packages/db/tsconfig.json']);
    expect(report.findings).toEqual([]);
  });

  it('reads catalog extensions from session-leaks.config.json', async () => {
    const report = await runAudit({ root: path.join(PROJECTS, 'settings') });
    expect(rows(report)).toEqual(['src/jobs.ts:4:20 session-leaks/require-session-close neverReleased']);
    expect(report.findings[0].library).toBe('project');
  });

  it('reports invalid settings as a configuration error', async () => {
    await expect(runAudit({ root: path.join(PROJECTS, 'settings'), settings: { closer: ['x'] } as never })).rejects.toThrow(AuditError);
    await expect(runAudit({ root: path.join(PROJECTS, 'settings'), settings: { closer: ['x'] } as never })).rejects.toThrow(
      'settings["session-leaks"] has an unknown key "closer"',
    );
  });
});
