import type * as TS from 'typescript';

import { getSummarySlots, type AnalysisContext } from './context.js';
import { isFunctionWithBody, type FunctionLike } from './flow/boundaries.js';
import { runsWithEnclosingCall } from './flow/iteration.js';
import { createGuard, findGuard, getGuardParameter, getParameterIndexes, runsGuarded, type Guard } from './guards.js';
import { isLazyInitialization } from './lazy-initialization.js';
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
  /** This function's parameter the acquisition depends on: lent by the caller, or an opt-in flag. */
  readonly guard: Guard | undefined;
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
      for (const site of getSitesOfCall(context, node, fn, parameters)) {
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
  caller: FunctionLike,
  callerParameters: ReadonlyMap<string, number>,
): { chain: readonly ChainLink[]; acquisition: Acquisition; guard: Guard | undefined }[] {
  const ts = context.ts;
  const direct = getAcquisitionOrScoped(context, node);
  if (direct !== undefined) return [{ chain: direct.chain.slice(0), acquisition: direct, guard: undefined }];
  if (!ts.isCallExpression(node)) return [];
  const callee = resolveProjectFunction(context, node);
  if (callee === undefined) return [];
  const found: { chain: readonly ChainLink[]; acquisition: Acquisition; guard: Guard | undefined }[] = [];
  for (const site of getOpenerSummary(context, callee).sites) {
    // Passed straight through from the caller's own parameter: the caller is guarded by it in turn.
    const argument = site.guard === undefined ? undefined : node.arguments[site.guard.index];
    const passed = argument === undefined ? undefined : getGuardParameter(ts, callerParameters, argument);
    if (passed !== undefined) found.push({ chain: site.chain, acquisition: site.acquisition, guard: createGuard(ts, caller, passed, site.guard!.when) });
    else if (runsGuarded(ts, site.guard, node)) found.push({ chain: site.chain, acquisition: site.acquisition, guard: undefined });
  }
  return found;
}
