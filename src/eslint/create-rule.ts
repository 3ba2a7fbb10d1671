import { ESLintUtils } from '@typescript-eslint/utils';

export interface SessionLeaksDocs {
  /** Part of `recommended` (and so of every preset). */
  recommended?: boolean;
  /** Only in `strict`. */
  strict?: boolean;
}

export const REPOSITORY_URL = 'https://github.com/session-leaks/eslint-plugin-session-leaks';

export const createRule = ESLintUtils.RuleCreator<SessionLeaksDocs>(
  (name) => `${REPOSITORY_URL}/blob/main/rules/${name}.md`,
);
