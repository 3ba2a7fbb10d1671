/**
 * Robustness over a large real corpus: the sources of packages installed as devDependencies.
 * No rule and no auditor run may throw on any of them. Parse errors of the parsers themselves are
 * not crashes of ours: they are counted apart (and must stay rare, so the rules really ran).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { AuditReport } from '../../src/auditor/report.js';
import { runAudit } from '../../src/auditor/run-audit.js';
import plugin from '../../src/plugin.js';
import { FIXTURES_DIR } from '../rule-tester.js';

const ROOT = path.join(FIXTURES_DIR, '..');
const NODE_MODULES = path.join(ROOT, 'node_modules');
const TIMEOUT = 10 * 60_000;

/** Folders of devDependencies: compiled JS, declaration files and TypeScript sources. */
const CORPUS = [
  'typeorm',
  'mongodb',
  'knex',
  'sequelize',
  '@nestjs/common',
  'rxjs/src',
  'rxjs/dist/cjs',
  'mongoose/lib',
  'mongoose/types',
  'ioredis',
  '@mikro-orm/core',
  'mysql2',
  'pg/lib',
  'puppeteer-core/src',
];

const SOURCE = /\.(?:[cm]?ts|[cm]?js)$/;
const TS_SOURCE = /\.[cm]?ts$/;
const FILES = ['**/*.ts', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'];
const RULE_IDS = Object.keys(plugin.rules).map((name) => `session-leaks/${name}`);
/** Inline comments of the corpus must neither switch our rules off nor add warnings of their own. */
const LINTER_OPTIONS: Linter.Config = { linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' } };

function listSources(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') listSources(file, out);
    else if (entry.isFile() && SOURCE.test(entry.name)) out.push(file);
  }
  return out.sort();
}

const untypedTs: Linter.Config[] = [
  LINTER_OPTIONS,
  { files: FILES, languageOptions: { parser: tseslint.parser } },
  { ...(plugin.configs.recommended as Linter.Config), files: FILES },
];
/** Plain JavaScript through ESLint's default parser (espree): the rules parse the text themselves. */
function untypedJs(sourceType: 'module' | 'commonjs'): Linter.Config[] {
  return [LINTER_OPTIONS, { ...(plugin.configs.recommended as Linter.Config), files: FILES, languageOptions: { ecmaVersion: 'latest', sourceType } }];
}
function typed(tsconfigRootDir: string): Linter.Config[] {
  return [
    LINTER_OPTIONS,
    { files: FILES, languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir } } },
    { ...(plugin.configs['recommended-type-checked'] as Linter.Config), files: FILES },
  ];
}

interface Outcome {
  readonly crashes: string[];
  readonly parseErrors: string[];
  readonly reports: string[];
}

function isParseError(message: Linter.LintMessage): boolean {
  return message.fatal === true && message.ruleId === null;
}

/**
 * Lints one file; a rule that throws makes `verify` throw (ESLint names the rule in the message), so
 * every throw and every fatal message that names a rule is a crash.
 */
function lint(linter: Linter, text: string, configs: readonly Linter.Config[][], filename: string, label: string, outcome: Outcome): void {
  let messages: Linter.LintMessage[] = [];
  try {
    for (const config of configs) {
      messages = linter.verify(text, config, filename);
      if (!messages.some(isParseError)) break;
    }
  } catch (error) {
    outcome.crashes.push(`${label}: ${error instanceof Error ? error.message.split('\n').slice(0, 4).join(' | ') : String(error)}`);
    return;
  }
  for (const message of messages) {
    if (isParseError(message)) outcome.parseErrors.push(`${label}: ${message.message}`);
    else if (message.fatal === true) {
      outcome.crashes.push(`${label}: ${message.ruleId ?? 'fatal'} ${message.message}`);
    } else if (message.ruleId !== null && RULE_IDS.includes(message.ruleId)) outcome.reports.push(`${label}:${message.line} ${message.ruleId}`);
  }
}

const LEAKY_TS = `import { Pool } from 'pg';
export async function total(): Promise<number> {
  const pool = new Pool();
  const { rows } = await pool.query('select 1');
  return rows.length;
}
`;
const LEAKY_JS = LEAKY_TS.replace('(): Promise<number>', '()');
const LEAKY_CJS = LEAKY_JS.replace("import { Pool } from 'pg';", "const { Pool } = require('pg');").replace('export async function total', 'exports.total = async function total');

describe('the rules on the corpus', () => {
  const linter = new Linter({ configType: 'flat', cwd: ROOT });

  it('still report under the corpus configurations (the canary)', () => {
    const outcome: Outcome = { crashes: [], parseErrors: [], reports: [] };
    // Virtual paths inside the repository: ESLint ignores node_modules by default.
    lint(linter, LEAKY_TS, [untypedTs], path.join(ROOT, 'corpus', 'canary.ts'), 'canary.ts', outcome);
    lint(linter, LEAKY_JS, [untypedJs('module')], path.join(ROOT, 'corpus', 'canary.js'), 'canary.js', outcome);
    expect(outcome).toEqual({
      crashes: [],
      parseErrors: [],
      reports: ['canary.ts:3 session-leaks/require-session-close', 'canary.js:3 session-leaks/require-session-close'],
    });
  });

  it(
    'never crash untyped on thousands of files (TypeScript parser for .ts, espree for .js)',
    () => {
      const outcome: Outcome = { crashes: [], parseErrors: [], reports: [] };
      let files = 0;
      for (const folder of CORPUS) {
        const dir = path.join(NODE_MODULES, folder);
        expect(existsSync(dir), `${folder} is installed`).toBe(true);
        for (const file of listSources(dir)) {
          const relative = path.relative(NODE_MODULES, file).split(path.sep).join('/');
          const text = readFileSync(file, 'utf8');
          const filename = path.join(ROOT, 'corpus', relative);
          files += 1;
          if (TS_SOURCE.test(file)) lint(linter, text, [untypedTs], filename, relative, outcome);
          else {
            // ES modules first; CommonJS (which allows `return` at the top level, `with`, octal escapes…) next.
            const configs = file.endsWith('.cjs') ? [untypedJs('commonjs')] : [untypedJs('module'), untypedJs('commonjs')];
            lint(linter, text, configs, filename, relative, outcome);
          }
        }
      }
      expect(files).toBeGreaterThan(3000);
      expect(outcome.crashes).toEqual([]);
      expect(outcome.parseErrors.length, outcome.parseErrors.join('\n')).toBeLessThan(files / 100);
    },
    TIMEOUT,
  );
});

describe('typed rules and the auditor on real projects', () => {
  // Inside the repository, so the copies resolve the libraries' types from its node_modules.
  let temp: string;
  let mongodb: string;
  let mongoose: string;
  let knex: string;

  beforeAll(() => {
    mkdirSync(path.join(ROOT, '.tmp-test'), { recursive: true });
    temp = mkdtempSync(path.join(ROOT, '.tmp-test', 'corpus-'));
    // The MongoDB driver's TypeScript sources, with a seeded leak that only type information finds.
    mongodb = path.join(temp, 'mongodb');
    cpSync(path.join(NODE_MODULES, 'mongodb', 'src'), path.join(mongodb, 'src'), { recursive: true });
    writeFileSync(path.join(mongodb, 'src', 'zz-canary.ts'), LEAKY_TS);
    writeJson(path.join(mongodb, 'tsconfig.json'), {
      compilerOptions: {
        target: 'ES2021',
        module: 'ESNext',
        moduleResolution: 'bundler',
        lib: ['es2021', 'ES2022.Error', 'ES2022.Object', 'esnext.disposable'],
        types: ['node'],
        strict: true,
        useUnknownInCatchVariables: false,
        skipLibCheck: true,
        noEmit: true,
      },
      include: ['src'],
    });
    // Mongoose, plain CommonJS on top of the MongoDB driver, under a generated allowJs tsconfig (its
    // package.json keeps the files CommonJS: the repository's own says "type": "module").
    mongoose = path.join(temp, 'mongoose');
    cpSync(path.join(NODE_MODULES, 'mongoose', 'lib'), path.join(mongoose, 'lib'), { recursive: true });
    writeFileSync(path.join(mongoose, 'lib', 'zz-canary.js'), LEAKY_CJS);
    writeJson(path.join(mongoose, 'package.json'), { name: 'mongoose-copy', private: true, type: 'commonjs' });
    writeJson(path.join(mongoose, 'tsconfig.json'), {
      compilerOptions: { allowJs: true, checkJs: false, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', types: ['node'], skipLibCheck: true, noEmit: true },
      include: ['lib'],
    });
    // Knex, plain JavaScript without any tsconfig: the auditor's default options.
    knex = path.join(temp, 'knex');
    cpSync(path.join(NODE_MODULES, 'knex'), knex, { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' });
  }, TIMEOUT);

  afterAll(() => {
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
  });

  it(
    'never crash typed on a few hundred files of two projects',
    () => {
      const linter = new Linter({ configType: 'flat', cwd: ROOT });
      const outcome: Outcome = { crashes: [], parseErrors: [], reports: [] };
      let files = 0;
      for (const [project, dir] of [
        [mongodb, 'src'],
        [mongoose, 'lib'],
      ] as const) {
        const config = typed(project);
        for (const file of listSources(path.join(project, dir))) {
          if (file.endsWith('.d.ts')) continue;
          files += 1;
          lint(linter, readFileSync(file, 'utf8'), [config], file, path.relative(temp, file).split(path.sep).join('/'), outcome);
        }
      }
      expect(files).toBeGreaterThan(300);
      expect(outcome.crashes).toEqual([]);
      // Every file belongs to its project: a parse error here would mean the file ran without types.
      expect(outcome.parseErrors).toEqual([]);
      expect(outcome.reports).toEqual(
        expect.arrayContaining(['mongodb/src/zz-canary.ts:3 session-leaks/require-session-close', 'mongoose/lib/zz-canary.js:3 session-leaks/require-session-close']),
      );
    },
    TIMEOUT,
  );

  function analysisFailures(report: AuditReport): string[] {
    return report.notices.filter((notice) => notice.message.startsWith('analysis failed')).map((notice) => `${notice.file}: ${notice.message}`);
  }

  it(
    'audits the MongoDB driver sources without an analysis failure',
    async () => {
      const report = await runAudit({ root: mongodb });
      expect(analysisFailures(report)).toEqual([]);
      expect(report.projects).toEqual(['tsconfig.json']);
      expect(report.filesAnalyzed).toBeGreaterThan(100);
      expect(report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)).toContain(
        'src/zz-canary.ts:3 session-leaks/require-session-close',
      );
    },
    TIMEOUT,
  );

  it(
    'audits JavaScript-only Mongoose under a generated allowJs tsconfig without an analysis failure',
    async () => {
      const report = await runAudit({ root: mongoose });
      expect(analysisFailures(report)).toEqual([]);
      expect(report.filesAnalyzed).toBeGreaterThan(200);
      expect(report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`)).toContain(
        'lib/zz-canary.js:3 session-leaks/require-session-close',
      );
    },
    TIMEOUT,
  );

  it(
    'audits JavaScript-only Knex without a tsconfig (default options) without an analysis failure',
    async () => {
      const report = await runAudit({ root: knex });
      expect(analysisFailures(report)).toEqual([]);
      expect(report.projects).toEqual([]);
      expect(report.notices).toContainEqual(expect.objectContaining({ kind: 'config' }));
      expect(report.filesAnalyzed).toBeGreaterThan(100);
    },
    TIMEOUT,
  );
});

function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
