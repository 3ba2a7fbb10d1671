import type * as TS from 'typescript';

import type { ResourceKind } from './catalog.js';
import type { MessageId } from './messages.js';
import type { ChainLink } from './resources.js';

export const RULE_NAMES = ['no-cached-session', 'no-session-in-loop', 'require-session-close'] as const;

export type RuleName = (typeof RULE_NAMES)[number];

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
}
