import { checkNoCachedSession } from '../src/core/checks/no-cached-session.js';
import { RULE_DESCRIPTIONS } from '../src/core/findings.js';
import { pickMessages } from '../src/core/messages.js';
import { createRule } from '../src/eslint/create-rule.js';
import { getRuleAnalysis } from '../src/eslint/analysis.js';

export type Options = [];
export type MessageId = 'cachedSession';

export default createRule<Options, MessageId>({
  name: 'no-cached-session',
  meta: {
    type: 'problem',
    docs: {
      description: RULE_DESCRIPTIONS['no-cached-session'],
      recommended: true,
    },
    messages: pickMessages<MessageId>(['cachedSession']),
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const analysis = getRuleAnalysis(context);
    return {
      'CallExpression, NewExpression'(node) {
        analysis.check(node, checkNoCachedSession);
      },
    };
  },
});
