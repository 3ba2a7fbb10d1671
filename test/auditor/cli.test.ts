import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { FIXTURES_DIR } from '../rule-tester.js';

const ROOT = path.join(FIXTURES_DIR, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'auditor', 'cli.js');
const DEMO = path.join(FIXTURES_DIR, 'demo');
// Inside the repository, so copied projects resolve the libraries' types from its node_modules.
mkdirSync(path.join(ROOT, '.tmp-test'), { recursive: true });
const TEMP = mkdtempSync(path.join(ROOT, '.tmp-test', 'session-audit-'));

afterAll(() => rmSync(TEMP, { recursive: true, force: true }));

/** The built binary, as users run it (the test script builds first). */
function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('session-audit CLI', () => {
  it('prints the text report on stdout and exits 1 when findings trip the gate', () => {
    const { code, stdout, stderr } = cli('fixtures/demo');
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain('fixtures/demo/src/jobs/invoice-job.ts\n  7:24  error');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('✖ 8 findings (6 errors, 2 warnings) in 9 files analysed');
  });

  it.each([
    ['json', (text: string) => (JSON.parse(text) as { findings: unknown[] }).findings.length],
    ['sarif', (text: string) => (JSON.parse(text) as { runs: { results: unknown[] }[] }).runs[0].results.length],
    ['markdown', (text: string) => text.split('\n').filter((line) => line.startsWith('- [`')).length],
    ['html', (text: string) => text.split('<article class="finding').length - 1],
  ])('writes %s to stdout', (format, count) => {
    const { code, stdout } = cli('fixtures/demo', '--format', format);
    expect(code).toBe(1);
    expect(count(stdout)).toBe(8);
  });

  it('writes every requested format to --out-dir', () => {
    const dir = path.join(TEMP, 'out');
    const { code, stdout } = cli('fixtures/demo', '--format', 'json', '--format', 'sarif', '--format', 'html', '--out-dir', dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(JSON.parse(readFileSync(path.join(dir, 'session-audit.json'), 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect(JSON.parse(readFileSync(path.join(dir, 'session-audit.sarif'), 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(readFileSync(path.join(dir, 'session-audit.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('applies --fail-on', () => {
    expect(cli('fixtures/demo', '--fail-on', 'never').code).toBe(0);
    expect(cli('fixtures/demo', '--fail-on', 'warning').code).toBe(1);
  });

  it.each([
    [['--bogus'], /^session-audit: Unknown option '--bogus' \(see --help\)\n$/],
    [['no/such/dir'], /^session-audit: no such directory: no\/such\/dir\n$/],
    [['package.json'], /^session-audit: package.json is a file, not a directory/],
    [['fixtures/demo', '--format', 'pdf'], /^session-audit: unknown format "pdf"/],
    [['fixtures/demo', '--output', 'a.txt', '--out-dir', 'x'], /^session-audit: --output and --out-dir cannot be used together\n$/],
    [['fixtures/demo', '--format', 'json', '--format', 'sarif'], /^session-audit: several formats need --out-dir/],
    [['fixtures/demo', '--update-baseline'], /^session-audit: --update-baseline needs --baseline FILE\n$/],
    [['fixtures/demo', '--shard', '3/2'], /^session-audit: --shard takes I\/N/],
    [['fixtures/demo', '--fail-on', 'sometimes'], /^session-audit: --fail-on must be error, warning or never/],
    [['fixtures/demo', '--tsconfig', 'fixtures/demo/nope.json'], /^session-audit: no such tsconfig: fixtures\/demo\/nope.json\n$/],
    [['fixtures/demo', '--baseline', 'no-such-baseline.json'], /^session-audit: no such baseline: no-such-baseline.json/],
    [['a', 'b'], /^session-audit: one ROOT at most, got 2/],
    [['merge'], /^session-audit: merge needs at least one REPORT file\n$/],
  ])('rejects %j with one line on stderr and exit code 2', (args, message) => {
    const { code, stdout, stderr } = cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('runs as the README runs it: the bin package.json declares is executable through its shebang', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    const bin = path.join(ROOT, pkg.bin['session-audit']);
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const result = spawnSync(bin, ['fixtures/demo', '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as { findings: unknown[] }).findings).toHaveLength(8);
  });

  it('prints help and version', () => {
    expect(cli('--help').stdout).toContain('session-audit merge REPORT...');
    expect(cli('--version').stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('round-trips a baseline: accepted findings stop counting, fixed ones are listed', () => {
    const project = path.join(TEMP, 'baseline-demo');
    cpSync(DEMO, project, { recursive: true });
    const baseline = path.join(TEMP, 'baseline.json');
    expect(cli(project, '--baseline', baseline, '--update-baseline').code).toBe(0);
    const accepted = cli(project, '--baseline', baseline, '--format', 'json');
    expect(accepted.code).toBe(0);
    expect(JSON.parse(accepted.stdout)).toMatchObject({ findings: [], fixed: [], summary: { total: 0, baselined: 8 } });
    // Fix one leak: the daily report stops creating its own pool.
    const report = path.join(project, 'src', 'reports', 'daily-report.ts');
    writeFileSync(report, readFileSync(report, 'utf8').replace("const reportPool = new Pool({ connectionString: process.env.REPORTING_URL });", 'const reportPool = pool;'));
    const afterFix = JSON.parse(cli(project, '--baseline', baseline, '--format', 'json').stdout) as { fixed: { file: string }[]; summary: { baselined: number } };
    expect(afterFix.fixed.map((entry) => entry.file)).toEqual(['src/reports/daily-report.ts']);
    expect(afterFix.summary.baselined).toBe(7);
  });

  it('merges JSON and SARIF reports of shards into the full report', () => {
    const full = JSON.parse(cli('fixtures/demo', '--format', 'json').stdout) as { findings: { fingerprint: string }[] };
    for (const format of ['json', 'sarif'] as const) {
      const shards = ['1/2', '2/2'].map((shard, index) => {
        const file = path.join(TEMP, `shard-${index}.${format}`);
        cli('fixtures/demo', '--shard', shard, '--format', format, '--output', file);
        return file;
      });
      const merged = cli('merge', ...shards, '--format', format);
      expect(merged.code).toBe(1);
      const parsed = JSON.parse(merged.stdout) as { findings?: { fingerprint: string }[]; runs?: { results: { partialFingerprints: Record<string, string> }[] }[] };
      const fingerprints =
        format === 'json'
          ? parsed.findings!.map((finding) => finding.fingerprint)
          : parsed.runs![0].results.map((result) => Object.values(result.partialFingerprints)[0]);
      expect(parsed.runs?.length ?? 1).toBe(1);
      expect(fingerprints.sort()).toEqual(full.findings.map((finding) => finding.fingerprint).sort());
    }
  });
});
