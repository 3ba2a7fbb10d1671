/**
 * The built `session-audit` binary keeps V8's compiled code for TypeScript and ts-morph between runs
 * (src/auditor/compile-cache.ts). Each case runs it with its own temporary directory (`TMPDIR`).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { FIXTURES_DIR } from '../rule-tester.js';

const ROOT = path.join(FIXTURES_DIR, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'auditor', 'cli.js');
const DEMO = path.join(FIXTURES_DIR, 'demo');
mkdirSync(path.join(ROOT, '.tmp-test'), { recursive: true });
const TEMP = mkdtempSync(path.join(ROOT, '.tmp-test', 'compile-cache-'));

afterAll(() => {
  rmSync(TEMP, { recursive: true, force: true });
});

function audit(tmp: string, env: Record<string, string> = {}, nodeFlags: string[] = []) {
  const { NODE_DISABLE_COMPILE_CACHE: _ignored, ...inherited } = process.env;
  return spawnSync(process.execPath, [...nodeFlags, CLI, DEMO, '--format', 'json'], {
    encoding: 'utf8',
    env: { ...inherited, TMPDIR: tmp, ...env },
  });
}

function cacheDirectory(tmp: string): string {
  const uid = process.getuid?.();
  return path.join(tmp, `session-audit-compile-cache${uid === undefined ? '' : `-${uid}`}`);
}

function cacheFiles(tmp: string): Map<string, number> {
  const directory = cacheDirectory(tmp);
  const files = new Map<string, number>();
  try {
    for (const name of readdirSync(directory)) files.set(name, statSync(path.join(directory, name)).mtimeMs);
  } catch {
    // no directory: no files
  }
  return files;
}

const hasBuiltinCache = typeof (Module as unknown as { enableCompileCache?: unknown }).enableCompileCache === 'function';

describe.skipIf(hasBuiltinCache || process.platform === 'win32')('session-audit compile cache (Node without module.enableCompileCache)', () => {
  it('writes the compiled code of the large modules on the first run and reuses it unchanged on the next, with the same report', () => {
    const tmp = mkdtempSync(path.join(TEMP, 'reuse-'));
    const first = audit(tmp);
    expect(first.status).toBe(1);
    const written = cacheFiles(tmp);
    // TypeScript's compiler and ts-morph: the CommonJS files of 1 MB or more the audit loads.
    expect(written.size).toBe(2);
    for (const name of written.keys()) expect(statSync(path.join(cacheDirectory(tmp), name)).size).toBeGreaterThan(100_000);
    const second = audit(tmp);
    expect(second.status).toBe(1);
    expect(second.stdout).toBe(first.stdout);
    // An accepted cache is not written again; one V8 rejected would be.
    expect(cacheFiles(tmp)).toEqual(written);
  });

  it('rewrites a cache V8 rejects (another run’s flags) and keeps the report the same', () => {
    const tmp = mkdtempSync(path.join(TEMP, 'flags-'));
    const first = audit(tmp);
    const written = cacheFiles(tmp);
    const other = audit(tmp, {}, ['--max-lazy']);
    expect(other.stdout).toBe(first.stdout);
    const rewritten = cacheFiles(tmp);
    expect([...rewritten.keys()].sort()).toEqual([...written.keys()].sort());
    for (const [name, mtime] of rewritten) expect(mtime).toBeGreaterThan(written.get(name) ?? Infinity);
  });

  it('never runs the cached code of a file whose text changed, even to the same length and modification time', () => {
    const tmp = mkdtempSync(path.join(TEMP, 'changed-'));
    const module = path.join(tmp, 'big.cjs');
    // Over the 1 MB the cache starts at; only the exported letter differs between the two versions.
    const write = (letter: string): void => {
      writeFileSync(module, `module.exports = '${letter}';\n/*${'x'.repeat(1_100_000)}*/\n`);
      utimesSync(module, 1_000_000, 1_000_000);
    };
    const load = () =>
      spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const { enableCompileCache } = await import(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'auditor', 'compile-cache.js'))});
enableCompileCache();
const { createRequire } = await import('node:module');
process.stdout.write(createRequire(import.meta.url)(${JSON.stringify(module)}));`,
        ],
        { encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', TMPDIR: tmp } },
      ).stdout;
    write('A');
    expect(load()).toBe('A');
    expect(load()).toBe('A');
    write('B');
    expect(load()).toBe('B');
    expect(cacheFiles(tmp).size).toBe(2);
  });

  it('is off with NODE_DISABLE_COMPILE_CACHE=1', () => {
    const tmp = mkdtempSync(path.join(TEMP, 'off-'));
    const result = audit(tmp, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(result.status).toBe(1);
    expect(cacheFiles(tmp).size).toBe(0);
  });

  it('never uses a cache directory others can write to', () => {
    const tmp = mkdtempSync(path.join(TEMP, 'shared-'));
    mkdirSync(cacheDirectory(tmp));
    chmodSync(cacheDirectory(tmp), 0o777);
    const result = audit(tmp);
    expect(result.status).toBe(1);
    expect(cacheFiles(tmp).size).toBe(0);
  });
});
