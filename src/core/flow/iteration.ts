import type * as TS from 'typescript';

import type { TypeScript } from '../context.js';
import { climbParens, getCalleeName, getTestRegistration, isAsyncFunction, isFunctionWithBody, skipParens } from './boundaries.js';
import { findLeakingExits } from './release-paths.js';

export const ITERATION_METHODS: readonly string[] = [
  'every',
  'filter',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'forEach',
  'map',
  'reduce',
  'reduceRight',
  'some',
];

/**
 * Iteration helpers of libraries that take the collection first and the callback after it
 * (async's `eachSeries(ids, cb)`, `mapLimit(urls, 4, cb)`, p-map's `pMap(items, cb)`, Bluebird's
 * `Promise.mapSeries(items, cb)`, lodash's `_.times(n, cb)`), called as a method or a function.
 */
export const LIBRARY_ITERATION_FUNCTIONS: readonly string[] = [
  'each', 'eachSeries', 'eachLimit', 'eachOf', 'eachOfSeries', 'eachOfLimit', 'forEachOf', 'forEachSeries', 'forEachLimit',
  'forEachOfSeries', 'forEachOfLimit', 'mapSeries', 'mapLimit', 'mapValues', 'mapValuesSeries', 'mapValuesLimit', 'times',
  'timesSeries', 'timesLimit', 'pMap', 'pMapSeries', 'pEachSeries', 'pTimes',
];

const CONCURRENT_WRAPPERS = new Set(['all', 'allSettled', 'any', 'race']);

/** Where a node runs once per iteration. */
export interface Iteration {
  /** The loop statement, or the call whose callback iterates (`xs.map(cb)`). */
  readonly loop: TS.Node;
  /** Human words for it: "`for…of` loop", "`map` callback". */
  readonly description: string;
  /** `Promise.all(xs.map(async …))` (or an async `forEach` callback): every element runs at the same moment. */
  readonly concurrentWith: string | undefined;
}

/**
 * The innermost loop in which `node` runs once per iteration, without leaving its function: loop
 * bodies, conditions and increments (not a `for` initializer or the iterated expression of
 * `for…of`), and callbacks of iteration methods (`forEach`, `map`, … and `Array.from(xs, cb)`). A
 * function that is only defined in a loop is a boundary: its body runs when it is called.
 */
export function getIteration(ts: TypeScript, node: TS.Node, iterationMethods: ReadonlySet<string>): Iteration | undefined {
  let child: TS.Node = node;
  for (let current = node.parent; current !== undefined; child = current, current = current.parent) {
    if (isFunctionWithBody(ts, current)) {
      const callback = getCallbackIteration(ts, current, iterationMethods);
      if (callback !== undefined) return callback;
      // A callback handed to another call, or an IIFE, runs with that call (as openers are summarised).
      if (!runsWithEnclosingCall(ts, current)) return undefined;
      continue;
    }
    if (ts.isClassLike(current) || ts.isSourceFile(current)) return undefined;
    if (!ts.isIterationStatement(current, false)) continue;
    if (ts.isForStatement(current) && child === current.initializer) continue;
    if ((ts.isForOfStatement(current) || ts.isForInStatement(current)) && child !== current.statement) continue;
    return { loop: current, description: describeLoop(ts, current), concurrentWith: undefined };
  }
  return undefined;
}

/**
 * Whether a loop runs `node` (in its body) again only after an attempt failed: every path from `node`
 * to the next iteration goes through a `catch` of something thrown after it, and every path that
 * succeeds leaves the loop (`return`, `break`, a throw out of it). That is a retry loop, holding one
 * attempt at a time (`for (;;) { const c = new Client(); try { await c.connect(); return c; } catch { … } }`),
 * not one acquisition per element. Loop statements only: a callback runs once per element regardless.
 */
export function isRetriedOnlyAfterFailure(ts: TypeScript, loop: TS.Node, node: TS.Node): boolean {
  if (!ts.isIterationStatement(loop, false)) return false;
  const body = loop.statement;
  if (!ts.isBlock(body) || node.pos < body.pos || node.end > body.end) return false;
  // The walk's "held" state here means "ran `node` and has not failed since": a throw clears it.
  const { exits } = findLeakingExits(ts, body, {
    acquires: (candidate) => candidate.pos <= node.pos && node.end <= candidate.end,
    releases: () => false,
    isHarmlessThrow: () => true,
  });
  return exits.every((exit) => exit.kind !== 'end' && exit.kind !== 'continue' && exit.kind !== 'overwrite');
}

function describeLoop(ts: TypeScript, loop: TS.IterationStatement): string {
  if (ts.isForOfStatement(loop)) return loop.awaitModifier === undefined ? '`for…of` loop' : '`for await…of` loop';
  if (ts.isForInStatement(loop)) return '`for…in` loop';
  if (ts.isWhileStatement(loop)) return '`while` loop';
  if (ts.isDoStatement(loop)) return '`do…while` loop';
  return '`for` loop';
}

function getCallbackIteration(ts: TypeScript, fn: TS.Node, iterationMethods: ReadonlySet<string>): Iteration | undefined {
  return getArgumentIteration(ts, climbParens(ts, fn), iterationMethods, isAsyncFunction(ts, fn));
}

/**
 * The iteration a call argument runs in when it is the callback of an iteration method: a function
 * literal, or a reference to a function (`ids.map(loadAccount)`).
 */
export function getArgumentIteration(
  ts: TypeScript,
  argument: TS.Node,
  iterationMethods: ReadonlySet<string>,
  isAsync: boolean,
): Iteration | undefined {
  const call = argument.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(argument as TS.Expression)) return undefined;
  const callee = skipParens(ts, call.expression);
  const method = getCalleeName(ts, callee);
  if (method === undefined) return undefined;
  const isArrayFrom =
    method === 'from' &&
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Array' &&
    call.arguments[1] === argument;
  const isMethod = ts.isPropertyAccessExpression(callee) && iterationMethods.has(method) && call.arguments[0] === argument;
  if (!isArrayFrom && !isMethod && !isLaterCallback(ts, call, callee, method, argument, iterationMethods)) return undefined;
  const wrapper = getConcurrentWrapper(ts, call);
  let concurrentWith: string | undefined;
  if (wrapper !== undefined) concurrentWith = `Promise.${wrapper}`;
  else if (isAsync && method === 'forEach') concurrentWith = 'forEach';
  return { loop: call, description: isArrayFrom ? '`Array.from` callback' : `\`${method}\` callback`, concurrentWith };
}

/**
 * The callback after the collection: the first function literal among the arguments of an iteration
 * method or function (`_.map(items, cb)`, `async.eachSeries(ids, cb, done)`, `pMap(items, cb)`, a
 * project helper named in `iterationMethods`). Only a literal: a name there may as well be the
 * collection, and a later function (`done`) runs once.
 */
function isLaterCallback(
  ts: TypeScript,
  call: TS.CallExpression,
  callee: TS.Expression,
  method: string,
  argument: TS.Node,
  iterationMethods: ReadonlySet<string>,
): boolean {
  if (call.arguments[0] === argument || (!ts.isArrowFunction(argument) && !ts.isFunctionExpression(argument))) return false;
  if (!ts.isPropertyAccessExpression(callee) && !ts.isIdentifier(callee)) return false;
  // An array method's name takes a later callback only on a library namespace (`_.map(items, cb)`):
  // elsewhere the name means something else (`table.map('default', factory)`).
  const isArrayName = ARRAY_METHOD_NAMES.has(method);
  const onLibrary = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && LIBRARY_NAMESPACES.has(callee.expression.text);
  const known = isArrayName ? onLibrary : LIBRARY_NAMES.has(method) || iterationMethods.has(method);
  if (!known) return false;
  return call.arguments.find((candidate) => ts.isArrowFunction(candidate) || ts.isFunctionExpression(candidate)) === argument;
}

const LIBRARY_NAMES: ReadonlySet<string> = new Set(LIBRARY_ITERATION_FUNCTIONS);
const ARRAY_METHOD_NAMES: ReadonlySet<string> = new Set(ITERATION_METHODS);
/** The usual import names of lodash, async and Bluebird (whose `Promise.map` / `Promise.each` iterate). */
const LIBRARY_NAMESPACES: ReadonlySet<string> = new Set(['_', 'lodash', 'async', 'Bluebird', 'Promise']);

/** Calls that keep a callback for later instead of running it: registering is not running. */
const STORING_CALLBACK_METHODS = new Set([
  'push', 'unshift', 'set', 'add', 'on', 'once', 'addListener', 'prependListener', 'addEventListener', 'subscribe', 'register',
]);

/**
 * Whether a function's body runs while the enclosing code runs: an IIFE, or a callback passed to a
 * call that does not merely store it (`pRetry(() => …)`, `new Promise((resolve) => …)`).
 */
export function runsWithEnclosingCall(ts: TypeScript, fn: TS.Node): boolean {
  const current = climbParens(ts, fn);
  const parent = current.parent;
  if (ts.isCallExpression(parent) && parent.expression === current) return true;
  if (!(ts.isCallExpression(parent) || ts.isNewExpression(parent)) || parent.arguments?.includes(current as TS.Expression) !== true) return false;
  const method = getCalleeName(ts, parent.expression);
  if (method !== undefined && STORING_CALLBACK_METHODS.has(method)) return false;
  // A test or hook registered in a loop (`for (const role of roles) it(…, async () => …)`) runs later, alone.
  return getTestRegistration(ts, parent) === undefined;
}

/** `Promise.all(xs.map(…))`, also with the mapped array spread or wrapped: the wrapper's method name. */
function getConcurrentWrapper(ts: TypeScript, call: TS.CallExpression): string | undefined {
  let current: TS.Node = call;
  for (;;) {
    const parent = current.parent;
    if (ts.isParenthesizedExpression(parent) || ts.isSpreadElement(parent) || ts.isArrayLiteralExpression(parent) || ts.isAsExpression(parent) || ts.isNonNullExpression(parent)) {
      current = parent;
      continue;
    }
    if (ts.isCallExpression(parent) && parent.arguments.includes(current as TS.Expression)) {
      const callee = skipParens(ts, parent.expression);
      if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'Promise' &&
        CONCURRENT_WRAPPERS.has(callee.name.text)
      ) {
        return callee.name.text;
      }
    }
    return undefined;
  }
}
