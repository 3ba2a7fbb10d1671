import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

import { describe, expect, it } from 'vitest';

import { FIXTURES_DIR } from '../rule-tester.js';

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const ESLINT_BIN = path.join(path.dirname(require.resolve('eslint/package.json')), 'bin', 'eslint.js');
const DEMO_DIR = path.join(FIXTURES_DIR, 'demo');

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; messageId?: string; fatal?: boolean }[];
}

/** Runs the real `eslint` binary (the built plugin, as users get it) and returns `file:line:column ruleId messageId` rows. */
async function lintDemo(configFile: string): Promise<string[]> {
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, [ESLINT_BIN, '--config', configFile, '--format', 'json', '.'], {
      cwd: DEMO_DIR,
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (error) {
    // Exit code 1 means "problems found": the JSON is still on stdout.
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (failed.code !== 1 || failed.stdout === undefined) throw new Error(`eslint failed: ${failed.stderr ?? String(error)}`);
    stdout = failed.stdout;
  }
  const results = JSON.parse(stdout) as LintResult[];
  return results
    .flatMap((result) =>
      result.messages.map(
        (message) =>
          `${path.relative(DEMO_DIR, result.filePath).split(path.sep).join('/')}:${message.line}:${message.column} ${message.ruleId} ${message.messageId ?? (message.fatal === true ? 'fatal' : '')}`,
      ),
    )
    .sort();
}

describe('eslint binary on the demo codebase', () => {
  it('reports every seeded leak and none of the fixed twins (type-checked preset)', async () => {
    expect(await lintDemo('eslint.config.js')).toEqual([
      'src/jobs/invoice-job.ts:7:24 session-leaks/require-session-close skippedByExit',
      'src/nest/accounts.service.ts:14:5 session-leaks/no-cached-session cachedSession',
      'src/reports/daily-report.ts:7:22 session-leaks/require-session-close neverReleased',
      'src/reports/transactions-report.ts:14:36 session-leaks/no-session-in-loop openerInLoop',
      'src/reports/transactions-report.ts:21:66 session-leaks/no-session-in-loop openerConcurrently',
      'src/repositories/account-repository.ts:11:18 session-leaks/require-session-close notReleasedOnThrow',
      'src/repositories/account-repository.ts:34:11 session-leaks/require-session-close notRolledBack',
    ]);
  });

  it('runs without type information and reports what imports and names show (recommended preset)', async () => {
    expect(await lintDemo('eslint.untyped.config.js')).toEqual([
      'src/nest/accounts.service.ts:14:5 session-leaks/no-cached-session cachedSession',
      'src/reports/daily-report.ts:7:22 session-leaks/require-session-close neverReleased',
    ]);
  });
});
