/**
 * Meta tests: the rule registry, the rule files, their docs and tests, the presets and the plugin's
 * `meta` agree with each other and with the rule metadata. The docs' generated parts (headers, the
 * README's rules table and configs list) are checked by `npm run docs:check`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { rules } from '../rules/index.js';
import { RULE_NAMES } from '../src/core/findings.js';
import { MESSAGES } from '../src/core/messages.js';
import plugin from '../src/plugin.js';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const RULES_DIR = path.join(ROOT, 'rules');
const RULE_TESTS_DIR = path.join(ROOT, 'test', 'rules');
const NAMESPACE = 'session-leaks';
const PRESET_NAMES = ['recommended', 'recommended-type-checked', 'strict'];

interface DocsMeta {
  url?: string;
  recommended?: boolean;
  strict?: boolean;
  requiresTypeChecking?: boolean;
}

const packageJson = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };

/** Rule IDs from the file names in `rules/` with the given extension (the registry is not a rule). */
function ruleIdsFromFiles(extension: string): string[] {
  return readdirSync(RULES_DIR)
    .filter((file) => file.endsWith(extension) && file !== `index${extension}`)
    .map((file) => file.slice(0, -extension.length))
    .sort();
}

function readRuleFile(file: string): string {
  return readFileSync(path.join(RULES_DIR, file), 'utf8');
}

const RULE_IDS = ruleIdsFromFiles('.ts');
const ruleEntries = Object.entries(rules).sort(([a], [b]) => a.localeCompare(b));

function getDocs(ruleId: string): DocsMeta {
  return (rules[ruleId as keyof typeof rules].meta.docs ?? {}) as DocsMeta;
}

describe('rule files, docs, tests and registry', () => {
  it('finds the rules', () => {
    expect(RULE_IDS.length).toBeGreaterThan(0);
  });

  it('registers every rule file in rules/index.ts, and nothing else, in sorted order', () => {
    expect(Object.keys(rules)).toEqual(RULE_IDS);
  });

  it('has a doc rules/<id>.md for every rule, and no doc without a rule', () => {
    expect(ruleIdsFromFiles('.md')).toEqual(RULE_IDS);
  });

  it('has a test file test/rules/<id>.test.ts for every rule', () => {
    const testFiles = readdirSync(RULE_TESTS_DIR);
    expect(RULE_IDS.filter((id) => !testFiles.includes(`${id}.test.ts`))).toEqual([]);
  });

  it('names every test file in test/rules after a rule (<id>.test.ts or <id>.<part>.test.ts)', () => {
    const orphans = readdirSync(RULE_TESTS_DIR)
      .filter((file) => file.endsWith('.test.ts'))
      .filter((file) => !RULE_IDS.includes(file.split('.')[0]));
    expect(orphans).toEqual([]);
  });

  it('lists the same rules as the auditor (RULE_NAMES in src/core)', () => {
    expect([...RULE_NAMES].sort()).toEqual(RULE_IDS);
  });
});

describe.each(ruleEntries)('rule %s', (ruleId, rule) => {
  const source = readRuleFile(`${ruleId}.ts`);
  const docs = getDocs(ruleId);

  it('is created with its file name', () => {
    expect(rule.name).toBe(ruleId);
  });

  it('links its doc: meta.docs.url ends with rules/<id>.md', () => {
    expect(docs.url).toMatch(/^https:\/\//);
    expect(docs.url?.endsWith(`rules/${ruleId}.md`)).toBe(true);
  });

  it('sets requiresTypeChecking exactly when its source calls getParserServices', () => {
    expect(docs.requiresTypeChecking === true).toBe(source.includes('getParserServices'));
  });

  it('does not require type checking (every rule runs in the untyped `recommended` preset)', () => {
    expect(docs.requiresTypeChecking).not.toBe(true);
  });

  it('is in a preset: docs.recommended or docs.strict', () => {
    expect(docs.recommended === true || docs.strict === true).toBe(true);
  });

  it('takes every message from src/core/messages.ts with the same text', () => {
    const messages = Object.entries(rule.meta.messages as Record<string, string>);
    expect(messages.length).toBeGreaterThan(0);
    for (const [messageId, text] of messages) {
      expect(messageId, `${messageId} is camelCase`).toMatch(/^[a-z][a-zA-Z]*$/);
      expect(Object.keys(MESSAGES), `${messageId} is in src/core/messages.ts`).toContain(messageId);
      expect(text).toBe(MESSAGES[messageId as keyof typeof MESSAGES]);
    }
  });

  it('has suggestion messages exactly when it has suggestions', () => {
    const suggestionIds = Object.keys(rule.meta.messages).filter((messageId) => messageId.startsWith('suggest'));
    expect(suggestionIds.length > 0).toBe(rule.meta.hasSuggestions === true);
  });

  it('lists every reported messageId in its doc when the doc has a message table', () => {
    const doc = readRuleFile(`${ruleId}.md`);
    const table = /^\| Message \|[^\n]*\n(?:\|[^\n]*\n)+/m.exec(doc)?.[0];
    if (table === undefined) return;
    const documented = [...table.matchAll(/^\| `(\w+)` \|/gm)].map((match) => match[1]).sort();
    const reported = Object.keys(rule.meta.messages)
      .filter((messageId) => !messageId.startsWith('suggest'))
      .sort();
    expect(documented).toEqual(reported);
  });
});

describe('presets', () => {
  it('are exactly recommended, recommended-type-checked and strict', () => {
    expect(Object.keys(plugin.configs).sort()).toEqual(PRESET_NAMES);
  });

  describe.each(PRESET_NAMES)('%s', (presetName) => {
    const preset = plugin.configs[presetName as keyof typeof plugin.configs];

    it('is a flat-config object named session-leaks/<preset>', () => {
      expect(preset.name).toBe(`${NAMESPACE}/${presetName}`);
    });

    it("carries the plugin under plugins['session-leaks']", () => {
      expect(preset.plugins?.[NAMESPACE]).toBe(plugin);
    });

    it('enables the rules the metadata puts in it: docs.recommended everywhere, docs.strict in strict only', () => {
      const expected = Object.fromEntries(
        ruleEntries
          .filter(([ruleId]) => getDocs(ruleId).recommended === true || (presetName === 'strict' && getDocs(ruleId).strict === true))
          .map(([ruleId]) => [`${NAMESPACE}/${ruleId}`, 'error']),
      );
      expect(preset.rules).toEqual(expected);
    });

    it('asks for type information only in the type-checked presets', () => {
      const parserOptions = preset.languageOptions?.parserOptions as { projectService?: unknown } | undefined;
      expect(parserOptions?.projectService === true).toBe(presetName !== 'recommended');
    });
  });
});

describe('plugin', () => {
  it('carries meta: name and version from package.json, namespace session-leaks', () => {
    expect(plugin.meta).toEqual({ name: packageJson.name, version: packageJson.version, namespace: NAMESPACE });
  });

  it('registers the rules of rules/index.ts', () => {
    expect(plugin.rules).toBe(rules);
  });

  it('is the only export of the built entry point (eslint-doc-generator loads it through require(esm))', async () => {
    const entry = (await import(path.join(ROOT, 'dist', 'src', 'plugin.js'))) as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(['default']);
    expect(Object.keys((entry.default as typeof plugin).rules)).toEqual(RULE_IDS);
  });
});
