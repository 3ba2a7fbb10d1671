import { checkNoSessionInLoop, DEFAULT_LOOP_OPTIONS } from '../src/core/checks/no-session-in-loop.js';
import { RULE_DESCRIPTIONS } from '../src/core/findings.js';
import { pickMessages } from '../src/core/messages.js';
import { createRule } from '../src/eslint/create-rule.js';
import { getRuleAnalysis } from '../src/eslint/analysis.js';

export type Options = [
  {
    kinds?: ('client' | 'session')[];
    iterationMethods?: string[];
    checkScopedTransactions?: boolean;
  },
];
export type MessageId = 'acquiredConcurrently' | 'acquiredInLoop' | 'openerConcurrently' | 'openerInLoop';

export default createRule<Options, MessageId>({
  name: 'no-session-in-loop',
  meta: {
    type: 'problem',
    docs: {
      description: RULE_DESCRIPTIONS['no-session-in-loop'],
      recommended: true,
    },
    messages: pickMessages<MessageId>(['acquiredConcurrently', 'acquiredInLoop', 'openerConcurrently', 'openerInLoop']),
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          kinds: {
            type: 'array',
            description: 'Which resource kinds to report.',
            items: { type: 'string', enum: ['client', 'session'] },
            uniqueItems: true,
          },
          iterationMethods: {
            type: 'array',
            description: 'Extra method or function names whose callback (the first argument, or the first function literal after the collection) runs once per element.',
            items: { type: 'string' },
            uniqueItems: true,
          },
          checkScopedTransactions: {
            type: 'boolean',
            description: 'Also report callback-scoped transactions (`dataSource.transaction(cb)`) run per iteration.',
          },
        },
      },
    ],
    defaultOptions: [
      {
        kinds: [...DEFAULT_LOOP_OPTIONS.kinds],
        iterationMethods: [],
        checkScopedTransactions: false,
      },
    ],
  },
  create(context, [options]) {
    const analysis = getRuleAnalysis(context);
    const loopOptions = {
      kinds: options.kinds ?? DEFAULT_LOOP_OPTIONS.kinds,
      iterationMethods: options.iterationMethods ?? [],
      checkScopedTransactions: options.checkScopedTransactions ?? false,
    };
    return {
      'CallExpression, NewExpression'(node) {
        analysis.check(node, (analysisContext, tsNode) => checkNoSessionInLoop(analysisContext, tsNode, loopOptions));
      },
    };
  },
});
