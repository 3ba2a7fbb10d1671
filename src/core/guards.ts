import type * as TS from 'typescript';

import type { TypeScript } from './context.js';
import { classifyPresence, skipParens, type FunctionLike } from './flow/boundaries.js';
import { alwaysExits } from './lazy-initialization.js';

/**
 * A parameter an acquisition depends on. `absent`: it runs only when the caller leaves the parameter
 * out (`runner ?? ds.createQueryRunner()`, `if (!client) client = await pool.connect()`, a parameter
 * default), so a caller that supplies one lends it. `held`: it runs only when the parameter is set
 * (`if (autoGen) return sequelize.transaction()`), so a caller that leaves it out opens nothing.
 */
export interface Guard {
  readonly index: number;
  readonly when: 'absent' | 'held';
  /** Leaving the argument out leaves the parameter unset: no default, or a falsy literal one (`autoGen = false`). */
  readonly unsetWhenOmitted: boolean;
  /** The test reads the parameter itself (`lent ?? …`), not a property of it (`options.pool ?? …`). */
  readonly direct: boolean;
}

/** Parameters by name, with their index; the names an options pattern binds (`{ runner }: Options`) too. */
export function getParameterIndexes(ts: TypeScript, fn: FunctionLike): Map<string, number> {
  const indexes = new Map<string, number>();
  fn.parameters.forEach((parameter, index) => {
    if (ts.isIdentifier(parameter.name)) indexes.set(parameter.name.text, index);
    else if (ts.isObjectBindingPattern(parameter.name)) {
      // `{ runner }: Options`: supplying the options object lends the runner.
      for (const element of parameter.name.elements) if (ts.isIdentifier(element.name)) indexes.set(element.name.text, index);
    }
  });
  return indexes;
}

/** The parameter (by index) whose root a guard expression reads: `runner`, `opts.runner`, `opts?.runner`. */
export function getGuardParameter(ts: TypeScript, parameters: ReadonlyMap<string, number>, expression: TS.Expression): number | undefined {
  return getGuardTarget(ts, parameters, expression)?.index;
}

/** The same, and whether the expression is the parameter itself. */
function getGuardTarget(ts: TypeScript, parameters: ReadonlyMap<string, number>, expression: TS.Expression): { index: number; direct: boolean } | undefined {
  const start = skipParens(ts, expression);
  let inner = start;
  while (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) inner = skipParens(ts, inner.expression);
  const index = ts.isIdentifier(inner) ? parameters.get(inner.text) : undefined;
  return index === undefined ? undefined : { index, direct: inner === start };
}

/** A guard on parameter `index` of `fn`. */
export function createGuard(ts: TypeScript, fn: FunctionLike, index: number, when: Guard['when'], direct = false): Guard {
  const initializer = fn.parameters[index]?.initializer;
  return { index, when, unsetWhenOmitted: initializer === undefined || isFalsyLiteral(ts, initializer), direct };
}

/** 'held' when `test` is true exactly when the parameter is supplied, 'absent' when it is not. */
function classifyParameterTest(
  ts: TypeScript,
  parameters: ReadonlyMap<string, number>,
  test: TS.Expression,
): { index: number; direct: boolean; when: 'absent' | 'held' } | undefined {
  const found = classifyPresence(ts, test, (operand) => getGuardTarget(ts, parameters, operand));
  return found === undefined ? undefined : { ...found.subject, when: found.present ? 'held' : 'absent' };
}

const OPPOSITE = { absent: 'held', held: 'absent' } as const;

/**
 * The parameter `node` depends on, the nearest one walking out to `fn`: `node` runs only when it is
 * absent (`runner ?? acquire()`, `if (!runner) runner = …`, `runner ? … : acquire()`, `if (runner) return …;`
 * before it, a parameter default) or only when it is held (`withTransaction && acquire()`,
 * `if (autoGen) return acquire()`, `if (!autoGen) return null;` before it).
 */
export function findGuard(ts: TypeScript, fn: FunctionLike, parameters: ReadonlyMap<string, number>, node: TS.Node): Guard | undefined {
  if (parameters.size === 0) return undefined;
  const guard = (index: number, when: Guard['when'], direct: boolean): Guard => createGuard(ts, fn, index, when, direct);
  let child: TS.Node = node;
  for (let current = node.parent; current !== undefined && current !== fn; child = current, current = current.parent) {
    if (ts.isParameter(current) && current.initializer === child) return guard(fn.parameters.indexOf(current), 'absent', true);
    if (ts.isBinaryExpression(current) && current.right === child) {
      const operator = current.operatorToken.kind;
      const when =
        operator === ts.SyntaxKind.QuestionQuestionToken ||
        operator === ts.SyntaxKind.BarBarToken ||
        operator === ts.SyntaxKind.QuestionQuestionEqualsToken ||
        operator === ts.SyntaxKind.BarBarEqualsToken
          ? 'absent'
          : operator === ts.SyntaxKind.AmpersandAmpersandToken
            ? 'held'
            : undefined;
      const target = when === undefined ? undefined : getGuardTarget(ts, parameters, current.left);
      if (target !== undefined && when !== undefined) return guard(target.index, when, target.direct);
    }
    if (ts.isConditionalExpression(current) && child !== current.condition) {
      const test = classifyParameterTest(ts, parameters, current.condition);
      if (test !== undefined) return guard(test.index, child === current.whenTrue ? test.when : OPPOSITE[test.when], test.direct);
    }
    if (ts.isIfStatement(current) && child !== current.expression) {
      const test = classifyParameterTest(ts, parameters, current.expression);
      if (test !== undefined) return guard(test.index, child === current.thenStatement ? test.when : OPPOSITE[test.when], test.direct);
    }
    if (ts.isBlock(current) || ts.isSourceFile(current)) {
      // `if (runner) return …;` before the acquisition: the rest of the block runs only without it.
      for (const statement of current.statements) {
        if (statement === child) break;
        if (!ts.isIfStatement(statement) || statement.elseStatement !== undefined) continue;
        const test = classifyParameterTest(ts, parameters, statement.expression);
        if (test !== undefined && alwaysExits(ts, statement.thenStatement)) return guard(test.index, OPPOSITE[test.when], test.direct);
      }
    }
  }
  return undefined;
}

/**
 * Whether a call runs what `guard` guards: an `absent` guard when its argument is left out or is
 * `undefined`, `void 0` or `null` (anything else supplied lends it); a `held` guard unless its argument
 * is a falsy literal, or is left out and the parameter's default leaves it unset. A spread argument
 * may supply the guard: the call is not judged by position.
 */
export function runsGuarded(ts: TypeScript, guard: Guard | undefined, call: TS.CallExpression): boolean {
  if (guard === undefined) return true;
  for (const [index, argument] of call.arguments.entries()) {
    if (index > guard.index) break;
    if (ts.isSpreadElement(argument)) return guard.when === 'held';
  }
  const argument = call.arguments[guard.index];
  const omitted = argument === undefined || isUndefinedLiteral(ts, argument);
  if (guard.when === 'absent') return omitted || skipParens(ts, argument).kind === ts.SyntaxKind.NullKeyword;
  return omitted ? !guard.unsetWhenOmitted : !isFalsyLiteral(ts, argument);
}

/**
 * The same for a function called with only its first `supplied` arguments, each of unknown value
 * (`ids.map(loadAccount)` supplies the element, index and array).
 */
export function runsGuardedWith(guard: Guard | undefined, supplied: number): boolean {
  if (guard === undefined) return true;
  if (guard.index >= supplied) return guard.when === 'absent' || !guard.unsetWhenOmitted;
  return guard.when === 'held';
}

function isUndefinedLiteral(ts: TypeScript, expression: TS.Expression): boolean {
  const inner = skipParens(ts, expression);
  return (ts.isIdentifier(inner) && inner.text === 'undefined') || ts.isVoidExpression(inner);
}

/** `false`, `null`, `undefined`, `void 0`, `0`, `''`. */
function isFalsyLiteral(ts: TypeScript, expression: TS.Expression): boolean {
  const inner = skipParens(ts, expression);
  return (
    inner.kind === ts.SyntaxKind.FalseKeyword ||
    inner.kind === ts.SyntaxKind.NullKeyword ||
    isUndefinedLiteral(ts, inner) ||
    (ts.isNumericLiteral(inner) && Number(inner.text) === 0) ||
    (ts.isStringLiteralLike(inner) && inner.text === '')
  );
}
