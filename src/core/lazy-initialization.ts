import type * as TS from 'typescript';

import type { TypeScript } from './context.js';
import { classifyPresence, climbParens, getComparableText, getEnclosingFunction, isFunctionWithBody, skipParens } from './flow/boundaries.js';
import { findLocalDeclaration } from './scope.js';

/**
 * Lazy initialization, read from syntax alone: a value computed only while the store that keeps it
 * is empty is computed once per store, not once per run of the code around it.
 */

/** Whether every path through `statement` ends in `return` or `throw`. */
export function alwaysExits(ts: TypeScript, statement: TS.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) return statement.statements.some((inner) => alwaysExits(ts, inner));
  if (ts.isIfStatement(statement)) {
    return statement.elseStatement !== undefined && alwaysExits(ts, statement.thenStatement) && alwaysExits(ts, statement.elseStatement);
  }
  return false;
}

/**
 * Whether `node`'s result is kept in a store that outlives `scope` (a function or a loop): a variable
 * declared outside it, a field of `this`, a class or an outer object, or an entry of such a `Map`, and
 * is only computed while that store is empty: `pool ??= createPool()`,
 * `cache.client || (cache.client = connect())`, `if (!client) client = createClient()`,
 * `if (this.runner) return this.runner; this.runner = …`, `if (!pools.has(k)) pools.set(k, new Pool())`,
 * `const hit = pools.get(k); if (hit) return hit; const pool = new Pool(); pools.set(k, pool)`,
 * `if (cached) return cached; const client = await connect(); cached = client; return client`.
 * Each later run of `scope` finds the stored value.
 */
export function isLazyInitialization(ts: TypeScript, scope: TS.Node, node: TS.Node): boolean {
  let current = node;
  while (
    ts.isAwaitExpression(current.parent) ||
    ts.isParenthesizedExpression(current.parent) ||
    ts.isAsExpression(current.parent) ||
    ts.isNonNullExpression(current.parent) ||
    ts.isSatisfiesExpression(current.parent)
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (ts.isBinaryExpression(parent) && parent.right === current && isOuterStore(ts, scope, parent.left)) {
    return isStoreAssignmentGuarded(ts, scope, parent);
  }
  // Into an entry of an outer map, directly or through a local variable (`pool = new Pool(); pools.set(k, pool)`).
  const entry = getOuterEntryStore(ts, scope, current);
  if (entry !== undefined) return isGuarded(ts, scope, current, (test) => testsEntryEmpty(ts, test, entry));
  // Into an outer store through a local variable: `if (cached) return cached; const c = …; cached = c; return c;`.
  const local = getInitializedLocal(ts, current);
  if (local === undefined) return false;
  const fn = getEnclosingFunction(ts, current) ?? current.getSourceFile();
  return (getLocalWrites(ts, fn).stores.get(local.text) ?? []).some(
    (store) => store.pos > current.end && isOuterStore(ts, scope, store.left) && isStoreAssignmentGuarded(ts, scope, store),
  );
}

/** The local `value` initialises or is assigned to: `pool` in `const pool = value` or `pool = value`. */
export function getInitializedLocal(ts: TypeScript, value: TS.Node): TS.Identifier | undefined {
  const parent = value.parent;
  if (ts.isVariableDeclaration(parent) && parent.initializer === value && ts.isIdentifier(parent.name)) return parent.name;
  if (ts.isBinaryExpression(parent) && parent.right === value && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(parent.left)) {
    return parent.left;
  }
  return undefined;
}

/** `store ??= acquire()`, `store || (store = acquire())`, or a plain assignment under a test that the store is empty. */
function isStoreAssignmentGuarded(ts: TypeScript, scope: TS.Node, assignment: TS.BinaryExpression): boolean {
  const operator = assignment.operatorToken.kind;
  if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) return true;
  if (operator !== ts.SyntaxKind.EqualsToken) return false;
  const target = getComparableText(ts, assignment.left);
  const outer = climbParens(ts, assignment);
  const parent = outer.parent;
  if (
    ts.isBinaryExpression(parent) &&
    parent.right === outer &&
    (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken) &&
    getComparableText(ts, parent.left) === target
  ) {
    return true;
  }
  return isGuarded(ts, scope, assignment, (test) => testsStoreEmpty(ts, test, target));
}

/**
 * `node` runs only while the store is empty: inside `if (empty) …` (or the `else` of `if (set)`), or
 * after an `if (set) return …;` earlier in an enclosing block. `testsEmpty` reads a test: `true` when
 * it holds exactly when the store is empty, `false` when it is set.
 */
function isGuarded(ts: TypeScript, scope: TS.Node, node: TS.Node, testsEmpty: (test: TS.Expression) => boolean | undefined): boolean {
  let child: TS.Node = node;
  for (let ancestor = node.parent; ancestor !== undefined && ancestor !== scope; child = ancestor, ancestor = ancestor.parent) {
    if (ts.isIfStatement(ancestor) && child === ancestor.thenStatement && testsEmpty(ancestor.expression) === true) return true;
    if (ts.isIfStatement(ancestor) && child === ancestor.elseStatement && testsEmpty(ancestor.expression) === false) return true;
    if (ts.isBlock(ancestor) || ts.isSourceFile(ancestor)) {
      for (const statement of ancestor.statements) {
        if (statement === child) break;
        if (ts.isIfStatement(statement) && statement.elseStatement === undefined && testsEmpty(statement.expression) === false && alwaysExits(ts, statement.thenStatement)) {
          return true;
        }
      }
    }
  }
  return false;
}

/** An entry of a keyed collection that outlives the scope: `pools` and the text of `key` in `pools.set(key, value)`. */
interface EntryStore {
  readonly collection: string;
  readonly key: string;
}

const ENTRY_WRITE = 'set';
const ENTRY_READ = 'get';
const ENTRY_TEST = 'has';

/**
 * The outer map entry `value` is stored into: `pools.set(k, value)`, or `pools.set(k, pool)` for a
 * local `pool` that `value` initialises or is assigned to, in the same function.
 */
function getOuterEntryStore(ts: TypeScript, scope: TS.Node, value: TS.Node): EntryStore | undefined {
  const direct = getEntryWrite(ts, scope, value);
  if (direct !== undefined) return direct;
  const local = getInitializedLocal(ts, value);
  if (local === undefined) return undefined;
  const fn = getEnclosingFunction(ts, value) ?? value.getSourceFile();
  for (const written of getLocalWrites(ts, fn).entries.get(local.text) ?? []) {
    if (written.pos <= value.end) continue;
    const found = getEntryWrite(ts, scope, written);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Where a function writes its locals: into map entries (`x` in `m.set(k, x)`) and by plain assignment (`cached = x`). */
export interface LocalWrites {
  readonly entries: ReadonlyMap<string, readonly TS.Identifier[]>;
  readonly stores: ReadonlyMap<string, readonly TS.AssignmentExpression<TS.EqualsToken>[]>;
}

const LOCAL_WRITES = new WeakMap<TS.Node, LocalWrites>();

/** The writes of a function's locals, by name: one walk per function, not per question. */
export function getLocalWrites(ts: TypeScript, fn: TS.Node): LocalWrites {
  const cached = LOCAL_WRITES.get(fn);
  if (cached !== undefined) return cached;
  const entries = new Map<string, TS.Identifier[]>();
  const stores = new Map<string, TS.AssignmentExpression<TS.EqualsToken>[]>();
  const add = <T>(map: Map<string, T[]>, name: string, item: T): void => {
    const list = map.get(name);
    if (list === undefined) map.set(name, [item]);
    else list.push(item);
  };
  const visit = (node: TS.Node): void => {
    if ((isFunctionWithBody(ts, node) && node !== fn) || ts.isClassLike(node)) return;
    if (ts.isCallExpression(node) && node.arguments.length === 2 && ts.isIdentifier(node.arguments[1])) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === ENTRY_WRITE) add(entries, node.arguments[1].text, node.arguments[1]);
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.right)) {
      add(stores, node.right.text, node as TS.AssignmentExpression<TS.EqualsToken>);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  const writes = { entries, stores };
  LOCAL_WRITES.set(fn, writes);
  return writes;
}

/** `collection.set(key, value)` on an outer collection, with `value` the second argument. */
function getEntryWrite(ts: TypeScript, scope: TS.Node, value: TS.Node): EntryStore | undefined {
  const call = value.parent;
  if (!ts.isCallExpression(call) || call.arguments[1] !== value) return undefined;
  const callee = skipParens(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== ENTRY_WRITE || !isOuterStore(ts, scope, callee.expression)) return undefined;
  return { collection: getComparableText(ts, callee.expression), key: getComparableText(ts, call.arguments[0]) };
}

/**
 * Whether a test says the entry is empty (`true`: `!pools.has(k)`, `!pools.get(k)`, `!hit` for a
 * `const hit = pools.get(k)`) or set (`false`).
 */
function testsEntryEmpty(ts: TypeScript, test: TS.Expression, entry: EntryStore): boolean | undefined {
  const readsEntry = (expression: TS.Expression, methods: readonly string[]): boolean => {
    const call = skipParens(ts, expression);
    if (!ts.isCallExpression(call) || call.arguments.length === 0) return false;
    const callee = skipParens(ts, call.expression);
    return (
      ts.isPropertyAccessExpression(callee) &&
      methods.includes(callee.name.text) &&
      getComparableText(ts, callee.expression) === entry.collection &&
      getComparableText(ts, call.arguments[0]) === entry.key
    );
  };
  const found = classifyPresence(ts, test, (operand) => {
    if (readsEntry(operand, [ENTRY_READ, ENTRY_TEST])) return true;
    const inner = skipParens(ts, operand);
    if (!ts.isIdentifier(inner)) return undefined;
    // `const hit = pools.get(k)`: a local read from the entry.
    const declaration = findLocalDeclaration(ts, inner.text, inner);
    return declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && readsEntry(declaration.initializer, [ENTRY_READ])
      ? true
      : undefined;
  });
  return found === undefined ? undefined : !found.present;
}

function isOuterStore(ts: TypeScript, scope: TS.Node, target: TS.Expression): boolean {
  let root = skipParens(ts, target);
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = skipParens(ts, root.expression);
  if (root.kind === ts.SyntaxKind.ThisKeyword) return root !== skipParens(ts, target);
  if (!ts.isIdentifier(root)) return false;
  const declaration = findLocalDeclaration(ts, root.text, root);
  return declaration === undefined || declaration.pos < scope.pos || declaration.end > scope.end;
}

/**
 * `true` when `test` holds exactly when the store is empty (`!store`, `store == null`), `false` when it
 * is set. A keyed store (`instances[alias]`) is also set when its key is there: `alias in instances`,
 * `Object.hasOwn(instances, alias)`, `instances.hasOwnProperty(alias)`,
 * `Object.prototype.hasOwnProperty.call(instances, alias)`.
 */
function testsStoreEmpty(ts: TypeScript, test: TS.Expression, target: string): boolean | undefined {
  const found = classifyPresence(ts, test, (operand) => (getComparableText(ts, operand) === target || getOwnKeyTested(ts, operand) === target ? true : undefined));
  return found === undefined ? undefined : !found.present;
}

/** The entry an own-key test asks about, as `collection[key]` text: `k in c`, `Object.hasOwn(c, k)`, `c.hasOwnProperty(k)`. */
function getOwnKeyTested(ts: TypeScript, test: TS.Expression): string | undefined {
  const inner = skipParens(ts, test);
  const entry = (collection: TS.Expression, key: TS.Expression): string => `${getComparableText(ts, collection)}[${getComparableText(ts, key)}]`;
  if (ts.isBinaryExpression(inner)) return inner.operatorToken.kind === ts.SyntaxKind.InKeyword ? entry(inner.right, inner.left) : undefined;
  if (!ts.isCallExpression(inner)) return undefined;
  const callee = skipParens(ts, inner.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const [first, second] = inner.arguments;
  const method = callee.name.text;
  if (method === 'hasOwnProperty' && inner.arguments.length === 1) return entry(callee.expression, first);
  const receiver = getComparableText(ts, callee.expression);
  if (method === 'hasOwn' && receiver === 'Object' && second !== undefined) return entry(first, second);
  if (method === 'call' && receiver === 'Object.prototype.hasOwnProperty' && second !== undefined) return entry(first, second);
  return undefined;
}
