import { ESLintUtils } from '@typescript-eslint/utils';

import { getRuleDocsUrl } from '../core/findings.js';

export interface SessionLeaksDocs {
  /** Part of `recommended` (and so of every preset). */
  recommended?: boolean;
  /** Only in `strict`. */
  strict?: boolean;
}

export const createRule = ESLintUtils.RuleCreator<SessionLeaksDocs>(getRuleDocsUrl);
