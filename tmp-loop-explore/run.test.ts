import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import { it } from 'vitest';
import rule from '../rules/no-session-in-loop.js';
import { MESSAGES } from '../src/core/messages.js';
import { FIXTURES_DIR } from '../test/rule-tester.js';
import type { Spec } from './types.js';
import { loops } from './spec-loops.js';
import { libs } from './spec-libs.js';
import { guards } from './spec-guards.js';
import { options } from './spec-options.js';
import { openers } from './spec-openers.js';
import { chains } from './spec-chains.js';

function parseData(messageId: string, message: string): Record<string, string> | undefined {
  const template = (MESSAGES as Record<string, string>)[messageId];
  const seen = new Set<string>();
  let re = '';
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*([^{}]+?)\s*\}\}/g)) {
    re += template.slice(last, m.index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    re += seen.has(m[1]) ? `\\k<${m[1]}>` : `(?<${m[1]}>.*?)`;
    seen.add(m[1]);
    last = m.index! + m[0].length;
  }
  re += template.slice(last).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`^${re}$`, 's').exec(message);
  return match?.groups ? { ...match.groups } : undefined;
}

it('run', () => {
  const all: Spec[] = [...loops, ...libs, ...guards, ...options, ...openers, ...chains];
  const only = process.env.SECTION;
  const linter = new Linter({ configType: 'flat' });
  const results: unknown[] = [];
  let report = '';
  for (const c of all) {
    if (only && c.section !== only) continue;
    for (const mode of c.modes ?? ['typed', 'untyped']) {
      const config = {
        files: ['**/*.ts'],
        plugins: { x: { rules: { r: rule as never } } },
        rules: { 'x/r': (c.options ? ['error', c.options] : 'error') as never },
        languageOptions: { parser, parserOptions: mode === 'typed' ? { projectService: true, tsconfigRootDir: FIXTURES_DIR } : {} },
      };
      const lines = c.code.split('\n');
      const msgs = linter.verify(c.code, [config as never], { filename: c.filename ?? path.join(FIXTURES_DIR, 'file.ts') });
      const got = msgs.map((m) => ({
        messageId: m.messageId, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn,
        text: m.endLine === m.line ? lines[m.line - 1].slice(m.column - 1, m.endColumn! - 1) : '(multi)',
        data: m.messageId ? parseData(m.messageId, m.message) : undefined, message: m.message,
      }));
      const expect = c.expect ?? [];
      const ok = got.length === expect.length && got.every((g, i) => g.text === expect[i] && g.data !== undefined);
      report += `${ok ? 'OK  ' : 'FAIL'} [${mode}] ${c.section}: ${c.name}\n`;
      if (!ok || process.env.VERBOSE) for (const g of got) report += `     ${g.messageId} ${g.line}:${g.column}-${g.endLine}:${g.endColumn} «${g.text}» ${g.message}\n`;
      results.push({ ...c, mode, ok, got });
    }
  }
  fs.writeFileSync('/tmp/loop-run.out', report);
  fs.writeFileSync('/tmp/loop-run.json', JSON.stringify(results, null, 1));
});
