// eslint-doc-generator loads the BUILT plugin (package.json `exports` → dist/src/plugin.js), so
// `npm run docs` and `npm run docs:check` build first; the docs URL base comes from the build too.
import { REPOSITORY_URL } from './dist/src/core/findings.js';

/** @type {import('eslint-doc-generator').GenerateOptions} */
const config = {
  pathRuleDoc: 'rules/{name}.md',
  pathRuleList: 'README.md',
  ruleDocTitleFormat: 'desc-parens-prefix-name',
  ruleDocNotices: ['deprecated', 'configs', 'hasSuggestions', 'options', 'requiresTypeChecking'],
  ruleListColumns: ['name', 'description', 'configsError', 'hasSuggestions', 'options', 'requiresTypeChecking', 'deprecated'],
  // Every doc shows the rule at work; "## Options" also explains the settings of option-less rules.
  ruleDocSectionInclude: ['Examples'],
  ruleDocSectionOptions: false,
  urlConfigs: `${REPOSITORY_URL}#configure-flat-config`,
};

export default config;
