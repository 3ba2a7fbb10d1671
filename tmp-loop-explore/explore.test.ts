import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import parser from '@typescript-eslint/parser';
import { it } from 'vitest';
import rule from '../rules/no-session-in-loop.js';
import { FIXTURES_DIR } from '../test/rule-tester.js';

it('explore', () => {
  const src = fs.readFileSync(process.env.PROBE ?? '/tmp/loop-cases.txt', 'utf8');
  const cases = src.split(/^=== /m).filter(Boolean).map((chunk) => {
    const nl = chunk.indexOf('\n');
    const header = chunk.slice(0, nl).trim();
    const m = /^(.*?)(\{.*\})?$/.exec(header)!;
    return { name: m[1].trim(), options: m[2] ? JSON.parse(m[2]) : undefined, code: chunk.slice(nl + 1).replace(/\n+$/, '\n') };
  });
  const linter = new Linter({ configType: 'flat' });
  let out = '';
  for (const c of cases) {
    for (const mode of (process.env.MODES ?? 'typed,untyped').split(',')) {
      const config = {
        files: ['**/*.ts'],
        plugins: { x: { rules: { r: rule as never } } },
        rules: { 'x/r': (c.options ? ['error', c.options] : 'error') as never },
        languageOptions: { parser, parserOptions: mode === 'typed' ? { projectService: true, tsconfigRootDir: FIXTURES_DIR } : {} },
      };
      const lines = c.code.split('\n');
      const msgs = linter.verify(c.code, [config as never], { filename: path.join(FIXTURES_DIR, 'file.ts') });
      out += `### ${c.name} [${mode}] ${msgs.length}\n`;
      for (const m of msgs) {
        let text = '';
        if (m.endLine === m.line) text = lines[m.line - 1].slice(m.column - 1, m.endColumn! - 1);
        else text = '(multi) ' + lines[m.line - 1].slice(m.column - 1);
        out += `  ${m.messageId ?? 'FATAL'} ${m.line}:${m.column}-${m.endLine}:${m.endColumn} «${text}» ${m.message}\n`;
      }
    }
  }
  fs.writeFileSync(process.env.OUT ?? '/tmp/loop-explore.out', out);
});
