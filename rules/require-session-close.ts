import { checkRequireSessionClose } from '../src/core/checks/require-session-close.js';
import { RULE_DESCRIPTIONS } from '../src/core/findings.js';
import { pickMessages } from '../src/core/messages.js';
import { createRule } from '../src/eslint/create-rule.js';
import { getRuleAnalysis } from '../src/eslint/analysis.js';

export type Options = [];
export type MessageId =
  | 'collectionNeverReleased'
  | 'discarded'
  | 'failingCallBeforeRelease'
  | 'fieldNeverReleased'
  | 'hookNeverReleased'
  | 'neverReleased'
  | 'notReleasedOnThrow'
  | 'notRolledBack'
  | 'reacquiredBeforeRelease'
  | 'releasedOnFulfilmentOnly'
  | 'releasedOnRejectionOnly'
  | 'releasedOnSomePaths'
  | 'releaseNotCalled'
  | 'skippedByExit'
  | 'suggestAwaitUsing'
  | 'suggestTryCatch'
  | 'suggestTryFinally';

export default createRule<Options, MessageId>({
  name: 'require-session-close',
  meta: {
    type: 'problem',
    docs: {
      description: RULE_DESCRIPTIONS['require-session-close'],
      recommended: true,
    },
    hasSuggestions: true,
    messages: pickMessages<MessageId>([
      'collectionNeverReleased',
      'discarded',
      'failingCallBeforeRelease',
      'fieldNeverReleased',
      'hookNeverReleased',
      'neverReleased',
      'notReleasedOnThrow',
      'notRolledBack',
      'reacquiredBeforeRelease',
      'releasedOnFulfilmentOnly',
      'releasedOnRejectionOnly',
      'releasedOnSomePaths',
      'releaseNotCalled',
      'skippedByExit',
      'suggestAwaitUsing',
      'suggestTryCatch',
      'suggestTryFinally',
    ]),
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    const analysis = getRuleAnalysis(context);
    return {
      'CallExpression, NewExpression'(node) {
        analysis.check(node, checkRequireSessionClose);
      },
    };
  },
});
