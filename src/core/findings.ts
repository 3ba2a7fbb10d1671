import type * as TS from 'typescript';

import type { ResourceKind } from './catalog.js';
import type { MessageId } from './messages.js';
import type { ChainLink } from './resources.js';

export const RULE_NAMES = ['no-cached-session', 'no-session-in-loop', 'require-session-close'] as const;

export type RuleName = (typeof RULE_NAMES)[number];

/** One-line descriptions, shared by the rules' `meta.docs` and the auditor's reports. */
export const RULE_DESCRIPTIONS: Readonly<Record<RuleName, string>> = {
  'no-cached-session':
    'Disallow caching sessions in module scope, static members, globals or singleton services beyond their unit of work',
  'no-session-in-loop':
    'Disallow opening sessions and clients once per loop iteration, directly or through helpers that open their own',
  'require-session-close':
    'Require sessions, runners, connections, transactions and clients acquired in a function to be released on every path',
};

export const REPOSITORY_URL = 'https://github.com/session-leaks/eslint-plugin-session-leaks';

/** The rule's documentation page, used as ESLint's `meta.docs.url` and SARIF's `helpUri`. */
export function getRuleDocsUrl(rule: string): string {
  return `${REPOSITORY_URL}/blob/main/rules/${rule}.md`;
}

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface SuggestionFix {
  readonly messageId: MessageId;
  readonly data: Readonly<Record<string, string>>;
  readonly edits: readonly TextEdit[];
}

/** One leak site, as both front ends report it. */
export interface Finding {
  readonly rule: RuleName;
  readonly messageId: MessageId;
  readonly data: Readonly<Record<string, string>>;
  /** The reported node: its first token starts the finding. */
  readonly node: TS.Node;
  readonly library: string;
  readonly kind: ResourceKind;
  /** Project functions between the reported call and the library call, outermost first. */
  readonly chain: readonly ChainLink[];
  readonly suggestions: readonly SuggestionFix[];
  /** Needs whole-program facts only the auditor has (absent from an ESLint run). */
  readonly wholeProgram?: boolean;
}
