import type * as TS from 'typescript';

import { getPackageName, isOneOfPackages, type TestFixtureProtocol } from './catalog.js';
import { getSummarySlots, type AnalysisContext, type TypeScript } from './context.js';
import {
  classifyPresence,
  climbParens,
  getCalleeName,
  isAwaitingYield,
  getCallOfArgument,
  getObjectAssignTarget,
  getReferenceText,
  getRootIdentifier,
  getStaticName,
  getTestRegistration,
  isBoundary,
  isEntryRemovedLater,
  isFunctionWithBody,
  isNullishLiteral,
  LISTENER_REGISTRATIONS,
  skipOuterExpressions,
  skipParens,
  type FunctionLike,
} from './flow/boundaries.js';
import { findLeakingExits, HELD, type ReleaseQuestions } from './flow/release-paths.js';
import { findLocalDeclaration, getFileFacts, getLocalFunction } from './scope.js';
import { getReturnedConstruction, mayCallWrappingFunction, resolveFunctionExpression, resolveProjectFunction } from './resources.js';

/** The names and release calls that stand for one acquired resource inside one function body. */
export interface TrackedResource {
  /** The acquiring call; evaluating the code that contains it starts holding the resource. */
  readonly acquisition: TS.Node | undefined;
  /** The set-up call before which the resource holds nothing (`client.connect()` of a pg `new Client()`). */
  readonly heldFrom?: TS.Node;
  /** The function whose body is walked. */
  readonly owner: FunctionLike;
  /** Local variables that hold the resource (its variable and its aliases). */
  readonly names: ReadonlySet<string>;
  readonly release: ReadonlySet<string>;
  readonly releaseWith: ReadonlySet<string>;
  /** Calls on the resource that hold nothing when they fail (`runner.connect()`). */
  readonly setup: ReadonlySet<string>;
  /** Methods whose result keeps the resource alive (`client.db()`): handing that result on hands the resource on. */
  readonly handles?: ReadonlySet<string>;
  /** Objects whose own release also releases the resource (`browser.close()` for its pages). */
  readonly parents: ReadonlySet<string>;
  readonly parentRelease: ReadonlySet<string>;
  /**
   * References that are set exactly when the resource is not there: an error-first callback's error,
   * a lent resource (`trx` in `trx ?? await db.transaction()`).
   */
  readonly absentWhen?: ReadonlySet<string>;
  /** Local functions whose call releases the resource: pg's `done` callback parameter. */
  readonly releaseFunctions?: ReadonlySet<string>;
  /** Properties or argument-less methods of the resource that are true exactly while it is held (`isTransactionActive`). */
  readonly heldWhen?: ReadonlySet<string>;
  /** The same, true exactly once it is released (`isReleased`). */
  readonly releasedWhen?: ReadonlySet<string>;
  /**
   * Whether a `new` call only borrows the resource passed at `index` (keeps it in a field no method
   * releases); `usedAt`, the call of a function that makes and returns that object, when not the `new` itself.
   */
  readonly isBorrowedBy?: (call: TS.NewExpression, index: number, usedAt?: TS.Expression) => boolean;
}

const DISPOSE_SYMBOLS = new Set(['asyncDispose', 'dispose']);
const NO_NAMES: ReadonlySet<string> = new Set();
/** Registering a listener on the resource holds nothing new and does not fail. */
const LISTENER_METHODS: ReadonlySet<string> = new Set([...LISTENER_REGISTRATIONS, 'setMaxListeners']);
/** Methods that register a listener for the event named by their first argument. */
const REGISTRATION_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener', 'addEventListener']);
/** Events emitted only when something fails or is cancelled: a listener for one never runs on a path that succeeds. */
const FAILURE_EVENTS = new Set(['error', 'abort', 'aborted', 'timeout']);

/** The walk's questions for one tracked resource: acquisition, release, hand-off, guards. */
export function createReleaseQuestions(context: AnalysisContext, tracked: TrackedResource): ReleaseQuestions {
  const ts = context.ts;
  const acquisition = tracked.acquisition;
  const releasingFunctions = new Map<TS.Node, boolean>();
  let testThrows: TestThrowRule | null | undefined;
  let successFlags: SuccessFlags | undefined;
  return {
    acquires: (node) => acquisition !== undefined && node.pos <= acquisition.pos && acquisition.end <= node.end,
    releases: (node) => {
      // A `finally` that releases only under a success flag releases where the flag is set.
      successFlags ??= findSuccessFlags(context, tracked, releasingFunctions);
      if (successFlags.blocks.has(node)) return false;
      if (successFlags.flags.size > 0 && isFlagSet(ts, node, successFlags.flags)) return true;
      const found = findRelease(context, tracked, node, releasingFunctions);
      return found === 'all' ? true : found === undefined ? false : found;
    },
    isHarmlessThrow: (node) => {
      if (
        isSetupCall(ts, tracked, node) ||
        isAwaitOfResource(ts, tracked, node) ||
        isSwallowedRejection(ts, node) ||
        isStateTest(ts, tracked, node) ||
        isPresenceAssertion(context, tracked, node)
      ) {
        return true;
      }
      // Before its set-up call (`new Client(); …; await client.connect()`) nothing is open yet.
      if (tracked.heldFrom !== undefined && node.end <= tracked.heldFrom.pos) return true;
      // Registering a hook or test (`beforeAll(() => client.connect())` in a `describe` body) runs nothing yet.
      // So does adding to an in-flight registry (`active.add(client)`, deleted again in the `finally`).
      const registered = ts.isExpressionStatement(node) ? skipParens(ts, node.expression) : node;
      if (ts.isCallExpression(registered) && (getTestRegistration(ts, registered) !== undefined || isEntryRemovedLater(ts, registered))) return true;
      // Asked per statement that may throw; what the owner is (fixture, test body) is asked once.
      if (testThrows === undefined) testThrows = getTestThrowRule(context, tracked.owner) ?? null;
      return testThrows === 'any' || (testThrows !== null && isCallOf(ts, node, testThrows.use));
    },
    classifyGuard: (test) => classifyGuard(ts, tracked, test),
  };
}

interface SuccessFlags {
  /**
   * `finally` blocks walked as they are, not taken as a release on every path: every release in them
   * runs under one of `flags`, or only where the resource is not there (`if (lent) client.release()`).
   */
  readonly blocks: ReadonlySet<TS.Node>;
  readonly flags: ReadonlySet<string>;
}

const NO_SUCCESS_FLAGS: SuccessFlags = { blocks: new Set(), flags: new Set() };

/**
 * Success flags: `let ok = false; try { …; ok = true; } finally { if (ok) client.release(); }`. Such a
 * `finally` releases only on the paths that set the flag, so the walk takes `ok = true` as the release
 * and walks the block as it is: a throw before the flag is set leaves the resource held. (A flag tested
 * the other way, `if (!committed) await tx.rollback()`, releases on the paths that did not finish the
 * work, and the block still counts as a release on every path.)
 */
function findSuccessFlags(context: AnalysisContext, tracked: TrackedResource, releasingFunctions: Map<TS.Node, boolean>): SuccessFlags {
  const ts = context.ts;
  const body = tracked.owner.body;
  if (body === undefined || !ts.isBlock(body)) return NO_SUCCESS_FLAGS;
  const blocks = new Set<TS.Node>();
  const flags = new Set<string>();
  const visit = (node: TS.Node): void => {
    if (isBoundary(ts, node)) return;
    if (ts.isTryStatement(node) && node.finallyBlock !== undefined) {
      const flag = getSuccessFlag(context, tracked, node, releasingFunctions);
      if (flag !== undefined) {
        blocks.add(node.finallyBlock);
        flags.add(flag);
      } else if (releasesOnlyWhenAbsent(context, tracked, node.finallyBlock, releasingFunctions)) {
        // `finally { if (lent) client.release(); }`: the guard is the wrong way round, so walk it as it is.
        blocks.add(node.finallyBlock);
      } else if (findUseBeforeRelease(context, tracked, node.finallyBlock, releasingFunctions) !== undefined) {
        // `finally { await client.query('RESET ROLE'); client.release(); }`: a failing query skips the release.
        blocks.add(node.finallyBlock);
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return blocks.size === 0 ? NO_SUCCESS_FLAGS : { blocks, flags };
}

/**
 * Every release in the block runs only where the resource is not there: in the `then` of an `if`
 * whose test says it is absent (`if (lent)` for `const client = lent ?? await pool.connect()`), or in
 * the `else` of one that says it is held.
 */
function releasesOnlyWhenAbsent(context: AnalysisContext, tracked: TrackedResource, block: TS.Block, releasingFunctions: Map<TS.Node, boolean>): boolean {
  const ts = context.ts;
  let found = false;
  for (const inner of block.statements) {
    if (!containsRelease(context, tracked, inner, releasingFunctions)) continue;
    if (!ts.isIfStatement(inner)) return false;
    const guard = classifyGuard(ts, tracked, inner.expression);
    const releasingBranch = guard === 'absent' ? inner.thenStatement : guard === 'held' ? inner.elseStatement : undefined;
    const otherBranch = guard === 'absent' ? inner.elseStatement : inner.thenStatement;
    if (releasingBranch === undefined || (otherBranch !== undefined && containsRelease(context, tracked, otherBranch, releasingFunctions))) return false;
    found = true;
  }
  return found;
}

/**
 * Before a release in the block, an awaited call of a method of the resource that may fail
 * (`finally { await client.query('RESET ROLE'); client.release(); }`, `await runner.rollbackTransaction()`):
 * exactly when the connection is broken, that call throws and the release after it never runs.
 */
export function findUseBeforeRelease(
  context: AnalysisContext,
  tracked: TrackedResource,
  block: TS.Block,
  releasingFunctions?: Map<TS.Node, boolean>,
): TS.CallExpression | undefined {
  let use: TS.CallExpression | undefined;
  for (const statement of block.statements) {
    if (containsRelease(context, tracked, statement, releasingFunctions)) return use;
    use ??= findFailingResourceCall(context.ts, tracked, statement);
  }
  return undefined;
}

/**
 * An awaited call of a method of the resource in `node` (`await client.query(sql)`): a round trip that
 * fails when the connection does, and whose failure throws here. Left out: calls that cannot fail
 * where they stand (a state test, a setup or listener call, a rejection swallowed with
 * `.catch(() => …)`), calls not awaited (`browser.contexts()`), anything inside a nested `try` or function.
 */
function findFailingResourceCall(ts: TypeScript, tracked: TrackedResource, node: TS.Node): TS.CallExpression | undefined {
  if (isBoundary(ts, node) || ts.isTryStatement(node) || isSwallowedRejection(ts, node) || isSetupCall(ts, tracked, node)) return undefined;
  if (ts.isCallExpression(node)) {
    const callee = skipParens(ts, node.expression);
    if (
      ts.isPropertyAccessExpression(callee) &&
      isTrackedExpression(ts, tracked, callee.expression) &&
      isAwaited(ts, node) &&
      !LISTENER_METHODS.has(callee.name.text) &&
      !tracked.setup.has(callee.name.text) &&
      getStateTest(ts, tracked, node) === undefined
    ) {
      return node;
    }
  }
  return ts.forEachChild(node, (child) => findFailingResourceCall(ts, tracked, child));
}

function isAwaited(ts: TypeScript, node: TS.Expression): boolean {
  return ts.isAwaitExpression(climbParens(ts, node).parent);
}

/** The flag every release of this `finally` runs under, when it is a local `let` that starts false and the `try` sets. */
function getSuccessFlag(context: AnalysisContext, tracked: TrackedResource, statement: TS.TryStatement, releasingFunctions: Map<TS.Node, boolean>): string | undefined {
  const ts = context.ts;
  let flag: string | undefined;
  for (const inner of statement.finallyBlock!.statements) {
    if (!containsRelease(context, tracked, inner, releasingFunctions)) continue;
    if (!ts.isIfStatement(inner) || (inner.elseStatement !== undefined && containsRelease(context, tracked, inner.elseStatement, releasingFunctions))) return undefined;
    const test = skipParens(ts, inner.expression);
    if (!ts.isIdentifier(test) || (flag !== undefined && flag !== test.text)) return undefined;
    flag = test.text;
  }
  if (flag === undefined) return undefined;
  const declaration = findLocalDeclaration(ts, flag, statement);
  if (declaration === undefined || !ts.isVariableDeclaration(declaration) || !ts.isVariableDeclarationList(declaration.parent)) return undefined;
  if ((declaration.parent.flags & ts.NodeFlags.Let) === 0 || declaration.pos < tracked.owner.pos || declaration.end > tracked.owner.end) return undefined;
  const initializer = declaration.initializer === undefined ? undefined : skipParens(ts, declaration.initializer);
  if (initializer !== undefined && initializer.kind !== ts.SyntaxKind.FalseKeyword) return undefined;
  const names = new Set([flag]);
  const setInTry = ts.forEachChild(statement.tryBlock, function find(node): boolean {
    if (isBoundary(ts, node)) return false;
    return isFlagSet(ts, node, names) || ts.forEachChild(node, find) === true;
  }) === true;
  return setInTry ? flag : undefined;
}

/** `ok = true;` for one of `flags`. */
function isFlagSet(ts: TypeScript, node: TS.Node, flags: ReadonlySet<string>): boolean {
  if (!ts.isExpressionStatement(node)) return false;
  const expression = skipParens(ts, node.expression);
  return (
    ts.isBinaryExpression(expression) &&
    expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isIdentifier(expression.left) &&
    flags.has(expression.left.text) &&
    expression.right.kind === ts.SyntaxKind.TrueKeyword
  );
}

/**
 * Whether evaluating `node` releases the resource or hands it off on some path: every answer of
 * {@link findRelease} but none, so a release that only a fulfilment handler or some paths of a
 * completion callback make counts too.
 */
export function containsRelease(
  context: AnalysisContext,
  tracked: TrackedResource,
  node: TS.Node,
  releasingFunctions = new Map<TS.Node, boolean>(),
): boolean {
  return findRelease(context, tracked, node, releasingFunctions) !== undefined;
}

/**
 * How evaluating `node` releases the resource: `'all'` when it releases or hands it off (callbacks
 * passed to calls and disposers count); `{ missed }` when a completion callback of an operation on the
 * resource releases it on some paths but not on the one through `missed`; `'fulfilled'` when the only
 * release is in a promise's fulfilment handler (`p.then(() => c.release())`); `'rejected'` when it is
 * only in a rejection handler (`p.catch((e) => { c.release(); throw e; })`). A release in both kinds
 * of handler, or in a `finally` handler, makes it `'all'`.
 */
function findRelease(
  context: AnalysisContext,
  tracked: TrackedResource,
  node: TS.Node,
  releasingFunctions: Map<TS.Node, boolean>,
): 'all' | 'fulfilled' | 'rejected' | { readonly missed: TS.Node } | undefined {
  const ts = context.ts;
  let fulfilled = false;
  let rejected = false;
  let missed: TS.Node | undefined;
  let returnedValue: TS.Node | undefined;
  const visit = (child: TS.Node): boolean => {
    if (isFunctionWithBody(ts, child)) {
      // `.finally(() => c.release())`, `stream.on('end', () => c.release())`: the callback releases it;
      // `return () => sub.quit()`, `await using _ = { [Symbol.asyncDispose]: … }`: so does a disposer.
      if (isDisposer(ts, child, returnedValue)) return ts.forEachChild(child, visit) === true;
      const call = getCallOfArgument(ts, child);
      if (call === undefined || isFailureListener(ts, call)) return false;
      if (isFulfilmentHandler(ts, call, child)) {
        if (ts.forEachChild(child, visit) !== true) return false;
        // `client.connect().then(() => client)`: a failed setup call holds nothing, so the handler's paths are all there is.
        if (isSetupPromise(ts, tracked, call) && child.body !== undefined) {
          const inner = findLeakingExits(ts, child.body, createReleaseQuestions(context, tracked), HELD);
          if (inner.exits.length === 0) return true;
          missed ??= inner.exits[0].node;
          return false;
        }
        fulfilled = true;
        return false;
      }
      if (isRejectionHandler(ts, call, child)) {
        if (ts.forEachChild(child, visit) === true) rejected = true;
        return false;
      }
      if (ts.forEachChild(child, visit) !== true) return false;
      // The completion callback of an operation on the resource (`conn.query(sql, (e) => …)`) runs
      // once, on success or failure: it releases only if every one of its paths does.
      if (isCompletionCallback(ts, tracked, call) && child.body !== undefined) {
        const inner = findLeakingExits(ts, child.body, createReleaseQuestions(context, tracked), HELD);
        if (inner.exits.length > 0) {
          missed ??= inner.exits[0].node;
          return false;
        }
      }
      return true;
    }
    if (ts.isClassLike(child)) return false;
    if (ts.isCallExpression(child) && isReleaseCall(context, tracked, child, releasingFunctions)) return true;
    if (ts.isIdentifier(child) && tracked.names.has(child.text) && isHandOff(context, tracked, child)) return true;
    // `cachedDb = client.db('app')`: the handle keeps the client, and goes where the client would.
    if (ts.isCallExpression(child) && isHandleCall(ts, tracked, child) && isHandOff(context, tracked, child)) return true;
    // `const lease = { client, close: () => client.release() }; return lease;`: the value returned is the disposer.
    const value = ts.isIdentifier(child) ? getReturnedLocalValue(ts, tracked, child) : undefined;
    if (value !== undefined && returnedValue === undefined) {
      returnedValue = value;
      try {
        if (visit(value)) return true;
      } finally {
        returnedValue = undefined;
      }
    }
    return ts.forEachChild(child, visit) === true;
  };
  if (visit(node)) return 'all';
  if (missed !== undefined) return { missed };
  // Released by both handlers of a chain (`.then(() => c.release()).catch(…)`): on every path.
  if (fulfilled && rejected) return 'all';
  return fulfilled ? 'fulfilled' : rejected ? 'rejected' : undefined;
}

/** The first statement (or expression body) of the walked function whose only release of the resource is in a rejection handler. */
export function findRejectionOnlyRelease(context: AnalysisContext, tracked: TrackedResource): TS.Node | undefined {
  const ts = context.ts;
  const body = tracked.owner.body;
  if (body === undefined) return undefined;
  const releasingFunctions = new Map<TS.Node, boolean>();
  const visit = (node: TS.Node): TS.Node | undefined => {
    if (isBoundary(ts, node)) return undefined;
    if ((ts.isExpressionStatement(node) || ts.isReturnStatement(node) || ts.isVariableStatement(node)) && findRelease(context, tracked, node, releasingFunctions) === 'rejected') {
      return node;
    }
    return ts.forEachChild(node, visit);
  };
  if (ts.isBlock(body)) return ts.forEachChild(body, visit);
  // An arrow function's expression body: `(client) => client.query(q).catch(…)`.
  return findRelease(context, tracked, body, releasingFunctions) === 'rejected' ? body : undefined;
}

/** `call` is `resource.setup(…).then(…)` (`client.connect().then(…)`): the promise of a setup call on the resource. */
function isSetupPromise(ts: TypeScript, tracked: TrackedResource, call: TS.CallExpression): boolean {
  const then = skipParens(ts, call.expression) as TS.PropertyAccessExpression;
  const receiver = skipParens(ts, then.expression);
  if (!ts.isCallExpression(receiver)) return false;
  const callee = skipParens(ts, receiver.expression);
  return ts.isPropertyAccessExpression(callee) && isTrackedExpression(ts, tracked, callee.expression) && tracked.setup.has(callee.name.text);
}

/** `fn` is the handler of a `catch` call, or the second argument of a `then`: it runs only when the promise rejects. */
function isRejectionHandler(ts: TypeScript, call: TS.CallExpression | TS.NewExpression, fn: TS.Node): call is TS.CallExpression {
  if (!ts.isCallExpression(call)) return false;
  const callee = skipParens(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const index = call.arguments.findIndex((argument) => skipParens(ts, argument) === fn);
  return (callee.name.text === 'catch' && index === 0) || (callee.name.text === 'then' && index === 1);
}

/** `call` is an operation on the resource itself (`conn.query(…, cb)`), not a listener registration. */
function isCompletionCallback(ts: TypeScript, tracked: TrackedResource, call: TS.CallExpression | TS.NewExpression): boolean {
  const callee = skipParens(ts, call.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    isTrackedExpression(ts, tracked, callee.expression) &&
    !LISTENER_METHODS.has(callee.name.text) &&
    !tracked.release.has(callee.name.text)
  );
}

/**
 * `call` registers a listener for an event that only failure or cancellation emits
 * (`client.on('error', …)`, `signal.addEventListener('abort', …)`): a release made only there is
 * missing on every path that succeeds, so it does not count as one.
 */
function isFailureListener(ts: TypeScript, call: TS.CallExpression | TS.NewExpression): boolean {
  const callee = skipParens(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !REGISTRATION_METHODS.has(callee.name.text)) return false;
  const event = call.arguments?.[0];
  return event !== undefined && ts.isStringLiteralLike(event) && FAILURE_EVENTS.has(event.text);
}

/** `fn` is the first argument of a `then` call: it runs only when the promise fulfils. */
export function isFulfilmentHandler(ts: TypeScript, call: TS.CallExpression | TS.NewExpression, fn: TS.Node): call is TS.CallExpression {
  if (!ts.isCallExpression(call) || call.arguments.length === 0) return false;
  const callee = skipParens(ts, call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'then' && skipParens(ts, call.arguments[0]) === fn;
}

/** `client.release` or pg's `done`, handed over to be called: `stream.on('end', client.release)`. */
function isReleaseReference(ts: TypeScript, tracked: TrackedResource, expression: TS.Expression): boolean {
  if (ts.isIdentifier(expression)) return tracked.releaseFunctions?.has(expression.text) === true;
  return ts.isPropertyAccessExpression(expression) && isTrackedExpression(ts, tracked, expression.expression) && tracked.release.has(expression.name.text);
}

/**
 * The value of a local function or object literal that `identifier` returns or yields, read as if it
 * were returned itself: a `const` arrow, function or object (`const stop = () => client.release(); return stop;`)
 * or a function declaration, returned alone or as a property (`return { closeFunction }`).
 */
function getReturnedLocalValue(ts: TypeScript, tracked: TrackedResource, identifier: TS.Identifier): TS.Node | undefined {
  let outer: TS.Node = climbParens(ts, identifier);
  while (ts.isShorthandPropertyAssignment(outer.parent) || (ts.isPropertyAssignment(outer.parent) && outer.parent.initializer === outer)) {
    outer = climbParens(ts, outer.parent.parent);
  }
  if (!ts.isReturnStatement(outer.parent) && !ts.isYieldExpression(outer.parent)) return undefined;
  const declaration = findLocalDeclaration(ts, identifier.text, identifier);
  if (declaration === undefined || declaration.pos < tracked.owner.pos || declaration.end > tracked.owner.end) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration.body === undefined ? undefined : declaration;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer === undefined) return undefined;
  if (!ts.isVariableDeclarationList(declaration.parent) || (declaration.parent.flags & ts.NodeFlags.Const) === 0) return undefined;
  const value = skipParens(ts, declaration.initializer);
  return ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isObjectLiteralExpression(value) ? value : undefined;
}

/**
 * A function that leaves as a disposer: returned or yielded (`return () => sub.quit()`,
 * `return { close: () => c.release() }`), which hands the release to the caller, or part of the value
 * of a `using` / `await using` declaration, which runs it when the scope ends; or part of `returned`,
 * the value of a local the function returns (`const lease = { close: () => c.release() }; return lease`).
 */
function isDisposer(ts: TypeScript, fn: TS.Node, returned?: TS.Node): boolean {
  let current = fn;
  for (;;) {
    if (current === returned) return true;
    const parent = current.parent;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isObjectLiteralExpression(parent) ||
      (ts.isPropertyAssignment(parent) && parent.initializer === current)
    ) {
      current = parent;
      continue;
    }
    // `Object.assign(client, { [Symbol.asyncDispose]: … })` is the client itself.
    if (ts.isCallExpression(parent) && getObjectAssignTarget(ts, parent) === current) {
      current = parent;
      continue;
    }
    if (ts.isReturnStatement(parent) || (ts.isYieldExpression(parent) && !isAwaitingYield(ts, parent))) return true;
    if (ts.isArrowFunction(parent) && parent.body === current) return true;
    return (
      ts.isVariableDeclaration(parent) &&
      parent.initializer === current &&
      ts.isVariableDeclarationList(parent.parent) &&
      (parent.parent.flags & ts.NodeFlags.Using) !== 0
    );
  }
}


function isTrackedExpression(ts: TypeScript, tracked: TrackedResource, node: TS.Expression): boolean {
  const inner = skipParens(ts, node);
  return ts.isIdentifier(inner) && tracked.names.has(inner.text);
}

function isReleaseCall(
  context: AnalysisContext,
  tracked: TrackedResource,
  call: TS.CallExpression,
  releasingFunctions: Map<TS.Node, boolean>,
): boolean {
  const ts = context.ts;
  const callee = skipParens(ts, call.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    const receiver = skipParens(ts, callee.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : getDisposeName(ts, callee);
    if (method !== undefined && ts.isIdentifier(receiver)) {
      if (tracked.names.has(receiver.text) && (tracked.release.has(method) || DISPOSE_SYMBOLS.has(method))) return true;
      if (tracked.parents.has(receiver.text) && tracked.parentRelease.has(method)) return true;
    }
    if (method !== undefined && tracked.releaseWith.has(method) && call.arguments.length > 0 && isTrackedExpression(ts, tracked, call.arguments[0])) {
      return true;
    }
  }
  const index = call.arguments.findIndex((argument) => isTrackedExpression(ts, tracked, argument));
  if (index !== -1 && (isCloserCall(context, tracked.release, call, index) || isCloserCall(context, tracked.releaseWith, call, index))) return true;
  // A closer applied to the parent (`await shutdown(browser)`) closes what was opened from it.
  const parentIndex = call.arguments.findIndex((argument) => {
    const inner = skipParens(ts, argument);
    return ts.isIdentifier(inner) && tracked.parents.has(inner.text);
  });
  if (parentIndex !== -1 && isCloserCall(context, tracked.parentRelease, call, parentIndex)) return true;
  if (ts.isIdentifier(callee)) {
    // pg's `done()`.
    if (tracked.releaseFunctions?.has(callee.text) === true) return true;
    // A local closure that releases it: `const cleanup = () => c.release(); … cleanup()`.
    if (isLocalReleaser(context, tracked, callee, releasingFunctions)) return true;
  }
  // `stream.on('end', client.release)`, `client.query(sql, done)`: the release is handed to someone who
  // calls it; so is a local closure that releases it (`process.once('SIGTERM', shutdown)`), as it would inline.
  if (isFailureListener(ts, call)) return false;
  return call.arguments.some((argument) => {
    const inner = skipParens(ts, argument);
    return isReleaseReference(ts, tracked, inner) || (ts.isIdentifier(inner) && isLocalReleaser(context, tracked, inner, releasingFunctions));
  });
}

/** `name` is a function declared in the walked function (not the walked one) whose body releases the resource. */
function isLocalReleaser(context: AnalysisContext, tracked: TrackedResource, name: TS.Identifier, releasingFunctions: Map<TS.Node, boolean>): boolean {
  const local = getLocalFunction(context.ts, name.text, name);
  if (local === undefined || local.pos < tracked.owner.pos || local.end > tracked.owner.end || local === tracked.owner) return false;
  let releases = releasingFunctions.get(local);
  if (releases === undefined) {
    releasingFunctions.set(local, false);
    releases = local.body !== undefined && containsRelease(context, tracked, local.body, releasingFunctions);
    releasingFunctions.set(local, releases);
  }
  return releases;
}

function getDisposeName(ts: TypeScript, access: TS.ElementAccessExpression): string | undefined {
  const argument = access.argumentExpression;
  if (ts.isPropertyAccessExpression(argument) && ts.isIdentifier(argument.expression) && argument.expression.text === 'Symbol') {
    return argument.name.text;
  }
  return getStaticName(ts, argument);
}

/**
 * Whether `call` releases its argument at `index`: a user-declared closer (first argument), or a
 * project function that calls one of `release` on that parameter, directly or through further closers.
 */
export function isCloserCall(context: AnalysisContext, release: ReadonlySet<string>, call: TS.CallExpression, index: number): boolean {
  const name = getCalleeName(context.ts, call.expression);
  if (name !== undefined && index === 0 && context.catalog.closers.has(name)) return true;
  const fn = resolveProjectFunction(context, call, 'release') ?? resolveReturnedCloser(context, call.expression);
  if (fn === undefined) return false;
  const released = getReleasedParameters(context, fn).get(index);
  if (released === undefined) return false;
  for (const method of released) if (release.has(method) || DISPOSE_SYMBOLS.has(method)) return true;
  return false;
}

/**
 * The function a project factory returns, when `callee` is what such a call made: `withConnection(f)(client)`,
 * or `runWith(client)` after `const runWith = withConnection(f)`, where `withConnection` returns
 * `async (client) => { try { … } finally { await client.end(); } }`.
 */
function resolveReturnedCloser(context: AnalysisContext, callee: TS.Expression): FunctionLike | undefined {
  const ts = context.ts;
  let made = skipParens(ts, callee);
  if (ts.isIdentifier(made)) {
    const declaration = findLocalDeclaration(ts, made.text, made);
    const isConst = declaration !== undefined && ts.isVariableDeclaration(declaration) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    if (!isConst || declaration.initializer === undefined || !ts.isIdentifier(declaration.name)) return undefined;
    made = skipOuterExpressions(ts, declaration.initializer);
  }
  if (!ts.isCallExpression(made)) return undefined;
  const factory = resolveProjectFunction(context, made, 'release');
  const body = factory?.body;
  if (body === undefined) return undefined;
  let returned: TS.Expression | undefined;
  if (!ts.isBlock(body)) returned = body;
  else {
    const last = body.statements[body.statements.length - 1];
    if (last !== undefined && ts.isReturnStatement(last)) returned = last.expression;
  }
  const inner = returned === undefined ? undefined : skipOuterExpressions(ts, returned);
  return inner !== undefined && (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) ? inner : undefined;
}

const CLOSER_KEY = Symbol('closer');

/**
 * Per parameter index, the catalog release methods a project function calls on that parameter
 * (directly, in callbacks, or by passing it on to another closer): a closer such as `closeQuietly(c)`.
 * Computed once per function and cached for the program.
 */
export function getReleasedParameters(context: AnalysisContext, fn: FunctionLike): ReadonlyMap<number, ReadonlySet<string>> {
  const ts = context.ts;
  const entry = getSummarySlots(context, fn);
  const cached = entry[CLOSER_KEY] as ReadonlyMap<number, ReadonlySet<string>> | undefined;
  if (cached !== undefined) return cached;
  const result = new Map<number, Set<string>>();
  entry[CLOSER_KEY] = result;
  const parameters = new Map<string, number>();
  fn.parameters.forEach((parameter, index) => {
    if (ts.isIdentifier(parameter.name)) parameters.set(parameter.name.text, index);
  });
  if (parameters.size === 0 || fn.body === undefined) return result;
  const add = (index: number, method: string): void => {
    let methods = result.get(index);
    if (methods === undefined) {
      methods = new Set();
      result.set(index, methods);
    }
    methods.add(method);
  };
  const releaseNames = context.catalog.releaseNames;
  const visit = (node: TS.Node): void => {
    if (ts.isClassLike(node)) return;
    if (ts.isCallExpression(node)) {
      const callee = skipParens(ts, node.expression);
      if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
        const receiver = skipParens(ts, callee.expression);
        const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : getDisposeName(ts, callee);
        const index = ts.isIdentifier(receiver) ? parameters.get(receiver.text) : undefined;
        if (index !== undefined && method !== undefined && (releaseNames.has(method) || DISPOSE_SYMBOLS.has(method))) {
          add(index, method);
        }
      }
      node.arguments.forEach((argument, argumentIndex) => {
        const inner = skipParens(ts, argument);
        const index = ts.isIdentifier(inner) ? parameters.get(inner.text) : undefined;
        if (index === undefined) return;
        const name = getCalleeName(ts, node.expression);
        if (name !== undefined && argumentIndex === 0 && context.catalog.closers.has(name)) {
          for (const method of releaseNames) add(index, method);
          return;
        }
        // `pool.release(resource)`: a release that takes the resource (catalog `releaseWith`).
        if (argumentIndex === 0 && ts.isPropertyAccessExpression(callee) && context.catalog.releaseWithNames.has(callee.name.text)) add(index, callee.name.text);
        const next = resolveProjectFunction(context, node, 'release');
        if (next === undefined || next === fn) return;
        for (const method of getReleasedParameters(context, next).get(argumentIndex) ?? []) add(index, method);
      });
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn.body, visit);
  return result;
}

/**
 * Whether this use of the resource's variable hands ownership off: returned, yielded, stored into a
 * field, an outer variable or a collection, or passed to a constructor.
 */
/** `client.db(name)`: a call of one of the resource's `handles`, whose result keeps it alive. */
function isHandleCall(ts: TypeScript, tracked: TrackedResource, call: TS.CallExpression): boolean {
  if (tracked.handles === undefined || tracked.handles.size === 0) return false;
  const callee = skipParens(ts, call.expression);
  return ts.isPropertyAccessExpression(callee) && tracked.handles.has(callee.name.text) && isTrackedExpression(ts, tracked, callee.expression);
}

/** Whether the value of `start` (the resource's name, or a handle of it) leaves the function's keeping. */
function isHandOff(context: AnalysisContext, tracked: TrackedResource, start: TS.Expression): boolean {
  const ts = context.ts;
  let current: TS.Node = start;
  // Climbed only through parentheses, casts and `await`: still the value itself, not wrapped in another.
  let plain = true;
  for (;;) {
    const parent = current.parent;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      isAwaitingYield(ts, parent)
    ) {
      current = parent;
      continue;
    }
    if (
      (ts.isConditionalExpression(parent) && parent.condition !== current) ||
      ts.isShorthandPropertyAssignment(parent) ||
      (ts.isPropertyAssignment(parent) && parent.initializer === current) ||
      ts.isObjectLiteralExpression(parent) ||
      ts.isArrayLiteralExpression(parent) ||
      ts.isSpreadElement(parent) ||
      ts.isSpreadAssignment(parent)
    ) {
      current = parent;
      plain = false;
      continue;
    }
    // `Object.assign(client, { [Symbol.asyncDispose]: … })` is the client itself.
    if (ts.isCallExpression(parent) && getObjectAssignTarget(ts, parent) === current) {
      current = parent;
      plain = false;
      continue;
    }
    if (ts.isReturnStatement(parent) || ts.isYieldExpression(parent)) return true;
    if (ts.isArrowFunction(parent) && parent.body === current) return true;
    if (ts.isNewExpression(parent)) {
      // Into a constructor, unless the class only borrows it (`new OrderRepository(runner)`), or this
      // function releases the resource itself afterwards (`new RedisStore({ client }); …; client.destroy()`).
      const index = parent.arguments?.indexOf(current as TS.Expression) ?? -1;
      return index !== -1 && tracked.isBorrowedBy?.(parent, index) !== true && !isReleasedLater(context, tracked, parent.end, true);
    }
    if (ts.isBinaryExpression(parent) && parent.right === current && isAssignmentOperator(ts, parent.operatorToken.kind)) {
      if (isLocalTarget(ts, tracked, parent.left)) return false;
      // Into a property of a request, a context or another object (`ctx.state.db = client`) that this
      // function releases later itself: lent for the rest of the call, not handed over.
      const target = skipParens(ts, parent.left);
      const isProperty = ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target);
      return !(isProperty && getRootIdentifier(ts, target) !== undefined && isReleasedLater(context, tracked, parent.end));
    }
    if (ts.isVariableDeclaration(parent) && parent.initializer === current) {
      // `const alias = client` and `const db = client.db()` stay local (aliases are tracked, a handle
      // used only here hands nothing on), awaited too; a wrapper object (`{ client }`) is taken as a
      // hand-off, since following it through the object is beyond this analysis, unless this function
      // releases the resource itself afterwards.
      return !plain && !isReleasedLater(context, tracked, parent.end, true);
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(current as TS.Expression)) {
      // `cb(null, session)`: the function's own error-first completion callback, the callback style's
      // `return`. (`await fn(client)` lends it to a callback and gets it back: not a hand-off.)
      const [first] = parent.arguments;
      if (first !== current && isNullishLiteral(ts, first) && isOwnParameter(ts, tracked.owner, parent.expression)) return true;
      // `makeStore(client)`, `Store.create(client)`: judged as the construction the function returns.
      const wrapped = getWrappingConstruction(context, parent, parent.arguments.indexOf(current as TS.Expression));
      if (wrapped !== undefined) return tracked.isBorrowedBy?.(wrapped.construction, wrapped.index, parent) !== true;
      const name = getCalleeName(ts, parent.expression);
      // Into a collection or a promise: `sessions.push(s)`, `map.set(k, s)`, `resolve(s)`.
      // An in-flight registry that the function deletes the entry from again holds nothing for anyone.
      return name !== undefined && STORING_CALLS.has(name) && !isEntryRemovedLater(ts, parent);
    }
    return false;
  }
}

/**
 * A project function that only wraps its parameter at `index` in a new object
 * (`function makeStore(client) { return new Store(client); }`, a static `create`): the construction it
 * returns, and where the parameter goes in it.
 */
function getWrappingConstruction(
  context: AnalysisContext,
  call: TS.CallExpression,
  index: number,
): { readonly construction: TS.NewExpression; readonly index: number } | undefined {
  // Typed, by name first: resolving every call a resource is passed to would ask the checker about
  // each helper call (`await saveOrder(runner, order)`), and few functions are wrappers.
  if (context.checker !== undefined && !mayCallWrappingFunction(context, call)) return undefined;
  const fn = resolveFunctionExpression(context, call.expression);
  const wrapped = fn === undefined ? undefined : getReturnedConstruction(context.ts, fn);
  const position = wrapped?.parameters[index];
  return wrapped === undefined || position === undefined ? undefined : { construction: wrapped.construction, index: position };
}

/** `callee` names a parameter of `owner` (a callback its caller supplied), not one shadowing it. */
function isOwnParameter(ts: TypeScript, owner: FunctionLike, callee: TS.Expression): boolean {
  const inner = skipParens(ts, callee);
  if (!ts.isIdentifier(inner)) return false;
  const declaration = findLocalDeclaration(ts, inner.text, inner);
  return declaration !== undefined && ts.isParameter(declaration) && declaration.parent === owner;
}

/**
 * A statement that cannot fail where it stands: a promise left floating on purpose
 * (`void sub.connect()`, whose rejection surfaces elsewhere), or one promise whose rejection a handler
 * without a `throw` takes (`await client.query('ROLLBACK').catch(() => undefined)`).
 */
function isSwallowedRejection(ts: TypeScript, node: TS.Node): boolean {
  if (!ts.isExpressionStatement(node)) return false;
  let expression = skipParens(ts, node.expression);
  if (ts.isVoidExpression(expression)) return true;
  while (ts.isAwaitExpression(expression)) expression = skipParens(ts, expression.expression);
  if (!ts.isCallExpression(expression) || expression.arguments.length !== 1) return false;
  const callee = skipParens(ts, expression.expression);
  const handler = skipParens(ts, expression.arguments[0]);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'catch') return false;
  if (!ts.isArrowFunction(handler) && !ts.isFunctionExpression(handler)) return false;
  const throws = (child: TS.Node): boolean => !isBoundary(ts, child) && (ts.isThrowStatement(child) || ts.forEachChild(child, throws) === true);
  return !throws(handler.body);
}

/**
 * A release call of the resource after `position` in the walked function, listeners and callbacks
 * included; with `direct`, only one the function makes itself: not in a callback (a hook registered
 * for shutdown, `addHook('onClose', () => pool.end())`), nor in a `catch` block (cleaning up after a
 * failure, where the paths that succeed hand the resource on).
 */
function isReleasedLater(context: AnalysisContext, tracked: TrackedResource, position: number, direct = false): boolean {
  const ts = context.ts;
  const body = tracked.owner.body;
  if (body === undefined) return false;
  const releasingFunctions = new Map<TS.Node, boolean>();
  const visit = (node: TS.Node): boolean => {
    if (node.end <= position || (direct && (ts.isCatchClause(node) || isFunctionWithBody(ts, node)))) return false;
    if (ts.isCallExpression(node) && node.pos >= position && isReleaseCall(context, tracked, node, releasingFunctions)) return true;
    return ts.forEachChild(node, visit) === true;
  };
  return ts.forEachChild(body, visit) === true;
}

const STORING_CALLS = new Set(['push', 'unshift', 'set', 'add', 'splice', 'resolve', 'next']);

/** `=`, `??=`, `||=`, `&&=`: the operators that store their right side. */
export function isAssignmentOperator(ts: TypeScript, kind: TS.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

function isLocalTarget(ts: TypeScript, tracked: TrackedResource, target: TS.Expression): boolean {
  const inner = skipParens(ts, target);
  if (!ts.isIdentifier(inner)) return false;
  const declaration = findLocalDeclaration(ts, inner.text, inner);
  return declaration !== undefined && isLocalDeclaration(tracked, declaration);
}

function isLocalDeclaration(tracked: TrackedResource, declaration: TS.Node): boolean {
  return declaration.pos >= tracked.owner.pos && declaration.end <= tracked.owner.end;
}

/** `(await x)`: what a variable holding the promise of the resource resolves to is the resource too. */
function skipAwait(ts: TypeScript, expression: TS.Expression): TS.Expression {
  let inner = skipParens(ts, expression);
  while (ts.isAwaitExpression(inner)) inner = skipParens(ts, inner.expression);
  return inner;
}

/**
 * Local variables that receive the resource by plain assignment (`const alias = client`), or the
 * resource a variable's promise resolves to (`const client = await clientPromise`).
 */
export function collectAliases(ts: TypeScript, owner: FunctionLike, names: Set<string>): void {
  if (owner.body === undefined) return;
  for (let round = 0; round < 3; round++) {
    const before = names.size;
    const visit = (node: TS.Node): void => {
      if (isBoundary(ts, node)) return;
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
        const inner = skipAwait(ts, node.initializer);
        if (ts.isIdentifier(inner) && names.has(inner.text)) names.add(node.name.text);
      } else if (
        ts.isBinaryExpression(node) &&
        node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isIdentifier(node.left) &&
        ts.isIdentifier(skipAwait(ts, node.right)) &&
        names.has((skipAwait(ts, node.right) as TS.Identifier).text)
      ) {
        const declaration = findLocalDeclaration(ts, node.left.text, node.left);
        if (declaration !== undefined && declaration.pos >= owner.pos && declaration.end <= owner.end) names.add(node.left.text);
      }
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(owner.body, visit);
    if (names.size === before) return;
  }
}

/**
 * Which throws leak nothing in a test fixture function (`test.extend({ db: async ({}, use) => { … } })`)
 * or test body: `await use(value)`, which the runner resolves when the tests are done, failed or not
 * (`{ use }`); or, under a runner whose failures end the worker process (Playwright Test), any (`'any'`).
 */
type TestThrowRule = 'any' | { readonly use: string };

function getTestThrowRule(context: AnalysisContext, owner: FunctionLike): TestThrowRule | undefined {
  const ts = context.ts;
  const fixture = getFixtureProtocol(context, owner);
  if (fixture === undefined) return isTestOfDiscardedWorker(context, owner) ? 'any' : undefined;
  if (fixture.known && fixture.protocol.failureEndsWorker === true) return 'any';
  const use = owner.parameters[fixture.protocol.useParameter];
  return use !== undefined && ts.isIdentifier(use.name) ? { use: use.name.text } : undefined;
}

/** A statement that only calls the local function `name` (`await use(page)`). */
function isCallOf(ts: TypeScript, node: TS.Node, name: string): boolean {
  if (!ts.isExpressionStatement(node)) return false;
  let expression = skipParens(ts, node.expression);
  if (ts.isAwaitExpression(expression)) expression = skipParens(ts, expression.expression);
  return ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === name;
}

/**
 * `fn` is a test or hook body (`test('…', async ({ browser }) => …)`, `test.beforeEach(…)`) of a runner
 * that discards the worker process after a failure, its test object imported from the runner's package.
 */
function isTestOfDiscardedWorker(context: AnalysisContext, fn: FunctionLike): boolean {
  const ts = context.ts;
  const call = getCallOfArgument(ts, fn);
  const root = call !== undefined && ts.isCallExpression(call) ? getRootIdentifier(ts, call.expression) : undefined;
  if (root === undefined) return false;
  const binding = getFileFacts(context, root.getSourceFile()).imports.get(root.text);
  if (binding === undefined) return false;
  const module = getPackageName(binding.module);
  return context.catalog.testFixtures.some(
    (protocol) =>
      protocol.failureEndsWorker === true && protocol.testCalls.includes(binding.imported) && isOneOfPackages(protocol.packages, module),
  );
}

/**
 * The fixture protocol `fn` is declared under: `X.extend({ name: fn })` or `X.extend({ name: [fn, options] })`.
 * `known` when `X` is imported from the runner's package; otherwise the first protocol with that method,
 * whose `use` parameter the runners share.
 */
function getFixtureProtocol(context: AnalysisContext, fn: FunctionLike): { protocol: TestFixtureProtocol; known: boolean } | undefined {
  const ts = context.ts;
  let current = climbParens(ts, fn);
  if (ts.isArrayLiteralExpression(current.parent) && current.parent.elements[0] === current) current = current.parent;
  const property = current.parent;
  if (!ts.isPropertyAssignment(property) || property.initializer !== current) return undefined;
  const call = property.parent.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(property.parent)) return undefined;
  const callee = skipParens(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const candidates = context.catalog.testFixtures.filter((protocol) => protocol.method === callee.name.text);
  if (candidates.length === 0) return undefined;
  const root = getRootIdentifier(ts, callee.expression);
  const binding = root === undefined ? undefined : getFileFacts(context, root.getSourceFile()).imports.get(root.text);
  const module = binding === undefined ? undefined : getPackageName(binding.module);
  const known = module === undefined ? undefined : candidates.find((protocol) => isOneOfPackages(protocol.packages, module));
  return known !== undefined ? { protocol: known, known: true } : { protocol: candidates[0], known: false };
}

/**
 * A statement that only makes a setup call on the resource (`await runner.connect()`,
 * `const tx = session.beginTransaction()`), or registers a listener on it.
 */
function isSetupCall(ts: TypeScript, tracked: TrackedResource, node: TS.Node): boolean {
  let expression: TS.Expression | undefined;
  if (ts.isExpressionStatement(node)) expression = node.expression;
  else if (ts.isVariableStatement(node) && node.declarationList.declarations.length === 1) {
    expression = node.declarationList.declarations[0].initializer;
  }
  if (expression === undefined) return false;
  while (ts.isAwaitExpression(expression) || ts.isParenthesizedExpression(expression)) expression = expression.expression;
  if (!ts.isCallExpression(expression)) return false;
  const callee = skipParens(ts, expression.expression);
  return (
    ts.isPropertyAccessExpression(callee) &&
    isTrackedExpression(ts, tracked, callee.expression) &&
    (tracked.setup.has(callee.name.text) || tracked.handles?.has(callee.name.text) === true || LISTENER_METHODS.has(callee.name.text)) &&
    expression.arguments.every((argument) => !ts.isCallExpression(argument) && !ts.isAwaitExpression(argument))
  );
}

/**
 * `const client = await clientPromise;`: awaiting the promise of the resource itself. When it rejects,
 * the acquisition failed and nothing is held (awaiting the resource itself cannot fail).
 */
function isAwaitOfResource(ts: TypeScript, tracked: TrackedResource, node: TS.Node): boolean {
  let expression: TS.Expression | undefined;
  if (ts.isExpressionStatement(node)) expression = node.expression;
  else if (ts.isVariableStatement(node) && node.declarationList.declarations.length === 1) {
    expression = node.declarationList.declarations[0].initializer;
  }
  const inner = expression === undefined ? undefined : skipParens(ts, expression);
  return inner !== undefined && ts.isAwaitExpression(inner) && isTrackedExpression(ts, tracked, inner.expression);
}

function classifyGuard(ts: TypeScript, tracked: TrackedResource, test: TS.Expression): 'absent' | 'held' | undefined {
  const inner = skipParens(ts, test);
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = classifyGuard(ts, tracked, inner.operand);
    return operand === 'held' ? 'absent' : operand === 'absent' ? 'held' : undefined;
  }
  if (
    ts.isBinaryExpression(inner) &&
    (inner.operatorToken.kind === ts.SyntaxKind.BarBarToken || inner.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)
  ) {
    // 'absent': true means not held; 'held': false means not held. `err || !client` is true only
    // when one side is, so it says 'absent' when both sides do; `!err && client` is false when either
    // side is, so it says 'held' when both sides do. The other way round one side is enough.
    const left = classifyGuard(ts, tracked, inner.left);
    const right = classifyGuard(ts, tracked, inner.right);
    const both = inner.operatorToken.kind === ts.SyntaxKind.BarBarToken ? 'absent' : 'held';
    const either = both === 'absent' ? 'held' : 'absent';
    if (left === both && right === both) return both;
    return left === either || right === either ? either : undefined;
  }
  // The resource's own state: `runner.isTransactionActive`, `session.inTransaction()`, `runner.isReleased`.
  const state = getStateTest(ts, tracked, inner);
  if (state !== undefined) return state;
  // `conn`, `conn != null` say the resource is there; `err`, `err != null` (or a lent `trx`) say it is not.
  const absentWhen = tracked.absentWhen ?? NO_NAMES;
  const found = classifyPresence(ts, inner, (operand) => {
    const name = skipParens(ts, operand);
    if (ts.isIdentifier(name) && tracked.names.has(name.text)) return 'resource';
    if (ts.isIdentifier(name) && tracked.setup.size > 0 && isSetupError(ts, tracked, name)) return 'absent-when-set';
    const text = absentWhen.size === 0 ? undefined : getReferenceText(ts, name);
    return text !== undefined && absentWhen.has(text) && !isShadowedWithin(ts, name, tracked.owner) ? 'absent-when-set' : undefined;
  });
  if (found === undefined) return undefined;
  return found.present === (found.subject === 'resource') ? 'held' : 'absent';
}

/**
 * `err` in `client.connect((err) => { if (err) return done(err); … })`: the error a set-up call of the
 * resource hands its callback. Set, the set-up failed, and a failed set-up holds nothing (as its
 * rejected promise does).
 */
function isSetupError(ts: TypeScript, tracked: TrackedResource, name: TS.Identifier): boolean {
  const declaration = findLocalDeclaration(ts, name.text, name);
  if (declaration === undefined || !ts.isParameter(declaration)) return false;
  const callback = declaration.parent;
  if ((!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) || callback.parameters[0] !== declaration) return false;
  const call = climbParens(ts, callback).parent;
  if (!ts.isCallExpression(call) || !call.arguments.some((argument) => skipParens(ts, argument) === callback)) return false;
  const callee = skipParens(ts, call.expression);
  return ts.isPropertyAccessExpression(callee) && tracked.setup.has(callee.name.text) && isTrackedExpression(ts, tracked, callee.expression);
}

/**
 * `reference` (or its root, `options` in `options.client`) names a variable declared in a function
 * nested in `owner`, not the one `owner` sees under that name: a query callback's own `err` in
 * `pool.connect((err, client, done) => { client.query(sql, (err) => { if (err) return cb(err); … }) })`.
 */
function isShadowedWithin(ts: TypeScript, reference: TS.Expression, owner: FunctionLike): boolean {
  const root = ts.isIdentifier(reference) ? reference : getRootIdentifier(ts, reference);
  const declaration = root === undefined ? undefined : findLocalDeclaration(ts, root.text, root);
  if (declaration === undefined) return false;
  let scope: TS.Node = declaration;
  while (!isFunctionWithBody(ts, scope) && !ts.isSourceFile(scope)) scope = scope.parent;
  return scope !== owner && scope.pos >= owner.pos && scope.end <= owner.end;
}

/** Assertion functions: `assert(x)`, `assert.ok(x)`, `invariant(x)` (tiny-invariant), `assertDefined(x)`. */
const ASSERTIONS = /^(?:assert|invariant|ok)(?:[A-Z]\w*)?$/;

/**
 * An assertion that the resource is there (`assert(client)`, `assert(!!client, 'no client')`,
 * `assert.ok(client !== undefined)`, `invariant(session)`): it throws only when nothing was acquired,
 * with nothing held. Its message must not be computed by a call that could throw instead.
 */
function isPresenceAssertion(context: AnalysisContext, tracked: TrackedResource, node: TS.Node): boolean {
  const ts = context.ts;
  const call = ts.isExpressionStatement(node) ? skipParens(ts, node.expression) : node;
  if (!ts.isCallExpression(call) || call.arguments.length === 0) return false;
  const callee = skipParens(ts, call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.name.text : undefined;
  if (name === undefined || !(ASSERTIONS.test(name) || (name === 'default' && isAssertionModule(context, callee)))) return false;
  if (!call.arguments.slice(1).every((argument) => ts.isStringLiteralLike(argument))) return false;
  const tested = classifyPresence(ts, call.arguments[0], (operand) => (isTrackedExpression(ts, tracked, operand) ? true : undefined));
  return tested?.present === true;
}

const ASSERTION_MODULES = new Set(['assert', 'node:assert', 'assert/strict', 'node:assert/strict', 'tiny-invariant', 'invariant']);

/**
 * `strict_1.default` in `(0, strict_1.default)(client)`, compiled from `import assert from 'node:assert/strict'`:
 * the default export of an assertion module.
 */
function isAssertionModule(context: AnalysisContext, callee: TS.Expression): boolean {
  const ts = context.ts;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return false;
  const binding = getFileFacts(context, callee.getSourceFile()).imports.get(callee.expression.text);
  return binding !== undefined && ASSERTION_MODULES.has(binding.module);
}

/** A test of the resource's state (`!trx.isCompleted()`): a getter that does not throw. */
function isStateTest(ts: TypeScript, tracked: TrackedResource, node: TS.Node): boolean {
  let inner = node;
  while (ts.isParenthesizedExpression(inner) || (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken)) {
    inner = ts.isParenthesizedExpression(inner) ? inner.expression : inner.operand;
  }
  return ts.isExpression(inner) && getStateTest(ts, tracked, inner) !== undefined;
}

/** `resource.state` or `resource.state()` for a state the catalog names: 'held' while it is held, 'absent' once released. */
function getStateTest(ts: TypeScript, tracked: TrackedResource, test: TS.Expression): 'absent' | 'held' | undefined {
  if (tracked.heldWhen === undefined && tracked.releasedWhen === undefined) return undefined;
  let access: TS.Expression = test;
  if (ts.isCallExpression(test) && test.arguments.length === 0) access = skipParens(ts, test.expression);
  if (!ts.isPropertyAccessExpression(access) || !isTrackedExpression(ts, tracked, access.expression)) return undefined;
  if (tracked.heldWhen?.has(access.name.text) === true) return 'held';
  return tracked.releasedWhen?.has(access.name.text) === true ? 'absent' : undefined;
}
