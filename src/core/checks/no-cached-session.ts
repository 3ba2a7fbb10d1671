import type * as TS from 'typescript';

import { DEFAULT_STALENESS, type Staleness } from '../catalog.js';
import type { AnalysisContext } from '../context.js';
import type { Finding } from '../findings.js';
import { TEST_SETUP_HOOKS } from '../flow/boundaries.js';
import { getAcquisition, getAcquisitionOrScoped, type Acquisition } from '../resources.js';
import { findStores, type Store } from '../stores.js';
import { getCallText } from './no-session-in-loop.js';

/** What goes stale, in production terms: the catalog entry's wording. */
function getStaleness(context: AnalysisContext, found: Acquisition): Staleness {
  return context.catalog.libraries.find((entry) => entry.library === found.library)?.staleness ?? DEFAULT_STALENESS;
}

const CACHED_KINDS = new Set<Store['kind']>(['global', 'module', 'singleton-field', 'static']);

/**
 * `no-cached-session` at one acquiring node: the session-kind resources it stores where they outlive
 * their unit of work (module scope, static members, globals, fields of singletons), one finding per
 * storing statement. Client-kind resources (pools, drivers, data sources) are meant to be shared.
 */
export function checkNoCachedSession(context: AnalysisContext, node: TS.Node): Finding[] {
  const ts = context.ts;
  // Cheapest first: only calls and `new` acquire.
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return [];
  // Callback-scoped ones too: a connection or transaction its callback stores outlives the scope.
  const found = getAcquisitionOrScoped(context, node);
  if (found === undefined || found.spec.kind !== 'session') return [];
  // `read ? driver.session(a) : driver.session()`: one store, reported once (for the first acquisition).
  if (hasEarlierAlternative(context, node)) return [];
  const staleness = getStaleness(context, found);
  return findStores(context, found)
    .filter((store) => CACHED_KINDS.has(store.kind) && !isInTestSetup(ts, store.statement))
    .map((store) => ({
      rule: 'no-cached-session',
      messageId: 'cachedSession',
      data: { resource: found.spec.resource, call: getCallText(ts, found.node), where: store.where, ...staleness },
      node: store.statement,
      library: found.library,
      kind: found.spec.kind,
      chain: found.chain,
      suggestions: [],
      ...(store.wholeProgram === true ? { wholeProgram: true } : {}),
    }));
}

function hasEarlierAlternative(context: AnalysisContext, node: TS.CallExpression | TS.NewExpression): boolean {
  const ts = context.ts;
  let current: TS.Node = node;
  while (
    ts.isParenthesizedExpression(current.parent) ||
    ts.isAwaitExpression(current.parent) ||
    ts.isConditionalExpression(current.parent) ||
    (ts.isBinaryExpression(current.parent) &&
      (current.parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || current.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken))
  ) {
    current = current.parent;
  }
  if (current === node) return false;
  const visit = (child: TS.Node): boolean => {
    if (child.end <= node.getStart() && (ts.isCallExpression(child) || ts.isNewExpression(child)) && getAcquisition(context, child)?.spec.kind === 'session') return true;
    return ts.forEachChild(child, visit) === true;
  };
  return visit(current);
}

/**
 * A store made in a test set-up hook (`beforeAll(async () => { session = driver.session(); })`):
 * the suite is its unit of work, and the matching `afterAll` ends it.
 */
function isInTestSetup(ts: AnalysisContext['ts'], node: TS.Node): boolean {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    const parent = current.parent;
    if (
      (ts.isArrowFunction(current) || ts.isFunctionExpression(current)) &&
      parent !== undefined &&
      ts.isCallExpression(parent) &&
      parent.arguments.includes(current)
    ) {
      const callee = parent.expression;
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
      if (name !== undefined && TEST_SETUP_HOOKS.has(name)) return true;
    }
  }
  return false;
}
