import type * as TS from 'typescript';

import { getSummarySlots, type AnalysisContext, type TypeScript } from './context.js';
import { classifyPresence, isFunctionWithBody, skipParens, type FunctionLike } from './flow/boundaries.js';
import { runsWithEnclosingCall } from './flow/iteration.js';
import { alwaysExits, isLazyInitialization } from './lazy-initialization.js';
import {
  getAcquisitionOrScoped,
  getFunctionName,
  resolveProjectFunction,
  type Acquisition,
  type ChainLink,
} from './resources.js';

/** One way a project function acquires a resource when it runs. */
export interface OpenSite {
  /** From this function down to the library call: each function and the call it makes. */
  readonly chain: readonly ChainLink[];
  /** The library acquisition at the end of the chain. */
  readonly acquisition: Acquisition;
  /** Index of this function's parameter that, when the caller supplies it, skips this acquisition. */
  readonly guard: number | undefined;
}

/** A session opener's facts: where it acquires, directly or through further project functions. */
export interface OpenerSummary {
  readonly sites: readonly OpenSite[];
}

const OPENER_KEY = Symbol('opener');
const EMPTY: OpenerSummary = { sites: [] };
const MAX_SITES = 8;

/**
 * Whether running `fn` acquires a catalog resource on some path: directly, through session factories,
 * or through further project functions to any depth (recursion is cut). Computed once per function
 * and cached for the program, so each call site costs a lookup.
 */
export function getOpenerSummary(context: AnalysisContext, fn: FunctionLike): OpenerSummary {
  const entry = getSummarySlots(context, fn);
  const cached = entry[OPENER_KEY] as OpenerSummary | undefined;
  if (cached !== undefined) return cached;
  entry[OPENER_KEY] = EMPTY;
  const summary = computeOpenerSummary(context, fn);
  entry[OPENER_KEY] = summary;
  return summary;
}

function computeOpenerSummary(context: AnalysisContext, fn: FunctionLike): OpenerSummary {
  const ts = context.ts;
  if (fn.body === undefined) return EMPTY;
  const name = getFunctionName(ts, fn);
  const parameters = getParameterIndexes(ts, fn);
  const sites: OpenSite[] = [];
  const visit = (node: TS.Node): void => {
    if (sites.length >= MAX_SITES) return;
    if (isFunctionWithBody(ts, node) && node !== fn) {
      // Callbacks passed to a call run with it (`xs.map(async (x) => pool.connect())`); other nested functions do not.
      if (!runsWithEnclosingCall(ts, node)) return;
    }
    if (ts.isClassLike(node)) return;
    // A lazy getter (`pool ??= createPool()`, `if (!client) client = createClient()`) opens once, not per call.
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && !isLazyInitialization(ts, fn, node)) {
      for (const site of getSitesOfCall(context, node, parameters)) {
        const guard = site.guard ?? findGuard(ts, fn, parameters, node);
        sites.push({ chain: [{ name, call: node }, ...site.chain], acquisition: site.acquisition, guard });
      }
    }
    ts.forEachChild(node, visit);
  };
  // Parameter defaults run on a call that omits them: `runner = ds.createQueryRunner()`.
  for (const parameter of fn.parameters) if (parameter.initializer !== undefined) visit(parameter.initializer);
  ts.forEachChild(fn.body, visit);
  return sites.length === 0 ? EMPTY : { sites };
}

/** The acquisitions a call performs, as seen from its caller: `guard` is the caller's parameter when passed through. */
function getSitesOfCall(
  context: AnalysisContext,
  node: TS.CallExpression | TS.NewExpression,
  callerParameters: ReadonlyMap<string, number>,
): { chain: readonly ChainLink[]; acquisition: Acquisition; guard: number | undefined }[] {
  const ts = context.ts;
  const direct = getAcquisitionOrScoped(context, node);
  if (direct !== undefined) return [{ chain: direct.chain.slice(0), acquisition: direct, guard: undefined }];
  if (!ts.isCallExpression(node)) return [];
  const callee = resolveProjectFunction(context, node);
  if (callee === undefined) return [];
  const found: { chain: readonly ChainLink[]; acquisition: Acquisition; guard: number | undefined }[] = [];
  for (const site of getOpenerSummary(context, callee).sites) {
    if (opensAt(site, node)) {
      found.push({ chain: site.chain, acquisition: site.acquisition, guard: undefined });
      continue;
    }
    // Passed straight through from the caller's own parameter: the caller is guarded by it in turn.
    const passed = getGuardParameter(ts, callerParameters, node.arguments[site.guard!]);
    if (passed !== undefined) found.push({ chain: site.chain, acquisition: site.acquisition, guard: passed });
  }
  return found;
}

/** Whether a call opens this site: its guard parameter is not supplied (missing or `undefined`). */
export function opensAt(site: OpenSite, call: TS.CallExpression): boolean {
  if (site.guard === undefined) return true;
  // A spread may supply the guard: `touch(...pair)` is not judged by position.
  for (const [index, argument] of call.arguments.entries()) {
    if (index > site.guard) break;
    if (argument.getText().startsWith('...')) return false;
  }
  const argument = call.arguments[site.guard];
  if (argument === undefined) return true;
  const text = argument.getText();
  return text === 'undefined' || text === 'void 0' || text === 'null';
}

function getParameterIndexes(ts: TypeScript, fn: FunctionLike): Map<string, number> {
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
function getGuardParameter(ts: TypeScript, parameters: ReadonlyMap<string, number>, expression: TS.Expression): number | undefined {
  let inner = skipParens(ts, expression);
  while (ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) inner = skipParens(ts, inner.expression);
  return ts.isIdentifier(inner) ? parameters.get(inner.text) : undefined;
}

/** 'held' when `test` is true exactly when the parameter is supplied, 'absent' when it is not. */
function classifyParameterTest(
  ts: TypeScript,
  parameters: ReadonlyMap<string, number>,
  test: TS.Expression,
): { index: number; when: 'absent' | 'held' } | undefined {
  const found = classifyPresence(ts, test, (operand) => getGuardParameter(ts, parameters, operand));
  return found === undefined ? undefined : { index: found.subject, when: found.present ? 'held' : 'absent' };
}

/**
 * The parameter that guards `node`: it runs only when that parameter is absent, as in
 * `runner ?? ds.createQueryRunner()`, `if (!runner) runner = …`, `runner ? … : acquire()`,
 * `if (runner) return …; …acquire…`, or a parameter default.
 */
function findGuard(ts: TypeScript, fn: FunctionLike, parameters: ReadonlyMap<string, number>, node: TS.Node): number | undefined {
  if (parameters.size === 0) return undefined;
  let child: TS.Node = node;
  for (let current = node.parent; current !== undefined && current !== fn; child = current, current = current.parent) {
    if (ts.isParameter(current) && current.initializer === child) return fn.parameters.indexOf(current);
    if (
      ts.isBinaryExpression(current) &&
      current.right === child &&
      (current.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
        current.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        current.operatorToken.kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
        current.operatorToken.kind === ts.SyntaxKind.BarBarEqualsToken)
    ) {
      const index = getGuardParameter(ts, parameters, current.left);
      if (index !== undefined) return index;
    }
    if (ts.isConditionalExpression(current) && child !== current.condition) {
      const test = classifyParameterTest(ts, parameters, current.condition);
      if (test !== undefined && (child === current.whenTrue) === (test.when === 'absent')) return test.index;
    }
    if (ts.isIfStatement(current) && child !== current.expression) {
      const test = classifyParameterTest(ts, parameters, current.expression);
      if (test !== undefined && (child === current.thenStatement) === (test.when === 'absent')) return test.index;
    }
    if (ts.isBlock(current) || ts.isSourceFile(current)) {
      // `if (runner) return …;` before the acquisition: the rest of the block runs only without it.
      for (const statement of current.statements) {
        if (statement === child) break;
        if (!ts.isIfStatement(statement) || statement.elseStatement !== undefined) continue;
        const test = classifyParameterTest(ts, parameters, statement.expression);
        if (test?.when === 'held' && alwaysExits(ts, statement.thenStatement)) return test.index;
      }
    }
  }
  return undefined;
}
