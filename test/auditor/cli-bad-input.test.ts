/**
 * Bad input to the built `session-audit` binary: each case gets one clear line on stderr and exit
 * code 2, or a report with a notice where the rest can still be audited; never a stack trace.
 * Fixture projects are built at test time under the git-ignored `.tmp-test/` of the repository, so
 * their imports resolve the libraries' types from its node_modules.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { AuditReport } from '../../src/auditor/report.js';
import { FIXTURES_DIR } from '../rule-tester.js';

const ROOT = path.join(FIXTURES_DIR, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'auditor', 'cli.js');
mkdirSync(path.join(ROOT, '.tmp-test'), { recursive: true });
const TEMP = mkdtempSync(path.join(ROOT, '.tmp-test', 'cli-bad-input-'));
// Traversable by other users too, for the unreadable-file case run without root's privileges.
chmodSync(TEMP, 0o755);

afterAll(() => {
  rmSync(TEMP, { recursive: true, force: true });
});

const LEAK = `import { Pool } from 'pg';

export async function total(): Promise<number> {
  const pool = new Pool();
  const { rows } = await pool.query('select 1');
  return rows.length;
}
`;
const LEAK_ROW = 'src/leak.ts:4 session-leaks/require-session-close';
const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: [] },
  include: ['src'],
};

/** A project under TEMP: `files` maps relative paths to contents; `tsconfig` false leaves it out. */
function project(name: string, files: Record<string, string | Buffer> = {}, tsconfig: object | string | false = TSCONFIG): string {
  const dir = path.join(TEMP, name);
  mkdirSync(dir, { recursive: true });
  if (tsconfig !== false) writeFileSync(path.join(dir, 'tsconfig.json'), typeof tsconfig === 'string' ? tsconfig : JSON.stringify(tsconfig));
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built binary, run from TEMP (so arguments are short relative paths), as CI runs it. */
function cli(args: readonly string[], prefix: readonly string[] = []): Run {
  const [command, ...rest] = [...prefix, process.execPath, CLI, ...args];
  const result = spawnSync(command, rest, { cwd: TEMP, encoding: 'utf8', env: { ...process.env, CI: 'true' }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const STACK_LINE = /^\s+at\s/m;

function expectNoStackTrace(run: Run): void {
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stdout).not.toMatch(STACK_LINE);
  expect(run.stderr).not.toMatch(/internal error/);
}

/** Exit 2, nothing on stdout, exactly one `session-audit: …` line on stderr. */
function expectOneLineError(run: Run, message: RegExp): void {
  expectNoStackTrace(run);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^session-audit: [^\n]+\n$/);
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(2);
}

/** A JSON report on stdout and nothing on stderr. */
function report(run: Run): AuditReport {
  expectNoStackTrace(run);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as AuditReport;
}

function rows(audit: AuditReport): string[] {
  return audit.findings.map((finding) => `${finding.file}:${finding.line} ${finding.ruleId}`);
}

describe('session-audit on a bad tsconfig', () => {
  it('rejects a tsconfig.json that is not valid JSON', () => {
    project('broken-json', { 'src/leak.ts': LEAK }, '{ "compilerOptions": { "strict": true, ');
    expectOneLineError(cli(['broken-json']), /^session-audit: cannot read tsconfig\.json: .+\n$/);
  });

  it('rejects a tsconfig.json whose root is not an object', () => {
    project('array-json', { 'src/leak.ts': LEAK }, '[1, 2]');
    expectOneLineError(cli(['array-json']), /^session-audit: cannot read tsconfig\.json: .*must be an object/);
  });

  it('rejects a --tsconfig that is a binary file', () => {
    const dir = project('binary-tsconfig', { 'src/leak.ts': LEAK, 'build.bin': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 0xff, 0xfe, 0]) });
    expectOneLineError(cli(['binary-tsconfig', '--tsconfig', path.join(dir, 'build.bin')]), /^session-audit: cannot read build\.bin: /);
  });

  it('rejects a tsconfig.json that references a missing project', () => {
    project('missing-reference', { 'src/leak.ts': LEAK }, { ...TSCONFIG, references: [{ path: './packages/missing' }] });
    expectOneLineError(cli(['missing-reference']), /^session-audit: no such tsconfig: packages\/missing \(referenced by a project\)\n$/);
  });

  it('rejects a --tsconfig option without its value', () => {
    project('no-value', { 'src/leak.ts': LEAK });
    expectOneLineError(cli(['no-value', '--tsconfig']), /^session-audit: Option '--tsconfig <value>' argument missing \(see --help\)\n$/);
  });
});

describe('session-audit on a missing or empty project', () => {
  it('audits a root without a tsconfig.json with default options and says so in a notice', () => {
    project('no-tsconfig', { 'src/leak.ts': LEAK, 'src/helper.js': 'export const helper = () => 1;\n' }, false);
    const run = cli(['no-tsconfig', '--format', 'json']);
    const audit = report(run);
    expect(run.code).toBe(1);
    expect(audit.projects).toEqual([]);
    expect(audit.filesAnalyzed).toBe(2);
    expect(rows(audit)).toEqual([LEAK_ROW]);
    expect(audit.notices).toEqual([
      { kind: 'config', message: 'no tsconfig.json in the root: audited every source file with default compiler options' },
    ]);
  });

  it('reports an empty project (a tsconfig with no files) with a notice and exit code 0', () => {
    project('empty-project', {}, { ...TSCONFIG, files: [], include: [] });
    const run = cli(['empty-project', '--format', 'json']);
    const audit = report(run);
    expect(run.code).toBe(0);
    expect(audit.filesAnalyzed).toBe(0);
    expect(audit.notices).toEqual([{ kind: 'empty', message: 'no source files to audit under the root' }]);
  });

  it('reports an empty directory with notices and exit code 0 in the text format', () => {
    project('empty-directory', {}, false);
    const run = cli(['empty-directory']);
    expectNoStackTrace(run);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('no source files to audit under the root');
    expect(run.stdout).toContain('no tsconfig.json in the root');
  });

  it('rejects a root that is a symlink loop', () => {
    symlinkSync('root-loop', path.join(TEMP, 'root-loop'));
    expectOneLineError(cli(['root-loop']), /^session-audit: no such directory: root-loop\n$/);
  });
});

describe('session-audit on bad files in the project', () => {
  it('names unparsable TypeScript and JavaScript files with the parser message and audits the rest', () => {
    project(
      'unparsable',
      { 'src/leak.ts': LEAK, 'src/broken.ts': 'export function (: {\n', 'src/broken.js': 'const = 1;\n', 'src/fine.js': 'export const fine = 1;\n' },
      false,
    );
    const run = cli(['unparsable', '--format', 'json']);
    const audit = report(run);
    expect(run.code).toBe(1);
    expect(rows(audit)).toEqual([LEAK_ROW]);
    expect(audit.filesAnalyzed).toBe(2);
    const parseErrors = audit.notices.filter((notice) => notice.kind === 'parse-error');
    expect(parseErrors.map((notice) => notice.file)).toEqual(['src/broken.js', 'src/broken.ts']);
    for (const notice of parseErrors) expect(notice.message).toMatch(/^does not parse: .+ \(line 1\)$/);
    // The text report names them too.
    const text = cli(['unparsable']);
    expectNoStackTrace(text);
    expect(text.stdout).toMatch(/src\/broken\.ts: does not parse: /);
  });

  it('skips a binary file named .ts with a notice and audits the rest', () => {
    const binary = Buffer.alloc(64 * 1024);
    for (let index = 0; index < binary.length; index += 1) binary[index] = (index * 131) % 256;
    project('binary-file', { 'src/leak.ts': LEAK, 'src/blob.ts': binary });
    const run = cli(['binary-file', '--format', 'json']);
    const audit = report(run);
    expect(run.code).toBe(1);
    expect(rows(audit)).toEqual([LEAK_ROW]);
    expect(audit.notices).toEqual([{ kind: 'unreadable', file: 'src/blob.ts', message: 'skipped: binary content' }]);
  });

  it('skips a .ts file larger than 4 MiB with a notice and audits the rest', () => {
    const lines: string[] = [];
    for (let index = 0, size = 0; size <= 4.5 * 1024 * 1024; index += 1) {
      const line = `export const value${index} = ${index};\n`;
      lines.push(line);
      size += line.length;
    }
    project('large-file', { 'src/leak.ts': LEAK, 'src/generated.ts': lines.join('') });
    const run = cli(['large-file', '--format', 'json']);
    const audit = report(run);
    expect(run.code).toBe(1);
    expect(rows(audit)).toEqual([LEAK_ROW]);
    expect(audit.notices).toEqual([{ kind: 'unreadable', file: 'src/generated.ts', message: 'skipped: larger than 4 MiB' }]);
  });

  it('terminates on a symlink loop inside the project and audits each file once', () => {
    const dir = project('symlink-loop', { 'src/leak.ts': LEAK });
    symlinkSync('..', path.join(dir, 'src', 'parent'));
    symlinkSync('self', path.join(dir, 'src', 'self'));
    symlinkSync('self.ts', path.join(dir, 'src', 'self.ts'));
    const run = cli(['symlink-loop', '--format', 'json']);
    const audit = report(run);
    expect(run.code).toBe(1);
    expect(rows(audit)).toEqual([LEAK_ROW]);
    expect(audit.filesAnalyzed).toBe(1);
  });

  /**
   * An unreadable file: either the audit stops with one line naming it (exit 2), or it goes on and
   * names the file in a notice. Both are within the contract; a stack trace or a silent skip is not.
   */
  function expectUnreadableHandled(run: Run, file: string): void {
    expectNoStackTrace(run);
    if (run.code === 2) {
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^session-audit: [^\n]+\n$/);
      expect(run.stderr).toContain(file);
      expect(run.stderr).toMatch(/EACCES|permission/i);
    } else {
      const audit = report(run);
      expect(run.code).toBe(1);
      expect(rows(audit)).toEqual([LEAK_ROW]);
      expect(audit.notices).toContainEqual(expect.objectContaining({ file: `src/${file}` }));
    }
  }

  function unreadableProject(name: string): string {
    const dir = project(name, { 'src/leak.ts': LEAK, 'src/secret.ts': 'export const secret = 1;\n' });
    chmodSync(path.join(dir, 'src', 'secret.ts'), 0o000);
    return dir;
  }

  function canRead(file: string): boolean {
    try {
      accessSync(file, constants.R_OK);
      readFileSync(file);
      return true;
    } catch {
      return false;
    }
  }

  it('handles an unreadable file (chmod 000) without a stack trace', () => {
    const dir = unreadableProject('unreadable');
    const run = cli(['unreadable', '--format', 'json']);
    if (canRead(path.join(dir, 'src', 'secret.ts'))) {
      // Root (or a file system without permissions) reads it anyway: it is audited like any other.
      const audit = report(run);
      expect(run.code).toBe(1);
      expect(rows(audit)).toEqual([LEAK_ROW]);
      expect(audit.filesAnalyzed).toBe(2);
      expect(audit.notices).toEqual([]);
    } else {
      expectUnreadableHandled(run, 'secret.ts');
    }
  });

  // As root, chmod does not stop reads: run the binary as `nobody` to see the unprivileged behaviour.
  const canDropPrivileges =
    process.getuid?.() === 0 &&
    ['/usr/bin/setpriv', '/bin/setpriv'].some((file) => existsSync(file)) &&
    spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(CLI)})`]).status === 0;

  it.runIf(canDropPrivileges)('handles an unreadable file without root privileges', () => {
    unreadableProject('unreadable-unprivileged');
    const run = cli(['unreadable-unprivileged', '--format', 'json'], ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']);
    expectUnreadableHandled(run, 'secret.ts');
  });
});

describe('session-audit on bad settings, baselines and outputs', () => {
  it('rejects a session-leaks.config.json that is not valid JSON', () => {
    project('broken-settings', { 'src/leak.ts': LEAK, 'session-leaks.config.json': '{ "catalog": ' });
    expectOneLineError(cli(['broken-settings']), /^session-audit: cannot read .*session-leaks\.config\.json: .+\n$/);
  });

  it('rejects a package.json that is not valid JSON', () => {
    project('broken-package', { 'src/leak.ts': LEAK, 'package.json': '{ "name": ' });
    expectOneLineError(cli(['broken-package']), /^session-audit: cannot read .*package\.json: .+\n$/);
  });

  it('rejects a baseline that is not valid JSON', () => {
    project('broken-baseline', { 'src/leak.ts': LEAK, 'baseline.json': '{ broken' });
    expectOneLineError(cli(['broken-baseline', '--baseline', 'broken-baseline/baseline.json']), /^session-audit: cannot read baseline broken-baseline\/baseline\.json: /);
  });

  it('rejects a baseline that is JSON but not a baseline', () => {
    project('foreign-baseline', { 'src/leak.ts': LEAK, 'baseline.json': '[1, 2]' });
    expectOneLineError(cli(['foreign-baseline', '--baseline', 'foreign-baseline/baseline.json']), /is not a session-audit baseline or JSON report\n$/);
  });

  it('rejects an --output path under a regular file', () => {
    project('bad-output', { 'src/leak.ts': LEAK, 'file.txt': 'not a directory\n' });
    expectOneLineError(cli(['bad-output', '--output', 'bad-output/file.txt/report.txt']), /^session-audit: cannot write bad-output\/file\.txt\/report\.txt: E[A-Z]+\n$/);
  });

  it('rejects merging a file that is neither a JSON report nor a SARIF log', () => {
    project('bad-merge', { 'other.json': '{ "a": 1 }', 'broken.json': '{ broken' });
    expectOneLineError(cli(['merge', 'bad-merge/other.json']), /is neither a session-audit JSON report nor a SARIF 2\.1\.0 log\n$/);
    expectOneLineError(cli(['merge', 'bad-merge/broken.json']), /^session-audit: cannot read report bad-merge\/broken\.json: /);
  });

  it.each([
    [['-x'], /^session-audit: Unknown option '-x' \(see --help\)\n$/],
    [['--format'], /^session-audit: Option '--format <value>' argument missing/],
    [['--format', ''], /^session-audit: unknown format "": use text, json, sarif, markdown or html\n$/],
    [['--help=yes'], /^session-audit: Option '-h, --help' does not take an argument/],
    [['--output', 'a.json', '--format', 'json', '--format', 'sarif'], /^session-audit: --output takes one format; use --out-dir for several\n$/],
    [['--shard', '1/0'], /^session-audit: --shard takes I\/N/],
  ])('rejects the flags %j with one line', (args, message) => {
    project('flags', { 'src/leak.ts': LEAK });
    expectOneLineError(cli(['flags', ...args]), message);
  });
});

describe('session-audit on inputs found by the robustness run', () => {
  it('audits a file nested deeper than the call stack allows', () => {
    const chain = `export const s = ${Array.from({ length: 4000 }, () => '"a"').join(' + ')};\n`;
    project('deep-chain', { 'src/leak.ts': LEAK, 'src/chain.ts': chain });
    const run = cli(['deep-chain', '--format', 'json']);
    expectNoStackTrace(run);
    const audit = report(run);
    expect(rows(audit)).toEqual([LEAK_ROW]);
    expect(audit.notices).toEqual([]);
  });

  it.each([
    ['a non-array', 5, /tsconfig.json: "references" must be an array\n$/],
    ['an entry without a path', [null], /tsconfig.json: every entry of "references" needs a "path"\n$/],
  ])('rejects "references" given as %s', (_what, references, message) => {
    const name = `bad-references-${String(references).length}`;
    project(name, { 'src/leak.ts': LEAK }, { ...TSCONFIG, references });
    expectOneLineError(cli([name]), message);
  });

  it('says when a --tsconfig directory has no tsconfig.json', () => {
    project('no-tsconfig-dir', { 'src/leak.ts': LEAK }, false);
    expectOneLineError(cli(['no-tsconfig-dir', '--tsconfig', 'no-tsconfig-dir']), /^session-audit: no tsconfig.json in no-tsconfig-dir\n$/);
  });

  it('names tsconfig problems in a notice and audits the project', () => {
    project('bad-extends', { 'src/leak.ts': LEAK }, { ...TSCONFIG, extends: './nope.json' });
    const run = cli(['bad-extends', '--format', 'json']);
    expectNoStackTrace(run);
    const audit = report(run);
    expect(rows(audit)).toEqual([LEAK_ROW]);
    expect(audit.notices).toEqual([{ kind: 'config', file: 'tsconfig.json', message: expect.stringContaining('nope.json') }]);
  });

  it('audits a file reached through a symlink once, without a tsconfig', () => {
    const dir = project('symlink-dupe', { 'src/leak.ts': LEAK }, false);
    symlinkSync('..', path.join(dir, 'src', 'loop'));
    const audit = report(cli(['symlink-dupe', '--format', 'json']));
    expect(rows(audit)).toEqual([LEAK_ROW]);
  });

  it.each([
    [['--shard', '1/99999999999999999999'], /--shard takes I\/N/],
    [['--output', ''], /^session-audit: --output needs a file name\n$/],
  ])('rejects %j', (args, message) => {
    project('bounds', { 'src/leak.ts': LEAK });
    expectOneLineError(cli(['bounds', ...args]), message);
  });
});
