import type * as TS from 'typescript';

import type { TypeScript } from '../context.js';

export type FunctionLike =
  | TS.ArrowFunction
  | TS.ConstructorDeclaration
  | TS.FunctionDeclaration
  | TS.FunctionExpression
  | TS.GetAccessorDeclaration
  | TS.MethodDeclaration
  | TS.SetAccessorDeclaration;

/** Function-like nodes with a body: the boundaries of every path question. */
export function isFunctionWithBody(ts: TypeScript, node: TS.Node): node is FunctionLike {
  // This runs on every node of every walk: one table look-up, not a chain of kind comparisons.
  return (getKindTables(ts)[node.kind] & FUNCTION_WITH_BODY) !== 0;
}

/** Nodes whose bodies do not run when the enclosing code runs (functions, class bodies). */
export function isBoundary(ts: TypeScript, node: TS.Node): boolean {
  return (getKindTables(ts)[node.kind] & BOUNDARY) !== 0;
}

/**
 * Subtrees with no call or function in them: type syntax (annotations, interfaces, type aliases), and
 * tokens, identifiers and literals (every kind below `FirstNode` is a leaf). Walks that look for calls
 * skip them without visiting.
 */
export function cannotContainCalls(ts: TypeScript, node: TS.Node): boolean {
  return (getKindTables(ts)[node.kind] & NO_CALLS) !== 0;
}

const FUNCTION_WITH_BODY = 1;
const BOUNDARY = 2;
const NO_CALLS = 4;
const BINARY = 8;

// One table per TypeScript copy (ts-morph bundles its own, whose SyntaxKind numbers may differ); the
// last one used is kept, as a run uses one copy.
let tablesFor: TypeScript | undefined;
let kindTables = new Uint8Array(0);
let commaToken = -1;

function getKindTables(ts: TypeScript): Uint8Array {
  if (ts !== tablesFor) {
    const kind = ts.SyntaxKind;
    const table = new Uint8Array(kind.Count);
    for (const functionKind of [
      kind.ArrowFunction,
      kind.FunctionDeclaration,
      kind.FunctionExpression,
      kind.MethodDeclaration,
      kind.Constructor,
      kind.GetAccessor,
      kind.SetAccessor,
    ]) {
      table[functionKind] = FUNCTION_WITH_BODY | BOUNDARY;
    }
    table[kind.ClassDeclaration] = BOUNDARY;
    table[kind.ClassExpression] = BOUNDARY;
    for (let leafKind = 0; leafKind < kind.FirstNode; leafKind++) table[leafKind] = NO_CALLS;
    // Heritage clauses are not in this range: `extends Mixin(Base)` (ExpressionWithTypeArguments) is an expression.
    for (let typeKind = kind.FirstTypeNode; typeKind <= kind.LastTypeNode; typeKind++) table[typeKind] = NO_CALLS;
    table[kind.InterfaceDeclaration] = NO_CALLS;
    table[kind.TypeAliasDeclaration] = NO_CALLS;
    table[kind.BinaryExpression] = BINARY;
    commaToken = kind.CommaToken;
    kindTables = table;
    tablesFor = ts;
  }
  return kindTables;
}

/** The nearest function-like ancestor, or `undefined` at module level or in a class field initializer. */
export function getEnclosingFunction(ts: TypeScript, node: TS.Node): FunctionLike | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (isFunctionWithBody(ts, current)) return current;
    if (ts.isPropertyDeclaration(current) || ts.isClassStaticBlockDeclaration(current)) return undefined;
  }
  return undefined;
}

/** Strips wrappers that do not change which object an expression evaluates to. */
export function skipOuterExpressions(ts: TypeScript, node: TS.Expression): TS.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isAwaitExpression(current)
    ) {
      current = current.expression;
    } else if (isAwaitingYield(ts, current)) {
      current = current.expression!;
    } else {
      return current;
    }
  }
}

/** Visits every descendant of `node` that runs when `node` runs: nested functions and classes are skipped. */
export function forEachEvaluated(ts: TypeScript, node: TS.Node, visit: (node: TS.Node) => boolean | void): boolean {
  const walk = (child: TS.Node): boolean => {
    if (visit(child) === true) return true;
    if (isBoundary(ts, child)) return false;
    return ts.forEachChild(child, walk) === true;
  };
  return ts.forEachChild(node, walk) === true;
}

/** Name of a property-like name node when it is static text (`a`, `"a"`, `#a`). */
export function getStaticName(ts: TypeScript, name: TS.Node | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteralLike(name)) return name.text;
  if (ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/** The called name of a call: `f()` → `f`, `a.b.f()` → `f`, `a?.["f"]()` → `f`. */
export function getCalleeName(ts: TypeScript, callee: TS.Expression): string | undefined {
  const inner = skipParens(ts, callee);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  if (ts.isElementAccessExpression(inner)) return getStaticName(ts, inner.argumentExpression);
  return undefined;
}

/** Test runners' hooks (Jest, Vitest, Mocha's BDD and TDD interfaces, node:test). */
export const TEST_HOOKS: ReadonlySet<string> = new Set([
  'beforeAll', 'beforeEach', 'afterAll', 'afterEach', 'before', 'after', 'setup', 'teardown', 'suiteSetup', 'suiteTeardown',
]);
/** The hooks among them that set up what the suite's tests use. */
export const TEST_SETUP_HOOKS: ReadonlySet<string> = new Set(['beforeAll', 'beforeEach', 'before', 'setup', 'suiteSetup']);
const TEST_CASES = new Set(['it', 'test', 'specify', 'bench']);
const TEST_SUITES = new Set(['describe', 'suite']);
/** What may stand between the runner's name and the call: `test.only`, `it.concurrent.each(rows)`, `test.skipIf(ci)`. */
const TEST_MODIFIERS = new Set(['only', 'skip', 'todo', 'concurrent', 'sequential', 'each', 'fails', 'failing', 'serial', 'fixme', 'runIf', 'skipIf']);

/**
 * The hook or test a call registers (`beforeAll(cb)`, `it('…', cb)`, `test.only(…)`,
 * `test.each(rows)('…', cb)`): the runner keeps the callback and calls it later, one test at a time,
 * and registering cannot fail the way running can. `undefined` for any other call.
 */
export function getTestRegistration(ts: TypeScript, call: TS.CallExpression | TS.NewExpression): string | undefined {
  const name = getRunnerCallName(ts, call);
  return name !== undefined && (TEST_HOOKS.has(name) || TEST_CASES.has(name)) ? name : undefined;
}

/** `fn` is the body of a suite (`describe('…', () => { … })`), which runs once, when tests are collected. */
export function isSuiteBody(ts: TypeScript, fn: TS.Node): boolean {
  const parent = fn.parent;
  return ts.isCallExpression(parent) && parent.arguments.includes(fn as TS.Expression) && TEST_SUITES.has(getRunnerCallName(ts, parent) ?? '');
}

function getRunnerCallName(ts: TypeScript, call: TS.CallExpression | TS.NewExpression): string | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  let root: TS.Expression = skipParens(ts, call.expression);
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root)) {
    if (ts.isPropertyAccessExpression(root) && !TEST_MODIFIERS.has(root.name.text)) return undefined;
    root = skipParens(ts, root.expression);
  }
  return ts.isIdentifier(root) ? root.text : undefined;
}

/**
 * Reads `test` as a test of whether one thing is there: `x` and `x != null` are true when it is
 * (`present: true`), `!x` and `x == null` (or `undefined`) when it is not. `subjectOf` says what an
 * operand stands for, or `undefined` when it is not a subject; any other shape gives `undefined`.
 */
export function classifyPresence<T>(
  ts: TypeScript,
  test: TS.Expression,
  subjectOf: (operand: TS.Expression) => T | undefined,
): { readonly subject: T; readonly present: boolean } | undefined {
  const inner = skipParens(ts, test);
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.ExclamationToken) {
    const operand = classifyPresence(ts, inner.operand, subjectOf);
    return operand === undefined ? undefined : { subject: operand.subject, present: !operand.present };
  }
  const other = !ts.isBinaryExpression(inner) ? undefined : isNullishLiteral(ts, inner.right) ? inner.left : isNullishLiteral(ts, inner.left) ? inner.right : undefined;
  if (ts.isBinaryExpression(inner) && other !== undefined) {
    const subject = subjectOf(other);
    if (subject === undefined) return undefined;
    const operator = inner.operatorToken.kind;
    if (operator === ts.SyntaxKind.ExclamationEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsEqualsToken) return { subject, present: true };
    if (operator === ts.SyntaxKind.EqualsEqualsToken || operator === ts.SyntaxKind.EqualsEqualsEqualsToken) return { subject, present: false };
    return undefined;
  }
  const subject = subjectOf(inner);
  return subject === undefined ? undefined : { subject, present: true };
}

/** `null` or `undefined`. */
export function isNullishLiteral(ts: TypeScript, expression: TS.Expression): boolean {
  const value = skipParens(ts, expression);
  return value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined');
}

/**
 * The text of a reference, so two mentions of it compare equal: `trx`, `options.trx`, `this.client`,
 * with `?.` read as `.`; `undefined` for any other expression.
 */
export function getReferenceText(ts: TypeScript, expression: TS.Expression): string | undefined {
  let root = skipParens(ts, expression);
  while (ts.isPropertyAccessExpression(root)) root = skipParens(ts, root.expression);
  if (!ts.isIdentifier(root) && root.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  return getComparableText(ts, expression);
}

/** An expression's text without whitespace and with `?.` read as `.`, so two mentions of it compare equal. */
export function getComparableText(ts: TypeScript, expression: TS.Expression): string {
  return skipParens(ts, expression).getText().replace(/\s+/g, '').replace(/\?\./g, '.');
}

/** `Object.assign(target, …)` returns its target: the target, for such a call. */
export function getObjectAssignTarget(ts: TypeScript, call: TS.Node): TS.Expression | undefined {
  if (!ts.isCallExpression(call) || call.arguments.length === 0) return undefined;
  const callee = skipParens(ts, call.expression);
  const isAssign =
    ts.isPropertyAccessExpression(callee) &&
    callee.name.text === 'assign' &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === 'Object';
  return isAssign ? call.arguments[0] : undefined;
}

/** The identifier a member chain starts from: `test.describe.only` → `test`. */
export function getRootIdentifier(ts: TypeScript, expression: TS.Expression): TS.Identifier | undefined {
  let root = skipParens(ts, expression);
  while (ts.isPropertyAccessExpression(root)) root = skipParens(ts, root.expression);
  return ts.isIdentifier(root) ? root : undefined;
}

export function skipParens(ts: TypeScript, node: TS.Expression): TS.Expression {
  let current = node;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
    else if (isIndirection(ts, current)) current = current.right;
    else return current;
  }
}

/** Helpers compiled `async` functions run their generator in: tsc's `__awaiter`, esbuild's `__async`, Babel's `_asyncToGenerator`. */
const ASYNC_HELPERS = new Set(['__awaiter', '__async', '_asyncToGenerator']);

/**
 * `yield x` in the generator a compiled `async` function runs in (`__awaiter(this, void 0, void 0,
 * function* () { const client = yield pool.connect(); … })`): an `await`.
 */
export function isAwaitingYield(ts: TypeScript, node: TS.Node): node is TS.YieldExpression & { readonly expression: TS.Expression } {
  if (!ts.isYieldExpression(node) || node.expression === undefined || node.asteriskToken !== undefined) return false;
  let fn: TS.Node | undefined = node.parent;
  while (fn !== undefined && !isFunctionWithBody(ts, fn)) fn = fn.parent;
  if (fn === undefined || !ts.isFunctionExpression(fn) || fn.asteriskToken === undefined) return false;
  let call: TS.Node = fn.parent;
  while (ts.isParenthesizedExpression(call)) call = call.parent;
  if (!ts.isCallExpression(call)) return false;
  const name = getCalleeName(ts, call.expression);
  return name !== undefined && ASYNC_HELPERS.has(name);
}

/**
 * `(0, pg_1.createPool)`: how tsc, Babel and esbuild call an imported function in CommonJS output (so
 * that it runs without `this`). Its value is the function itself.
 */
function isIndirection(ts: TypeScript, node: TS.Expression): node is TS.BinaryExpression {
  return (
    (getKindTables(ts)[node.kind] & BINARY) !== 0 &&
    (node as TS.BinaryExpression).operatorToken.kind === commaToken &&
    ts.isNumericLiteral((node as TS.BinaryExpression).left)
  );
}

/** The outermost parenthesized expression around `node` (`node` itself when it has none): where its value goes. */
export function climbParens(ts: TypeScript, node: TS.Node): TS.Node {
  let current = node;
  while (ts.isParenthesizedExpression(current.parent)) current = current.parent;
  return current;
}

/** Line (1-based) of a node's first token. */
export function getLine(node: TS.Node): number {
  const sourceFile = node.getSourceFile();
  return sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
}

export function hasModifier(ts: TypeScript, node: TS.Node, kind: TS.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((modifier) => modifier.kind === kind);
}

export function isAsyncFunction(ts: TypeScript, fn: TS.Node): boolean {
  return hasModifier(ts, fn, ts.SyntaxKind.AsyncKeyword);
}

/**
 * `active.add(client)` or `byRequest.set(id, session)` whose entry the same function deletes again
 * later (`active.delete(client)`, `byRequest.delete(id)`, typically in the `finally` that releases it),
 * or arranges to delete in a callback it passes on (`socket.on('close', () => { live.delete(id); … })`,
 * a per-connection registry): the collection holds it for its unit of work only, as a registry of
 * work in flight.
 */
export function isEntryRemovedLater(ts: TypeScript, call: TS.CallExpression): boolean {
  const callee = skipParens(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== 'add' && callee.name.text !== 'set')) return false;
  const key = call.arguments[0];
  const fn = getEnclosingFunction(ts, call);
  if (key === undefined || fn?.body === undefined) return false;
  const collection = getComparableText(ts, callee.expression);
  const entry = getComparableText(ts, key);
  const visit = (node: TS.Node): boolean => {
    if (isBoundary(ts, node)) return isFunctionWithBody(ts, node) && getCallOfArgument(ts, node) !== undefined && ts.forEachChild(node, visit) === true;
    if (ts.isCallExpression(node) && node.pos >= call.end && node.arguments.length === 1) {
      const removal = skipParens(ts, node.expression);
      if (
        ts.isPropertyAccessExpression(removal) &&
        removal.name.text === 'delete' &&
        getComparableText(ts, removal.expression) === collection &&
        getComparableText(ts, node.arguments[0]) === entry
      ) {
        return true;
      }
    }
    return ts.forEachChild(node, visit) === true;
  };
  return ts.forEachChild(fn.body, visit) === true;
}

/** Methods that add or remove a listener; they do not throw for a function argument. */
export const LISTENER_REGISTRATIONS = new Set([
  'on',
  'once',
  'addListener',
  'prependListener',
  'prependOnceListener',
  'addEventListener',
  'off',
  'removeListener',
  'removeEventListener',
  'removeAllListeners',
]);

/** The call `fn` is passed to as an argument, if it is one. */
export function getCallOfArgument(ts: TypeScript, fn: TS.Node): TS.CallExpression | TS.NewExpression | undefined {
  const current = climbParens(ts, fn);
  const parent = current.parent;
  return (ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(current as TS.Expression) === true
    ? parent
    : undefined;
}
