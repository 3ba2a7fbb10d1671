import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { FIXTURES_DIR } from '../rule-tester.js';

const require = createRequire(import.meta.url);
/** oxlint is installed by .ci/run (not in the lock file: its per-platform bindings are not all on this registry). */
function findOxlint(): string | undefined {
  try {
    return path.join(path.dirname(require.resolve('oxlint/package.json')), 'bin', 'oxlint');
  } catch {
    return undefined;
  }
}

const OXLINT_BIN = findOxlint();
const DEMO_DIR = path.join(FIXTURES_DIR, 'demo');

interface OxlintOutput {
  diagnostics: { message: string; code: string; severity: string; filename: string; labels: { span: { line: number; column: number } }[] }[];
}

function oxlint(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  if (OXLINT_BIN === undefined) return { code: null, stdout: '', stderr: 'oxlint is not installed' };
  const result = spawnSync(process.execPath, [OXLINT_BIN, ...args], { cwd: DEMO_DIR, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

// oxlint runs a native binding per platform; the lock file here records only the Linux glibc ones.
const hasNativeBinding = oxlint('--version').code === 0;

/**
 * The built plugin as an oxlint JS plugin (fixtures/demo/.oxlintrc.json loads it by package name).
 * oxlint gives rules no type information and no TS AST, so the rules take their untyped path over a
 * TS parse of the text and must report what ESLint reports with the `recommended` preset.
 */
describe.skipIf(!hasNativeBinding)('oxlint binary with the plugin as a JS plugin', () => {
  it('reports the demo leaks that ESLint reports without type information', () => {
    const { code, stdout, stderr } = oxlint('--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const { diagnostics } = JSON.parse(stdout) as OxlintOutput;
    expect(
      diagnostics
        .map(({ filename, labels, code: rule, severity }) => `${filename}:${labels[0].span.line}:${labels[0].span.column} ${rule} ${severity}`)
        .sort(),
    ).toEqual([
      'src/nest/accounts.service.ts:14:5 session-leaks(no-cached-session) error',
      'src/reports/daily-report.ts:7:22 session-leaks(require-session-close) error',
    ]);
    expect(diagnostics.find(({ filename }) => filename === 'src/reports/daily-report.ts')?.message).toBe(
      'The pg pool `reportPool` acquired here is never released; call `await reportPool.end()` in a `finally` block so every path releases it.',
    );
  });
});
