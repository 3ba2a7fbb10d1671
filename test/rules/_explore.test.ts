import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import { it } from 'vitest';
import rule from '../../rules/require-session-close.js';
import { FIXTURES_DIR } from '../rule-tester.js';

function run(code: string, typed: boolean, settings?: unknown) {
  const linter = new Linter({ configType: 'flat' });
  const config: any[] = [{
    files: ['**/*.ts'],
    languageOptions: { parser, parserOptions: typed ? { projectService: true, tsconfigRootDir: FIXTURES_DIR } : {} },
    plugins: { x: { rules: { r: rule as any } } },
    rules: { 'x/r': 'error' },
    settings: settings === undefined ? {} : { 'session-leaks': settings },
  }];
  const messages = linter.verify(code, config, { filename: path.join(FIXTURES_DIR, 'file.ts') });
  return messages.map((m) => ({
    id: m.messageId, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, msg: m.message, fatal: m.fatal,
    suggestions: (m.suggestions ?? []).map((s) => ({ id: s.messageId, output: code.slice(0, s.fix.range[0]) + s.fix.text + code.slice(s.fix.range[1]) })),
  }));
}

it('explore', () => {
  const cases = JSON.parse(fs.readFileSync('/tmp/cases.json', 'utf8')) as { name: string; code: string; settings?: unknown }[];
  const out: string[] = [];
  for (const c of cases) {
    for (const typed of [true, false]) {
      let res: unknown;
      try { res = run(c.code, typed, c.settings); } catch (e) { res = 'THROW: ' + String(e); }
      out.push(`### ${c.name} [${typed ? 'typed' : 'untyped'}]\n${JSON.stringify(res, null, 1)}`);
    }
  }
  fs.writeFileSync('/tmp/explore.out', out.join('\n'));
});
