import type * as TS from 'typescript';

import type { ResourceKind } from '../catalog.js';
import type { AnalysisContext, TypeScript } from '../context.js';
import type { Finding } from '../findings.js';
import { getCalleeName, getEnclosingFunction, isAsyncFunction, skipParens } from '../flow/boundaries.js';
import { ITERATION_METHODS, getArgumentIteration, getIteration, isRetriedOnlyAfterFailure, type Iteration } from '../flow/iteration.js';
import { runsGuarded, runsGuardedWith } from '../guards.js';
import { isLazyInitialization } from '../lazy-initialization.js';
import { getOpenerSummary } from '../openers.js';
import {
  getAcquisitionOrScoped,
  getProjectCallName,
  mayAcquire,
  mayReachAcquisition,
  resolveFunctionExpression,
  resolveProjectFunction,
  type Acquisition,
  type ChainLink,
} from '../resources.js';

export interface NoSessionInLoopOptions {
  /** Resource kinds to report. */
  readonly kinds: readonly ResourceKind[];
  /** Method or function names, besides the built-in ones, whose callback (the first argument, or the first function literal after the collection) runs once per element. */
  readonly iterationMethods: readonly string[];
  /** Also report callback-scoped transactions (`dataSource.transaction(cb)`) run per iteration. */
  readonly checkScopedTransactions: boolean;
}

export const DEFAULT_LOOP_OPTIONS: NoSessionInLoopOptions = {
  kinds: ['client', 'session'],
  iterationMethods: [],
  checkScopedTransactions: false,
};

const METHOD_SETS = new WeakMap<readonly string[], ReadonlySet<string>>();

/**
 * `no-session-in-loop` at one node: a call that runs once per loop iteration (or per element of an
 * iteration callback) and acquires a resource, directly, through a session factory, or through a
 * session opener whose guard parameter the call does not supply.
 */
export function checkNoSessionInLoop(
  context: AnalysisContext,
  node: TS.Node,
  options: NoSessionInLoopOptions = DEFAULT_LOOP_OPTIONS,
): Finding | undefined {
  const ts = context.ts;
  // Cheapest first: only calls and `new` acquire, and only inside a loop does it matter.
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return undefined;
  const acquires = mayAcquire(context, node);
  if (!acquires && (!ts.isCallExpression(node) || node.arguments.length === 0)) return undefined;
  const methods = getIterationMethods(options.iterationMethods);
  // pg's `pool.connect(cb)` and mysql2's `pool.getConnection(cb)` hand the connection to the callback
  // to release: a checkout per call like their promise forms, not a scope the library manages.
  // A transaction begun per batch on one held connection or session checks nothing out per iteration.
  const reportable = (found: Acquisition): boolean =>
    options.kinds.includes(found.spec.kind) &&
    found.spec.onHeldConnection !== true &&
    (!isManagedScope(found) || options.checkScopedTransactions);
  if (ts.isCallExpression(node)) {
    const byReference = checkCallbackReference(context, node, methods, reportable);
    if (byReference !== undefined) return byReference;
  }
  if (!acquires) return undefined;
  const iteration = getIteration(ts, node, methods);
  if (iteration === undefined) return undefined;
  // `client ??= await pool.connect()` with `client` declared before the loop: the first iteration
  // opens it and the others reuse it (unless they all start at once).
  if (iteration.concurrentWith === undefined && isLazyInitialization(ts, iteration.loop, node)) return undefined;
  if (isCollectedClient(context, node, iteration)) return undefined;
  const finding = checkInIteration(context, node, iteration, reportable);
  // A retry loop opens again only once the previous attempt failed: one at a time, not one per element.
  return finding !== undefined && isRetriedOnlyAfterFailure(ts, iteration.loop, node) ? undefined : finding;
}

/**
 * `replicaUrls.map((url) => new Pool({ connectionString: url }))`, `Promise.all(urls.map(() => chromium.launch()))`:
 * a client made for each element and returned as that element of the new array is a set of clients,
 * one per server or worker, kept together; not the same work opening one again per iteration. Sessions,
 * and clients the callback uses and drops, are still reported.
 */
function isCollectedClient(context: AnalysisContext, node: TS.CallExpression | TS.NewExpression, iteration: Iteration): boolean {
  const ts = context.ts;
  const loop = iteration.loop;
  if (!ts.isCallExpression(loop) || !COLLECTING_METHODS.has(getCalleeName(ts, loop.expression) ?? '')) return false;
  const found = getAcquisitionOrScoped(context, node);
  // Made by the library or by a project factory (`() => openBrowser()`): either way one client per element.
  if (found === undefined || found.spec.kind !== 'client') return false;
  let value: TS.Node = node;
  while (ts.isAwaitExpression(value.parent) || ts.isParenthesizedExpression(value.parent) || ts.isAsExpression(value.parent) || ts.isNonNullExpression(value.parent)) {
    value = value.parent;
  }
  const parent = value.parent;
  const callback = getEnclosingFunction(ts, node);
  if (callback === undefined || !loop.arguments.some((argument) => skipParens(ts, argument) === callback)) return false;
  if (ts.isArrowFunction(parent) && parent.body === value) return true;
  if (ts.isReturnStatement(parent)) return getEnclosingFunction(ts, parent) === callback;
  // `const pool = new Pool(…); …; return pool;` at the callback's top level.
  if (!ts.isVariableDeclaration(parent) || !ts.isIdentifier(parent.name) || callback.body === undefined || !ts.isBlock(callback.body)) return false;
  const name = parent.name.text;
  return callback.body.statements.some((statement) => {
    const returned = ts.isReturnStatement(statement) && statement.expression !== undefined ? skipParens(ts, statement.expression) : undefined;
    return returned !== undefined && ts.isIdentifier(returned) && returned.text === name;
  });
}

/** Iteration methods whose callback's return value is the element of a new array. */
const COLLECTING_METHODS: ReadonlySet<string> = new Set(['map', 'flatMap', 'from']);

function checkInIteration(
  context: AnalysisContext,
  node: TS.CallExpression | TS.NewExpression,
  iteration: Iteration,
  reportable: (found: Acquisition) => boolean,
): Finding | undefined {
  const ts = context.ts;
  const direct = getAcquisitionOrScoped(context, node);
  if (direct !== undefined) {
    if (!reportable(direct)) return undefined;
    if (direct.chain.length > 0) return openerFinding(ts, node, direct, direct.chain, iteration);
    const concurrent = iteration.concurrentWith !== undefined;
    return createFinding(direct, node, concurrent ? 'acquiredConcurrently' : 'acquiredInLoop', {
      call: getCallText(ts, node),
      loop: iteration.description,
      wrapper: iteration.concurrentWith ?? '',
    }, direct.chain);
  }
  // An IIFE's own acquisitions are reported where they happen.
  if (!ts.isCallExpression(node) || isFunctionLiteral(ts, node.expression)) return undefined;
  const callee = resolveProjectFunction(context, node);
  if (callee === undefined) return undefined;
  const site = getOpenerSummary(context, callee).sites.find((candidate) => runsGuarded(ts, candidate.guard, node) && reportable(candidate.acquisition));
  if (site === undefined) return undefined;
  return openerFinding(ts, node, site.acquisition, site.chain, iteration);
}

function isFunctionLiteral(ts: TypeScript, expression: TS.Expression): boolean {
  const inner = skipParens(ts, expression);
  return ts.isArrowFunction(inner) || ts.isFunctionExpression(inner);
}

/** `ids.map(loadAccount)`, `ids.forEach(touch)`: a function reference called once per element. */
function checkCallbackReference(
  context: AnalysisContext,
  call: TS.CallExpression,
  methods: ReadonlySet<string>,
  reportable: (found: Acquisition) => boolean,
): Finding | undefined {
  const ts = context.ts;
  for (const argument of call.arguments) {
    const inner = skipParens(ts, argument);
    if (!ts.isIdentifier(inner) && !ts.isPropertyAccessExpression(inner)) continue;
    // Openers reach an acquisition, so their names are among the project functions that can.
    const name = getProjectCallName(context, inner);
    if (name === undefined || !mayReachAcquisition(context, call, name)) continue;
    const fn = resolveFunctionExpression(context, inner);
    if (fn === undefined) continue;
    const iteration = getArgumentIteration(ts, argument, methods, isAsyncFunction(ts, fn));
    if (iteration === undefined) continue;
    // The element, index and array fill the first three parameters.
    const site = getOpenerSummary(context, fn).sites.find(
      (candidate) => runsGuardedWith(candidate.guard, 3) && reportable(candidate.acquisition),
    );
    if (site !== undefined) return openerFinding(ts, argument, site.acquisition, site.chain, iteration);
  }
  return undefined;
}

function getIterationMethods(extra: readonly string[]): ReadonlySet<string> {
  let methods = METHOD_SETS.get(extra);
  if (methods === undefined) {
    methods = new Set([...ITERATION_METHODS, ...extra]);
    METHOD_SETS.set(extra, methods);
  }
  return methods;
}

function openerFinding(
  ts: TypeScript,
  node: TS.Node,
  found: Acquisition,
  chain: readonly ChainLink[],
  iteration: Iteration,
): Finding {
  const concurrent = iteration.concurrentWith !== undefined;
  return createFinding(found, node, concurrent ? 'openerConcurrently' : 'openerInLoop', {
    callee: chain[0].name,
    chain: formatChain(ts, chain),
    loop: iteration.description,
    wrapper: iteration.concurrentWith ?? '',
  }, chain);
}

/** A callback-scoped API whose library releases the resource around the callback (`knex.transaction(cb)`). */
function isManagedScope(found: Acquisition): boolean {
  return found.scoped && found.spec.callbackResource === undefined;
}

function createFinding(
  found: Acquisition,
  node: TS.Node,
  messageId: Finding['messageId'],
  data: Record<string, string>,
  chain: readonly ChainLink[],
): Finding {
  return {
    rule: 'no-session-in-loop',
    messageId,
    data: { resource: isManagedScope(found) ? 'callback-scoped transaction' : found.spec.resource, ...data },
    node,
    library: found.library,
    kind: found.spec.kind,
    chain,
    suggestions: [],
  };
}

/** `loadAccountName → loadAccount → pool.connect()`. */
export function formatChain(ts: TypeScript, chain: readonly ChainLink[]): string {
  const last = chain[chain.length - 1];
  return [...chain.map((link) => link.name), getCallText(ts, last.call)].join(' → ');
}

/** A call as written, without its arguments: `pool.connect()`, `new Pool()`. */
export function getCallText(ts: TypeScript, call: TS.CallExpression | TS.NewExpression): string {
  const callee = call.expression.getText().replace(/\s+/g, '');
  const shown = callee.length > 60 ? `…${callee.slice(-59)}` : callee;
  return ts.isNewExpression(call) ? `new ${shown}()` : `${shown}()`;
}
