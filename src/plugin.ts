import type { TSESLint } from '@typescript-eslint/utils';

import { rules } from '../rules/index.js';
import { readOwnPackageJson } from './package-info.js';

const { name, version } = readOwnPackageJson();

const NAMESPACE = 'session-leaks';

type RuleEntries = Record<string, TSESLint.SharedConfig.RuleEntry>;

const plugin = {
  meta: { name, version, namespace: NAMESPACE },
  rules,
  configs: {} as Record<'recommended' | 'recommended-type-checked' | 'strict', TSESLint.FlatConfig.Config>,
};

/** Presets come from rule metadata: `docs.recommended` rules in every preset, `docs.strict` ones in `strict` only. */
function presetRules(includeStrict: boolean): RuleEntries {
  const entries: RuleEntries = {};
  for (const [ruleName, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs as { recommended?: boolean; strict?: boolean } | undefined;
    if (docs?.recommended === true || (includeStrict && docs?.strict === true)) entries[`${NAMESPACE}/${ruleName}`] = 'error';
  }
  return entries;
}

plugin.configs.recommended = {
  name: `${NAMESPACE}/recommended`,
  plugins: { [NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: presetRules(false),
};
plugin.configs['recommended-type-checked'] = {
  name: `${NAMESPACE}/recommended-type-checked`,
  plugins: { [NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  languageOptions: { parserOptions: { projectService: true } },
  rules: presetRules(false),
};
plugin.configs.strict = {
  name: `${NAMESPACE}/strict`,
  plugins: { [NAMESPACE]: plugin as unknown as TSESLint.FlatConfig.Plugin },
  languageOptions: { parserOptions: { projectService: true } },
  rules: presetRules(true),
};

export default plugin;

