import { ESLintUtils } from '@typescript-eslint/utils';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';

import { getRuleDocsUrl } from '../core/findings.js';

export interface SessionLeaksDocs {
  /** Part of `recommended` (and so of every preset). */
  recommended?: boolean;
  /** Only in `strict`. */
  strict?: boolean;
}

type RuleSpec<Options extends readonly unknown[], MessageIds extends string> = Readonly<
  ESLintUtils.RuleWithMetaAndName<Options, MessageIds, SessionLeaksDocs>
>;

const ruleCreator = ESLintUtils.RuleCreator<SessionLeaksDocs>(getRuleDocsUrl);

/**
 * typescript-eslint's `RuleCreator` (docs URL from the name, `meta.defaultOptions` merged under the
 * user's options), with the merge done once per distinct configuration instead of once per file.
 * `RuleCreator`'s own `create` deep-copies the defaults (`structuredClone`) and merges them on every
 * file for every rule, which was about a sixth of our untyped rules' own time on the generated bench
 * corpora (bench/results.md). Options are JSON data (the schema validates them), so their
 * serialisation identifies them; the merged tuple is frozen and shared, and `create` only reads it.
 */
export function createRule<Options extends readonly unknown[], MessageIds extends string>(
  spec: RuleSpec<Options, MessageIds>,
): RuleModule<MessageIds, Options, SessionLeaksDocs> & { name: string } {
  const rule = ruleCreator(spec);
  const defaults = (spec.meta.defaultOptions ?? []) as Options;
  const merged = new Map<string, Options>();
  return {
    ...rule,
    create(context) {
      const key = JSON.stringify(context.options);
      let options = merged.get(key);
      if (options === undefined) {
        options = deepFreeze(ESLintUtils.applyDefault<Options, Options>(defaults, context.options));
        merged.set(key, options);
      }
      return spec.create(context, options);
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
