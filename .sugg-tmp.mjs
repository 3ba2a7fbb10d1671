import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '/work/main/dist/src/plugin.js';
import { readFileSync } from 'node:fs';
const code = readFileSync(process.argv[2], 'utf8');
const rule = process.argv[3] ?? 'require-session-close';
const linter = new Linter({ configType: 'flat' });
const messages = linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { 'session-leaks': plugin }, rules: { [`session-leaks/${rule}`]: 'error' } }], 'file.ts');
for (const m of messages) {
  console.log(JSON.stringify({ messageId: m.messageId, line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn, message: m.message }));
  for (const s of m.suggestions ?? []) console.log('  SUGG', s.messageId, JSON.stringify(s.desc), '\n' + linter.constructor.name && applyFix(code, s.fix));
}
function applyFix(text, fix) { return text.slice(0, fix.range[0]) + fix.text + text.slice(fix.range[1]); }
