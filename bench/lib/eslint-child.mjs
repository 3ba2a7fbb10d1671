// One ESLint measurement, run in a fresh process by bench/run.mjs:
//   node bench/lib/eslint-child.mjs CORPUS_DIR MODE PATTERN...
// MODE: parse-typed | nfp-typed | ours-typed | parse-untyped | empty-untyped | ours-untyped, and
// empty-untyped-patched | ours-untyped-patched (the same with ESLint's rule contexts patched, below)
// Prints one JSON line: files linted, messages per rule, fatal (parse) errors, and each rule's own
// time in milliseconds (ESLint's `stats`).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [corpus, modeArgument, ...patterns] = process.argv.slice(2);
const patched = modeArgument.endsWith('-patched');
const mode = patched ? modeArgument.slice(0, -'-patched'.length) : modeArgument;
if (patched) patchRuleContexts();
const cwd = path.resolve(corpus);
const { default: sessionLeaks } = await import(path.join(repo, 'dist/src/plugin.js'));

// The parser-service mode is chosen by BENCH_PARSER: "service" (projectService, the README's
// recommendation; default) or "project" (parserOptions.project pointing at the corpus tsconfig).
const typedParserOptions =
  process.env.BENCH_PARSER === 'project'
    ? { project: path.join(cwd, 'tsconfig.json'), tsconfigRootDir: cwd }
    : { projectService: true, tsconfigRootDir: cwd };

const typed = mode.endsWith('-typed');
const base = {
  files: ['**/*.ts'],
  languageOptions: { parser: tseslint.parser, parserOptions: typed ? typedParserOptions : {} },
  // Inline `eslint-disable` comments in the real sources name rules no config here defines: ignore them,
  // so every config lints the same way.
  linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
};

const ours = sessionLeaks.configs[typed ? 'recommended-type-checked' : 'recommended'];
// A rule that listens to nothing: what ESLint itself costs once any rule is enabled at all.
const reference = { rules: { empty: { meta: { type: 'problem', schema: [] }, create: () => ({}) } } };
const configs = {
  'parse-typed': [base],
  'parse-untyped': [base],
  'nfp-typed': [
    { ...base, plugins: { '@typescript-eslint': tseslint.plugin }, rules: { '@typescript-eslint/no-floating-promises': 'error' } },
  ],
  'ours-typed': [base, { ...ours, files: ['**/*.ts'] }],
  'ours-untyped': [base, { ...ours, files: ['**/*.ts'], languageOptions: {} }],
  'empty-untyped': [base, { files: ['**/*.ts'], plugins: { reference }, rules: { 'reference/empty': 'error' } }],
}[mode];
if (configs === undefined) throw new Error(`unknown mode ${modeArgument}`);

// `stats`: ESLint times every rule's `create` and listeners (two clock reads around each call) and
// reports the totals per file, so a rule's own cost is measured inside the run, not as a difference
// of two noisy wall times.
const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: configs, cache: false, warnIgnored: false, stats: true });
const results = await eslint.lintFiles(patterns.length > 0 ? patterns : ['**/*.ts']);
const byRule = {};
const ruleMs = {};
let fatal = 0;
for (const result of results) {
  for (const message of result.messages) {
    if (message.fatal) fatal += 1;
    const key = message.ruleId ?? (message.fatal ? 'fatal' : 'other');
    byRule[key] = (byRule[key] ?? 0) + 1;
  }
  for (const pass of result.stats?.times.passes ?? []) {
    for (const [ruleId, time] of Object.entries(pass.rules ?? {})) ruleMs[ruleId] = (ruleMs[ruleId] ?? 0) + time.total;
  }
}
for (const ruleId of Object.keys(ruleMs)) ruleMs[ruleId] = Math.round(ruleMs[ruleId]);
process.stdout.write(`${JSON.stringify({ files: results.length, fatal, byRule, ruleMs })}\n`);

/**
 * ESLint (10.x) gives each rule a context created with `Object.create(fileContext)`: a fresh per-file
 * object becomes a prototype. V8 keeps the map of an object created that way in old space, and that
 * map points at its prototype, so every scavenge keeps the file's context, and through it the whole
 * SourceCode (AST, tokens, scopes), alive until the next full collection. With no rule enabled no
 * such context exists. This patch builds the same frozen context by copying the file context's
 * fields instead, which is what the `-patched` modes measure: ESLint's cost of running any rule with
 * that retention removed. Nothing else in ESLint changes.
 */
function patchRuleContexts() {
  const requireHere = createRequire(import.meta.url);
  const fileContextModule = path.join(path.dirname(requireHere.resolve('eslint')), 'linter/file-context.js');
  const { FileContext } = existsSync(fileContextModule) ? requireHere(fileContextModule) : {};
  if (typeof FileContext?.prototype?.extend !== 'function') {
    throw new Error(`cannot patch rule contexts: ${fileContextModule} has no FileContext#extend in this ESLint version`);
  }
  FileContext.prototype.extend = function extend(extension) {
    return Object.freeze(Object.assign(Object.create(FileContext.prototype), this, extension));
  };
}
