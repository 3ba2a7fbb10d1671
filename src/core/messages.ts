/**
 * The only wording source: ESLint's `meta.messages` and the auditor's reports read these templates,
 * so a finding reads the same in the editor, in SARIF and in HTML. Placeholders use ESLint's
 * `{{name}}` syntax.
 */
export const MESSAGES = {
  neverReleased: 'The {{resource}} `{{name}}` acquired here is never released; {{advice}}.',
  discarded: 'The {{resource}} acquired here is never kept or released; assign it to a variable and {{advice}}.',
  notReleasedOnThrow:
    'The {{resource}} `{{name}}` is not released if an exception is thrown after line {{line}}; move the code after the acquisition into `try { … } finally { {{release}} }`.',
  releasedOnFulfilmentOnly:
    'The {{resource}} `{{name}}` is released only when the promise on line {{line}} fulfils, so a rejection leaves it held; release it in a `.finally()` handler or a `finally` block instead.',
  releasedOnRejectionOnly:
    'The {{resource}} `{{name}}` is released only when the promise on line {{line}} rejects, so every call that succeeds keeps it; release it in a `.finally()` handler or a `finally` block instead.',
  failingCallBeforeRelease:
    'The {{resource}} `{{name}}` is not released if `{{call}}` on line {{line}} throws, as it does when the connection is broken: the release after it in the `finally` block is skipped; give that call a `try { … } finally { {{release}} }` of its own.',
  skippedByExit:
    'The `{{exit}}` on line {{line}} skips the release of the {{resource}} `{{name}}`; release it in a `finally` block so every path releases it.',
  releasedOnSomePaths:
    'The {{resource}} `{{name}}` is released on some paths only (not on the path that reaches line {{line}}); release it in a `finally` block.',
  reacquiredBeforeRelease:
    'The {{resource}} `{{name}}` is acquired again (line {{line}}) before this one is released, so each earlier one is lost; release it before the next iteration with `{{release}}` in a `finally` block.',
  releaseNotCalled:
    '`{{name}}.{{method}}` is referenced but never called, so the {{resource}} is never released; {{advice}}.',
  notRolledBack:
    'The transaction `{{name}}` is not rolled back if an exception is thrown after line {{line}}; call `{{rollback}}` in a `catch` block and rethrow.',
  acquiredInLoop:
    'A {{resource}} is acquired by `{{call}}` once per iteration of this {{loop}}; acquire one before the loop and reuse it.',
  acquiredConcurrently:
    'A {{resource}} is acquired by `{{call}}` for every element at the same moment (`{{wrapper}}` over this {{loop}}), so each element holds one concurrently; acquire one before the loop and reuse it, or bound the concurrency.',
  openerInLoop:
    '`{{callee}}` opens a {{resource}} on every call ({{chain}}) and runs once per iteration of this {{loop}}; open one before the loop and lend it to `{{callee}}` through a parameter.',
  openerConcurrently:
    '`{{callee}}` opens a {{resource}} on every call ({{chain}}) and runs for every element at the same moment (`{{wrapper}}` over this {{loop}}); open one before the loop and lend it through a parameter, or bound the concurrency.',
  cachedSession:
    'The {{resource}} from `{{call}}` is cached in the {{where}}, which outlives the request or job it was acquired for: when that unit of work ends {{why}}; acquire it per unit of work and keep the {{shared}} as the shared singleton instead.',
  fieldNeverReleased:
    'The {{resource}} stored in the {{where}} is owned by the class, but no method of `{{className}}` releases it; add a `close()`/`[Symbol.asyncDispose]()` method that calls `this.{{field}}.{{release}}()`, or release it where it is used.',
  hookNeverReleased:
    'The {{resource}} stored in `{{name}}` by this `{{hook}}` hook is never released by a teardown hook of the suite; release it in `{{teardown}}(async () => { {{releaseCall}}; })`.',
  collectionNeverReleased:
    'The {{resource}}s stored in the {{where}} are owned by the class, but no method of `{{className}}` releases them; add a `close()`/`[Symbol.asyncDispose]()` method that calls `{{release}}()` on every element of `this.{{field}}`.',
  suggestTryFinally: 'Move the rest of the block into `try { … } finally { {{release}} }`.',
  suggestTryCatch: 'Move the rest of the block into `try { …; {{commit}}; } catch (error) { {{rollback}}; throw error; }`.',
  suggestAwaitUsing: 'Declare `{{name}}` with `{{keyword}}` so it is disposed on every path.',
} as const;

export type MessageId = keyof typeof MESSAGES;

/** Fills a template's `{{placeholders}}`; unknown placeholders stay as written, as in ESLint. */
export function formatMessage(messageId: MessageId, data: Readonly<Record<string, string>>): string {
  return MESSAGES[messageId].replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}

/** The `meta.messages` subset of one rule. */
export function pickMessages<const Id extends MessageId>(ids: readonly Id[]): Record<Id, string> {
  return Object.fromEntries(ids.map((id) => [id, MESSAGES[id]])) as unknown as Record<Id, string>;
}
