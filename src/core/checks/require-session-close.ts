import type * as TS from 'typescript';

import type { AnalysisContext, TypeScript } from '../context.js';
import type { Finding, SuggestionFix, TextEdit } from '../findings.js';
import {
  classifyPresence,
  climbParens,
  getCalleeName,
  isAwaitingYield,
  getCallOfArgument,
  getEnclosingFunction,
  getLine,
  getReferenceText,
  getRootIdentifier,
  getStaticName,
  isNullishLiteral,
  isAsyncFunction,
  isBoundary,
  isFunctionWithBody,
  isSuiteBody,
  skipOuterExpressions,
  TEST_SETUP_HOOKS,
  skipParens,
  type FunctionLike,
} from '../flow/boundaries.js';
import { getIteration } from '../flow/iteration.js';
import { findLeakingExits, HELD, type LeakingPaths, type PathExit } from '../flow/release-paths.js';
import type { MessageId } from '../messages.js';
import {
  collectAliases,
  containsRelease,
  createReleaseQuestions,
  findRejectionOnlyRelease,
  findUseBeforeRelease,
  isFulfilmentHandler,
  type TrackedResource,
} from '../ownership.js';
import { findLocalDeclaration } from '../scope.js';
import { getAcquisition, getAcquisitionOrScoped, getAssignedValues, type Acquisition } from '../resources.js';
import { classReleasesField, climbValue, findStores, isBorrowingConstructor, releasesThrough } from '../stores.js';
import { getInitializedLocal, getLocalWrites } from '../lazy-initialization.js';

/** Methods that return the object they are called on (or a promise of it). */
const FLUENT_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'setMaxListeners', 'connect', 'asPromise', 'initialize']);

type Use =
  | { readonly kind: 'bound'; readonly name: string; readonly statement: TS.Statement | undefined; readonly declaration?: TS.VariableDeclaration }
  | { readonly kind: 'callback'; readonly name: string; readonly callback: FunctionLike }
  | { readonly kind: 'discarded' }
  | { readonly kind: 'settled' };

/**
 * `require-session-close` at one node: when `node` acquires a resource inside a function and some
 * path from the acquisition to the end of that function (exceptions included) neither releases it
 * nor hands it off, the finding says which path leaks and what to do.
 */
export function checkRequireSessionClose(context: AnalysisContext, node: TS.Node): Finding | undefined {
  const ts = context.ts;
  // Cheapest first: only calls and `new` acquire.
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return undefined;
  const found = getAcquisition(context, node);
  if (found === undefined) return checkCallbackResource(context, node);
  // Nothing to release (a forked entity manager) is nothing to require.
  if (found.spec.release.length === 0 && (found.spec.releaseWith ?? []).length === 0) return undefined;
  if (isSecondBranchTwin(context, found)) return undefined;
  // A session an ordinary class keeps in an instance field is the class's to release.
  const owned = checkOwningField(context, found);
  if (owned !== undefined) return owned;
  // One a set-up hook keeps in a variable of the suite is the suite's teardown's to release.
  const hooked = checkSetupHookStore(context, found);
  if (hooked !== undefined) return hooked === 'released' ? undefined : hooked;
  const owner = getEnclosingFunction(ts, node);
  // Module-level clients and class field initialisers are not function-scoped acquisitions.
  if (owner?.body === undefined) return undefined;
  const use = found.spec.receiverIsResource === true ? getReceiverUse(ts, found, owner) : getUse(context, found, owner);
  if (use.kind === 'settled') return undefined;
  const walked = use.kind === 'callback' ? use.callback : owner;
  if (use.kind === 'discarded') {
    if (isClosedWithParent(context, getParents(context, found).parents, node, owner)) return undefined;
    const texts = getReleaseTexts(ts, found, owner, '');
    return createFinding(context, found, 'discarded', texts, []);
  }
  const names = new Set([use.name]);
  collectAliases(ts, walked, names);
  let tracked = createTracked(context, found, walked, names, use.kind === 'callback' ? undefined : node);
  // Only for the library call itself: what a session factory returns, it has set up (`connectWithRetry()`).
  if (found.spec.heldFrom !== undefined && use.kind === 'bound' && found.chain.length === 0) {
    // `new Client()` opens nothing until `client.connect()`: nothing is held when it is never set up
    // nor passed on (made only to read its settings), and a throw before its set-up leaves nothing behind.
    const setUp = findSetUps(ts, walked, names, found.spec.heldFrom, node);
    const passed = setUp.length === 0 ? findPassedOn(ts, walked, names, node) : undefined;
    if (setUp.length === 0 && passed === undefined) return undefined;
    // Set up here, it is held from that call on; set up only by whatever it is passed to
    // (`runWith(client)`, where `runWith` connects it), from there on.
    const direct = setUp.find((call) => getEnclosingFunction(ts, call) === walked) ?? passed;
    if (direct !== undefined) tracked = { ...tracked, heldFrom: direct };
  }
  if (isClosedWithParent(context, tracked.parents, node, owner)) return undefined;
  const questions = createReleaseQuestions(context, tracked);
  const paths = findLeakingExits(ts, walked.body!, questions, use.kind === 'callback' ? HELD : undefined);
  if (paths.exits.length === 0) return undefined;
  return describeLeak(context, found, tracked, use, paths);
}

const NO_METHODS: ReadonlySet<string> = new Set();

/**
 * `url ? new Sequelize(url, options) : new Sequelize(options)`: both branches acquire the same kind of
 * resource into one value, whose paths are the same. Judged once, on the first branch.
 */
function isSecondBranchTwin(context: AnalysisContext, found: Acquisition): boolean {
  const ts = context.ts;
  let value: TS.Node = found.node;
  while (ts.isParenthesizedExpression(value.parent) || ts.isAwaitExpression(value.parent)) value = value.parent;
  const conditional = value.parent;
  if (!ts.isConditionalExpression(conditional) || conditional.whenFalse !== value) return false;
  let other = skipParens(ts, conditional.whenTrue);
  while (ts.isAwaitExpression(other)) other = skipParens(ts, other.expression);
  const twin = getAcquisition(context, other);
  return twin !== undefined && twin.spec.resource === found.spec.resource && twin.spec.release[0] === found.spec.release[0];
}

/**
 * The calls of one of `methods` that set the resource up (`client.connect()`, also in a hook or callback,
 * or chained on the acquisition: `new Client().connect()`), in source order.
 */
function findSetUps(ts: TypeScript, fn: FunctionLike, names: ReadonlySet<string>, methods: readonly string[], acquisition: TS.Node): TS.CallExpression[] {
  const found: TS.CallExpression[] = [];
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = skipParens(ts, node.expression);
      const receiver = ts.isPropertyAccessExpression(callee) ? skipOuterExpressions(ts, callee.expression) : undefined;
      if (
        receiver !== undefined &&
        methods.includes((callee as TS.PropertyAccessExpression).name.text) &&
        ((ts.isIdentifier(receiver) && names.has(receiver.text)) || receiver === acquisition)
      ) {
        found.push(node);
      }
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body !== undefined) ts.forEachChild(fn.body, visit);
  return found;
}

/**
 * The first use of the resource's name after its acquisition other than as the receiver of a property
 * (`client.database`, `client.escapeIdentifier(s)`); a property's own name (`config.client`) is not one.
 */
function findPassedOn(ts: TypeScript, fn: FunctionLike, names: ReadonlySet<string>, acquisition: TS.Node): TS.Identifier | undefined {
  const visit = (node: TS.Node): TS.Identifier | undefined => {
    if (node.end <= acquisition.end) return undefined;
    if (ts.isIdentifier(node) && names.has(node.text)) {
      const parent = climbParens(ts, node).parent;
      const declared = ts.isVariableDeclaration(parent) && parent.name === node;
      const isName = (ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent)) && parent.name === node;
      const isReceiver = ts.isPropertyAccessExpression(parent) && parent.expression === climbParens(ts, node);
      return declared || isName || isReceiver || node.pos < acquisition.end ? undefined : node;
    }
    return ts.forEachChild(node, visit);
  };
  return fn.body === undefined ? undefined : ts.forEachChild(fn.body, visit);
}

/**
 * Whether closing a parent settles the resource: opened from a parent declared with `using` /
 * `await using`, or from a fixture the test runner closes after each test; or from a browser (context)
 * this function opened, whose own finding covers both, unless pages pile up per loop iteration while
 * the browser lives on.
 */
function isClosedWithParent(context: AnalysisContext, parents: ReadonlySet<string>, node: TS.Node, owner: FunctionLike): boolean {
  const ts = context.ts;
  if ([...parents].some((parent) => isDisposedVariable(ts, parent, node) || isPerTestFixture(context, parent, node))) return true;
  return [...parents].some((parent) => isLocalAcquisition(context, parent, node, owner)) && getIteration(ts, node, NO_METHODS) === undefined;
}

/**
 * A callback-scoped acquisition whose callback is handed the resource to release
 * (`pool.getConnection((err, conn) => { … })`, `pool.connect((err, client, done) => { … })`): the
 * callback's paths are walked from "held", the error parameter, when set, means nothing was handed
 * over, and a release-function parameter (`done`) releases it when called or passed on.
 */
function checkCallbackResource(context: AnalysisContext, node: TS.CallExpression | TS.NewExpression): Finding | undefined {
  const ts = context.ts;
  const scoped = getAcquisitionOrScoped(context, node);
  const index = scoped?.spec.callbackResource;
  if (scoped === undefined || index === undefined || !ts.isCallExpression(node)) return undefined;
  const callback = node.arguments
    .map((argument) => skipParens(ts, argument))
    .find((argument): argument is TS.ArrowFunction | TS.FunctionExpression => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument));
  if (callback === undefined) return undefined;
  const resource = callback.parameters[index];
  if (resource === undefined || !ts.isIdentifier(resource.name)) return undefined;
  const error = callback.parameters[0];
  const names = new Set([resource.name.text]);
  collectAliases(ts, callback, names);
  const releaseIndex = scoped.spec.callbackRelease;
  const release = releaseIndex === undefined ? undefined : callback.parameters[releaseIndex];
  const tracked: TrackedResource = {
    ...createTracked(context, scoped, callback, names, undefined),
    absentWhen: new Set(error !== undefined && ts.isIdentifier(error.name) ? [error.name.text] : []),
    releaseFunctions: new Set(release !== undefined && ts.isIdentifier(release.name) ? [release.name.text] : []),
  };
  const paths = findLeakingExits(ts, callback.body, createReleaseQuestions(context, tracked), HELD);
  if (paths.exits.length === 0) return undefined;
  return describeLeak(context, scoped, tracked, { kind: 'callback', name: resource.name.text, callback }, paths);
}

/**
 * `name` is declared in `owner` and initialised with an acquisition (`const browser = await chromium.launch()`),
 * or is the resource an acquisition's `then` hands its callback (`chromium.launch().then(async (browser) => …)`).
 */
function isLocalAcquisition(context: AnalysisContext, name: string, location: TS.Node, owner: FunctionLike): boolean {
  const ts = context.ts;
  const declaration = findLocalDeclaration(ts, name, location);
  const isAcquired = (value: TS.Expression): boolean => {
    const inner = skipOuterExpressions(ts, value);
    // `ws ? await puppeteer.connect(…) : await puppeteer.launch()`: either branch opens it here.
    if (ts.isConditionalExpression(inner)) return isAcquired(inner.whenTrue) || isAcquired(inner.whenFalse);
    return getAcquisition(context, inner) !== undefined;
  };
  const inOwner = declaration !== undefined && declaration.pos >= owner.pos && declaration.end <= owner.end;
  if (inOwner && ts.isParameter(declaration)) {
    const opened = getThenReceiver(ts, declaration);
    return opened !== undefined && getAcquisition(context, skipOuterExpressions(ts, opened)) !== undefined;
  }
  // `let browser = null;` starts empty: what it is given later is what counts.
  if (inOwner && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined && !isNullishLiteral(ts, declaration.initializer)) {
    return isAcquired(declaration.initializer);
  }
  if (declaration !== undefined && !ts.isVariableDeclaration(declaration)) return false;
  // Assigned here before `location`, to a local declared without a value (`let browser; browser = await launch()`,
  // on each branch) or to a module variable the function keeps it in (`browser = await chromium.launch()`).
  return getAssignedValues(ts, owner, name, declaration).some((value) => value.end <= location.pos && isAcquired(value));
}

/** For the first parameter of `x.then((parameter) => …)`'s callback, `x`. */
function getThenReceiver(ts: TypeScript, parameter: TS.ParameterDeclaration): TS.Expression | undefined {
  const callback = parameter.parent;
  if (callback.parameters[0] !== parameter) return undefined;
  const call = getCallOfArgument(ts, callback);
  if (call === undefined || !isFulfilmentHandler(ts, call, callback)) return undefined;
  return (skipParens(ts, call.expression) as TS.PropertyAccessExpression).expression;
}

/**
 * `name` is a per-test fixture destructured from a test's (or hook's) first parameter, which the runner
 * closes after the test: `test('…', async ({ context }) => { const page = await context.newPage(); … })`.
 */
function isPerTestFixture(context: AnalysisContext, name: string, location: TS.Node): boolean {
  const ts = context.ts;
  const declaration = findLocalDeclaration(ts, name, location);
  if (declaration === undefined || !ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent)) return false;
  const parameter = declaration.parent.parent;
  if (!ts.isParameter(parameter) || !isFunctionWithBody(ts, parameter.parent) || parameter.parent.parameters[0] !== parameter) return false;
  const fixture = declaration.propertyName === undefined ? name : getStaticName(ts, declaration.propertyName);
  const call = getCallOfArgument(ts, parameter.parent);
  if (call === undefined || !ts.isCallExpression(call)) return false;
  const runner = getRootIdentifier(ts, call.expression)?.text;
  return context.catalog.testFixtures.some(
    (protocol) => fixture !== undefined && runner !== undefined && protocol.perTest.includes(fixture) && protocol.testCalls.includes(runner),
  );
}

function isDisposedVariable(ts: TypeScript, name: string, location: TS.Node): boolean {
  const declaration = findLocalDeclaration(ts, name, location);
  return (
    declaration !== undefined &&
    ts.isVariableDeclaration(declaration) &&
    ts.isVariableDeclarationList(declaration.parent) &&
    (declaration.parent.flags & ts.NodeFlags.Using) !== 0
  );
}

function checkOwningField(context: AnalysisContext, found: Acquisition): Finding | undefined {
  // One only its pool takes back (generic-pool) is the pool's business, not a field's.
  if (found.spec.kind !== 'session' || found.spec.release.length === 0) return undefined;
  for (const store of findStores(context, found)) {
    // A singleton known only to the whole-program pass is still judged here, so ESLint's findings stay a subset.
    const isOwned = store.kind === 'instance-field' || store.wholeProgram === true;
    if (!isOwned || store.classNode === undefined || store.field === undefined) continue;
    if (classReleasesField(context, store.classNode, store.field, new Set(found.spec.release), store.isCollection === true)) continue;
    if (isClosedWithParentField(context, found, store.classNode)) continue;
    return {
      rule: 'require-session-close',
      messageId: store.isCollection === true ? 'collectionNeverReleased' : 'fieldNeverReleased',
      data: {
        resource: found.spec.resource,
        where: store.where,
        className: store.classNode.name?.text ?? '(anonymous class)',
        field: store.field,
        release: found.spec.release[0],
      },
      node: store.statement,
      library: found.library,
      kind: found.spec.kind,
      chain: found.chain,
      suggestions: [],
    };
  }
  return undefined;
}

/**
 * Opened from a parent the class keeps in a field of its own and releases (`this.page = await
 * this.context.newPage()` in a class whose `close()` closes `this.context`): closing the parent closes it.
 */
function isClosedWithParentField(context: AnalysisContext, found: Acquisition, classNode: TS.ClassLikeDeclaration): boolean {
  const ts = context.ts;
  if (found.spec.closedWithParent !== true || !ts.isCallExpression(found.node)) return false;
  const callee = skipParens(ts, found.node.expression);
  const receiver = ts.isPropertyAccessExpression(callee) ? skipOuterExpressions(ts, callee.expression) : undefined;
  if (receiver === undefined || !ts.isPropertyAccessExpression(receiver) || receiver.expression.kind !== ts.SyntaxKind.ThisKeyword) return false;
  const { parentRelease } = getParents(context, found);
  return classReleasesField(context, classNode, receiver.name.text, parentRelease);
}

/**
 * A resource a set-up hook stores in a variable of its suite (`let client; beforeEach(async () => {
 * client = await pool.connect(); })`): released when some code of the suite, a teardown hook as a
 * rule, releases that variable (`'released'`); otherwise a finding at the acquisition. `undefined`
 * when the acquisition is not such a store.
 */
function checkSetupHookStore(context: AnalysisContext, found: Acquisition): Finding | 'released' | undefined {
  const ts = context.ts;
  const owner = getEnclosingFunction(ts, found.node);
  const hookCall = owner === undefined ? undefined : getCallOfArgument(ts, owner);
  const hook = hookCall === undefined ? undefined : getCalleeName(ts, hookCall.expression);
  if (owner === undefined || hookCall === undefined || hook === undefined || !TEST_SETUP_HOOKS.has(hook)) return undefined;
  // Closing the parent closes it too (a page of the suite's browser): left to the usual walk.
  if (found.spec.closedWithParent === true) return undefined;
  const name = getSuiteVariable(ts, found.node, owner);
  if (name === undefined) return undefined;
  let statement: TS.Node = hookCall;
  while (!ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent)) {
    if (isFunctionWithBody(ts, statement.parent)) return undefined;
    statement = statement.parent;
  }
  const suite = statement.parent as TS.Block | TS.SourceFile;
  const release = new Set(found.spec.release);
  const releaseWith = new Set(found.spec.releaseWith ?? []);
  const isVariable = (expression: TS.Expression): boolean => isNamed(ts, expression, name);
  const releases = (node: TS.Node): boolean => {
    if (ts.isCallExpression(node)) {
      // `client.release()`, or `closeRunner(qr)` with a closer.
      if (releasesThrough(context, node, release, isVariable)) return true;
      // `pool.release(resource)`, `pool.releaseConnection(conn)`.
      const callee = skipParens(ts, node.expression);
      if (ts.isPropertyAccessExpression(callee) && (release.has(callee.name.text) || releaseWith.has(callee.name.text))) {
        if (isVariable(callee.expression) || node.arguments.some(isVariable)) return true;
      }
    }
    return ts.forEachChild(node, releases) === true;
  };
  // Any code of the suite but its set-up hooks: teardown hooks, tests, local helpers.
  const isSetup = (node: TS.Node): boolean => {
    const expression = ts.isExpressionStatement(node) ? skipParens(ts, node.expression) : undefined;
    return expression !== undefined && ts.isCallExpression(expression) && TEST_SETUP_HOOKS.has(getCalleeName(ts, expression.expression) ?? '');
  };
  if (suite.statements.some((candidate) => !isSetup(candidate) && releases(candidate))) return 'released';
  const teardown = hook === 'beforeEach' ? 'afterEach' : 'afterAll';
  const releaseCall = `${found.spec.syncRelease === true ? '' : 'await '}${getReleaseCall(context.ts, found, name).text}`;
  return createFinding(context, found, 'hookNeverReleased', { name, hook, teardown, releaseCall }, []);
}

/** The variable of the suite the hook stores the acquisition in: `client = await pool.connect()`, directly or through a local. */
function getSuiteVariable(ts: TypeScript, acquisition: TS.Node, hook: FunctionLike): string | undefined {
  const local = getInitializedLocal(ts, climbValue(ts, acquisition));
  if (local === undefined) return undefined;
  if (isDeclaredOutside(ts, local, hook)) return local.text;
  for (const store of getLocalWrites(ts, hook).stores.get(local.text) ?? []) {
    const target = skipParens(ts, store.left);
    if (ts.isIdentifier(target) && isDeclaredOutside(ts, target, hook)) return target.text;
  }
  return undefined;
}

function isDeclaredOutside(ts: TypeScript, name: TS.Identifier, fn: FunctionLike): boolean {
  const declaration = findLocalDeclaration(ts, name.text, name);
  return declaration !== undefined && (declaration.pos < fn.pos || declaration.end > fn.end);
}

function isNamed(ts: TypeScript, expression: TS.Expression, name: string): boolean {
  const inner = skipParens(ts, expression);
  return ts.isIdentifier(inner) && inner.text === name;
}

function createTracked(
  context: AnalysisContext,
  found: Acquisition,
  owner: FunctionLike,
  names: ReadonlySet<string>,
  acquisition: TS.Node | undefined,
): TrackedResource {
  const ts = context.ts;
  const spec = found.spec;
  const { parents, parentRelease } = getParents(context, found);
  return {
    acquisition,
    owner,
    names,
    release: new Set(spec.release),
    releaseWith: new Set(spec.releaseWith ?? []),
    setup: new Set(spec.setup ?? []),
    handles: new Set(spec.handles ?? []),
    parents,
    parentRelease,
    absentWhen: acquisition === undefined ? undefined : getLenders(ts, acquisition),
    heldWhen: spec.heldWhen === undefined ? undefined : new Set(spec.heldWhen),
    releasedWhen: spec.releasedWhen === undefined ? undefined : new Set(spec.releasedWhen),
    isBorrowedBy: (call, index, usedAt) => isBorrowingConstructor(context, call, index, new Set(spec.release), usedAt),
  };
}

/**
 * The variables holding what `found` was opened from, through every level (`browser.close()` also
 * closes the contexts and pages opened from it), and the methods that release them. A parent opened
 * inline (`(await browser.newContext()).newPage()`) has no name of its own: the climb goes on to its receiver.
 */
function getParents(context: AnalysisContext, found: Acquisition): { parents: Set<string>; parentRelease: Set<string> } {
  const ts = context.ts;
  const parents = new Set<string>();
  const parentRelease = new Set<string>();
  let opened: Acquisition | undefined = found;
  for (let depth = 0; depth < 4 && opened?.spec.closedWithParent === true && ts.isCallExpression(opened.node); depth++) {
    const callee = skipParens(ts, opened.node.expression);
    const receiver = ts.isPropertyAccessExpression(callee) ? skipOuterExpressions(ts, callee.expression) : undefined;
    if (receiver === undefined) break;
    const entry = context.catalog.libraries.find((candidate) => candidate.library === opened!.library);
    for (const other of entry?.acquire ?? []) for (const method of other.release) parentRelease.add(method);
    if (ts.isCallExpression(receiver)) {
      opened = getAcquisition(context, receiver);
      continue;
    }
    if (!ts.isIdentifier(receiver)) break;
    parents.add(receiver.text);
    const declaration = findLocalDeclaration(ts, receiver.text, receiver);
    const initializer = declaration !== undefined && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
    const inner = initializer === undefined ? undefined : skipOuterExpressions(ts, initializer);
    opened = inner === undefined ? undefined : getAcquisition(context, inner);
  }
  return { parents, parentRelease };
}

/**
 * What a caller may lend instead of the acquisition (`trx ?? await db.transaction()`,
 * `lent || await pool.connect()`, `options.client ? options.client : …`): when it is there, nothing was
 * acquired here, so `if (!trx) await tx.commit()` finishes exactly what this function began.
 */
function getLenders(ts: TypeScript, acquisition: TS.Node): ReadonlySet<string> | undefined {
  let lenders: Set<string> | undefined;
  const add = (expression: TS.Expression): void => {
    const text = getReferenceText(ts, expression);
    if (text !== undefined) (lenders ??= new Set()).add(text);
  };
  let current = acquisition;
  for (let parent = current.parent; ; current = parent, parent = current.parent) {
    if (ts.isBinaryExpression(parent) && parent.right === current) {
      const operator = parent.operatorToken.kind;
      if (operator !== ts.SyntaxKind.QuestionQuestionToken && operator !== ts.SyntaxKind.BarBarToken) break;
      add(parent.left);
    } else if (ts.isConditionalExpression(parent) && parent.whenFalse === current) {
      // `lent ? lent : acquire()`, `lent != null ? lent : acquire()`
      const lent = getReferenceText(ts, parent.whenTrue);
      const tested = classifyPresence(ts, skipParens(ts, parent.condition), (operand) => (getReferenceText(ts, operand) === lent ? true : undefined));
      if (lent === undefined || tested?.present !== true) break;
      add(parent.whenTrue);
    } else if (
      !ts.isParenthesizedExpression(parent) &&
      !ts.isAwaitExpression(parent) &&
      !isAwaitingYield(ts, parent) &&
      !ts.isAsExpression(parent) &&
      !ts.isNonNullExpression(parent)
    ) {
      break;
    }
  }
  return lenders;
}

/** Where the acquired value goes: a local variable, a `then` callback, nowhere, or out of this function's hands. */
function getUse(context: AnalysisContext, found: Acquisition, owner: FunctionLike): Use {
  const ts = context.ts;
  let current: TS.Node = found.node;
  for (;;) {
    current = climbValue(ts, current);
    const parent = current.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === current) {
      const list = parent.parent;
      // `using` / `await using` dispose it on every path.
      if (ts.isVariableDeclarationList(list) && (list.flags & ts.NodeFlags.Using) !== 0) return { kind: 'settled' };
      if (!ts.isIdentifier(parent.name)) return { kind: 'settled' };
      const statement = ts.isVariableStatement(list.parent) ? list.parent : undefined;
      return { kind: 'bound', name: parent.name.text, statement, declaration: parent };
    }
    if (ts.isBinaryExpression(parent) && parent.right === current) {
      const operator = parent.operatorToken.kind;
      if (operator !== ts.SyntaxKind.EqualsToken) return { kind: 'settled' };
      const target = skipParens(ts, parent.left);
      if (!ts.isIdentifier(target)) return { kind: 'settled' };
      const declaration = findLocalDeclaration(ts, target.text, target);
      // Assigned to an outer or module variable: stored beyond this function (`no-cached-session` judges it).
      if (declaration === undefined || declaration.pos < owner.pos || declaration.end > owner.end) return { kind: 'settled' };
      const statement = ts.isExpressionStatement(parent.parent) ? parent.parent : undefined;
      return { kind: 'bound', name: target.text, statement };
    }
    if (ts.isExpressionStatement(parent)) return { kind: 'discarded' };
    if (ts.isPropertyAccessExpression(parent) && parent.expression === current) {
      const call = parent.parent;
      if (parent.name.text === 'then' && ts.isCallExpression(call) && call.expression === parent) {
        const callback = call.arguments[0] === undefined ? undefined : skipParens(ts, call.arguments[0]);
        if (callback !== undefined && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) {
          const parameter = callback.parameters[0];
          if (parameter !== undefined && ts.isIdentifier(parameter.name)) {
            return { kind: 'callback', name: parameter.name.text, callback };
          }
          return { kind: 'discarded' };
        }
        return { kind: 'settled' };
      }
      // `createClient().on('error', h).connect()`, `new DataSource(o).initialize()`: the same object comes back.
      if (FLUENT_METHODS.has(parent.name.text) && ts.isCallExpression(call) && call.expression === parent && getAcquisition(context, call) === undefined) {
        current = call;
        continue;
      }
      // `(await pool.connect()).query(…)`: used once and dropped.
      return { kind: 'discarded' };
    }
    // Returned, yielded, passed on, stored in a collection or a field: ownership leaves this function.
    return { kind: 'settled' };
  }
}

/** The `finally` block of `owner` (not of a nested function) that `node` is in. */
function getEnclosingFinally(ts: TypeScript, node: TS.Node, owner: FunctionLike): TS.Block | undefined {
  for (let current = node; current !== owner && !isFunctionWithBody(ts, current); current = current.parent) {
    const parent = current.parent;
    if (ts.isTryStatement(parent) && parent.finallyBlock === current) return parent.finallyBlock;
  }
  return undefined;
}

/** `runner.startTransaction()`: the transaction lives on the receiver's variable. */
function getReceiverUse(ts: TypeScript, found: Acquisition, owner: FunctionLike): Use {
  if (!ts.isCallExpression(found.node)) return { kind: 'settled' };
  const callee = skipParens(ts, found.node.expression);
  const receiver = ts.isPropertyAccessExpression(callee) ? skipParens(ts, callee.expression) : undefined;
  if (receiver === undefined || !ts.isIdentifier(receiver)) return { kind: 'settled' };
  const declaration = findLocalDeclaration(ts, receiver.text, receiver);
  if (declaration === undefined || declaration.pos < owner.pos || declaration.end > owner.end) return { kind: 'settled' };
  let statement: TS.Node = found.node;
  while (!ts.isBlock(statement.parent) && !isBoundary(ts, statement.parent)) statement = statement.parent;
  return { kind: 'bound', name: receiver.text, statement: ts.isBlock(statement.parent) ? (statement as TS.Statement) : undefined };
}

function describeLeak(
  context: AnalysisContext,
  found: Acquisition,
  tracked: TrackedResource,
  use: Extract<Use, { kind: 'bound' | 'callback' }>,
  paths: LeakingPaths,
): Finding {
  const ts = context.ts;
  const spec = found.spec;
  const isTransaction = spec.rollback !== undefined;
  const data = getReleaseTexts(ts, found, tracked.owner, use.name);
  // Fixes finish only what this function began: `if (!trx) await tx.rollback()` for a lent `trx`.
  const fixData = use.kind === 'bound' ? guardOwnRelease(data, tracked) : data;
  const anyRelease = containsRelease(context, tracked, tracked.owner.body!);
  // A suite body runs once, when tests are collected: a `finally` there would release before any test runs.
  // A generator (the body of a compiled `async` function, `__awaiter(…, function* () { … })`) cannot `await`.
  const isGenerator = (tracked.owner as { asteriskToken?: TS.AsteriskToken }).asteriskToken !== undefined;
  const fixable = !isSuiteBody(ts, tracked.owner) && !isGenerator && getReleaseCall(ts, found, use.name).exact && !isAwaitedIn(ts, tracked.owner, use.name);
  if (!anyRelease) {
    const referenced = findReleaseReference(ts, tracked);
    if (referenced !== undefined) return createFinding(context, found, 'releaseNotCalled', { ...data, method: referenced }, []);
    return createFinding(context, found, 'neverReleased', data, use.kind === 'bound' && fixable ? neverReleasedFixes(context, found, tracked, use, fixData) : []);
  }
  // Released in a `.catch()` handler only: the paths that succeed keep it.
  const onRejection = paths.exits.some((exit) => exit.kind !== 'throw') ? findRejectionOnlyRelease(context, tracked) : undefined;
  if (onRejection !== undefined) {
    return createFinding(context, found, 'releasedOnRejectionOnly', { ...data, line: String(getLine(onRejection)) }, []);
  }
  const early = paths.exits.find((exit) => exit.kind === 'return');
  const jump = paths.jumps.find((candidate) => contains(candidate.target, found.node));
  const skipping: PathExit | undefined = early ?? jump?.exit;
  if (skipping !== undefined) {
    const exit = skipping.kind === 'return' ? 'return' : skipping.kind;
    return createFinding(context, found, 'skippedByExit', { ...data, exit, line: String(getLine(skipping.node)) }, []);
  }
  const overwrite = paths.exits.find((exit) => exit.kind === 'overwrite');
  if (overwrite !== undefined && found.spec.rollback === undefined) {
    // Opened again (next loop iteration) while still held: the earlier one is lost.
    return createFinding(
      context,
      found,
      'reacquiredBeforeRelease',
      { ...data, line: String(getLine(overwrite.node)) },
      use.kind === 'bound' && fixable ? neverReleasedFixes(context, found, tracked, use, fixData).filter((fix) => fix.messageId === 'suggestTryFinally') : [],
    );
  }
  const partial = paths.exits.find((exit) => exit.kind === 'end' || exit.kind === 'overwrite');
  if (partial !== undefined) {
    const line = partial.kind === 'end' ? getEndLine(partial.node) : getLine(partial.node);
    return createFinding(context, found, 'releasedOnSomePaths', { ...data, line: String(line) }, []);
  }
  const throws = paths.exits.filter((exit) => exit.kind === 'throw');
  // `finally { await client.query('RESET ROLE'); client.release(); }`: the query fails, the release is skipped.
  for (const exit of throws) {
    const block = getEnclosingFinally(ts, exit.node, tracked.owner);
    const call = block === undefined ? undefined : findUseBeforeRelease(context, tracked, block);
    if (call === undefined || call.pos < exit.node.pos || call.end > exit.node.end) continue;
    const callee = call.expression as TS.PropertyAccessExpression;
    const text = `${callee.expression.getText()}.${callee.name.text}(${call.arguments.length === 0 ? '' : '…'})`;
    return createFinding(context, found, 'failingCallBeforeRelease', { ...data, call: text, line: String(getLine(call)) }, []);
  }
  if (!isTransaction && throws.length > 0 && throws.every((exit) => exit.rejection === true)) {
    return createFinding(context, found, 'releasedOnFulfilmentOnly', { ...data, line: String(getLine(throws[0].node)) }, []);
  }
  const line = String(getLine(found.node));
  if (isTransaction) {
    return createFinding(context, found, 'notRolledBack', { ...data, line }, use.kind === 'bound' && fixable ? transactionFixes(context, tracked, use, fixData, false) : []);
  }
  return createFinding(context, found, 'notReleasedOnThrow', { ...data, line }, use.kind === 'bound' && fixable ? throwPathFixes(context, tracked, use, fixData) : []);
}

interface ReleaseTexts {
  readonly [key: string]: string;
  readonly name: string;
  readonly release: string;
  readonly rollback: string;
  readonly commit: string;
  readonly advice: string;
}

function guardOwnRelease(data: ReleaseTexts, tracked: TrackedResource): ReleaseTexts {
  const lenders = [...(tracked.absentWhen ?? [])];
  if (lenders.length === 0) return data;
  const guard = `if (${lenders.map((lender) => `!${lender}`).join(' && ')}) `;
  return { ...data, release: `${guard}${data.release}`, rollback: `${guard}${data.rollback}` };
}

/** The calls a fix would write (`await runner.release()`), and the advice sentence for messages. */
function getReleaseTexts(ts: TypeScript, found: Acquisition, owner: FunctionLike, name: string): ReleaseTexts {
  const spec = found.spec;
  const canAwait = isAsyncFunction(ts, owner);
  const receiver = name === '' ? '' : `${name}.`;
  const call = (method: string, sync: boolean): string => `${canAwait && !sync ? 'await ' : ''}${receiver}${method}()`;
  const rollbackMethod = spec.rollback?.[0] ?? spec.release[0];
  const commitMethod = spec.release.find((method) => !(spec.rollback ?? []).includes(method)) ?? spec.release[0];
  // A variable holding the promise of the resource (`const clientP = MongoClient.connect(url)`, awaited later)
  // is released through what it resolves to.
  const target = name !== '' && isAwaitedIn(ts, owner, name) ? `(await ${name})` : name;
  const release = `${canAwait && spec.syncRelease !== true ? 'await ' : ''}${getReleaseCall(ts, found, target).text}`;
  const rollback = call(rollbackMethod, false);
  const commit = call(commitMethod, false);
  const advice =
    spec.rollback === undefined
      ? `call \`${release}\` in a \`finally\` block so every path releases it`
      : `call \`${commit}\` when the work succeeds and \`${rollback}\` in a \`catch\` block, or use the library's callback form`;
  return { name, release: spec.rollback === undefined ? release : rollback, rollback, commit, advice };
}

/** Whether `owner` awaits the variable `name` itself (`await clientP`): it holds a promise. */
function isAwaitedIn(ts: TypeScript, owner: FunctionLike, name: string): boolean {
  const visit = (node: TS.Node): boolean => {
    if (ts.isAwaitExpression(node)) {
      const operand = skipParens(ts, node.expression);
      if (ts.isIdentifier(operand) && operand.text === name) return true;
    }
    return ts.forEachChild(node, visit) === true;
  };
  return owner.body !== undefined && visit(owner.body);
}

/**
 * The call that releases the resource held in `name`: its own release method (`client.release()`), or,
 * for one that only what lent it takes back (generic-pool's `pool.acquire()`), that lender's
 * (`pool.release(page)`), named by the acquisition's receiver. `exact` is false when the lender has no
 * name here (a helper returned the resource): the text then says `pool` and no fix is offered.
 */
function getReleaseCall(ts: TypeScript, found: Acquisition, name: string): { readonly text: string; readonly exact: boolean } {
  const spec = found.spec;
  if (spec.release.length > 0) return { text: `${name === '' ? '' : `${name}.`}${spec.release[0]}()`, exact: true };
  const callee = found.chain.length === 0 && ts.isCallExpression(found.node) ? skipParens(ts, found.node.expression) : undefined;
  const lender = callee !== undefined && ts.isPropertyAccessExpression(callee) ? callee.expression.getText() : undefined;
  const exact = lender !== undefined && lender.length <= 60 && !lender.includes('\n');
  return { text: `${exact ? lender : 'pool'}.${spec.releaseWith?.[0] ?? 'release'}(${name === '' ? '…' : name})`, exact };
}

function createFinding(
  context: AnalysisContext,
  found: Acquisition,
  messageId: MessageId,
  data: Record<string, string>,
  suggestions: SuggestionFix[],
): Finding {
  return {
    rule: 'require-session-close',
    messageId,
    data: { resource: found.spec.resource, release: `${found.spec.release[0] ?? found.spec.releaseWith?.[0]}()`, ...data },
    node: found.node,
    library: found.library,
    kind: found.spec.kind,
    chain: found.chain,
    suggestions,
  };
}

function contains(outer: TS.Node, inner: TS.Node): boolean {
  return outer.pos <= inner.pos && inner.end <= outer.end;
}

function getEndLine(node: TS.Node): number {
  const sourceFile = node.getSourceFile();
  return sourceFile.getLineAndCharacterOfPosition(node.end).line + 1;
}

/** `client.release;`: the release method read but not called. */
function findReleaseReference(ts: TypeScript, tracked: TrackedResource): string | undefined {
  let found: string | undefined;
  const visit = (node: TS.Node): void => {
    if (found !== undefined || isBoundary(ts, node)) return;
    if (
      ts.isExpressionStatement(node) &&
      ts.isPropertyAccessExpression(skipParens(ts, node.expression))
    ) {
      const access = skipParens(ts, node.expression) as TS.PropertyAccessExpression;
      const receiver = skipParens(ts, access.expression);
      if (ts.isIdentifier(receiver) && tracked.names.has(receiver.text) && tracked.release.has(access.name.text)) {
        found = access.name.text;
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(tracked.owner.body!, visit);
  return found;
}

interface BlockPosition {
  readonly statement: TS.Statement;
  readonly rest: readonly TS.Statement[];
  readonly indent: string;
}

function getBlockPosition(ts: TypeScript, statement: TS.Statement | undefined): BlockPosition | undefined {
  if (statement === undefined || !ts.isBlock(statement.parent)) return undefined;
  const statements = statement.parent.statements;
  const index = statements.indexOf(statement);
  const rest = statements.slice(index + 1);
  if (rest.length === 0) return undefined;
  const sourceFile = statement.getSourceFile();
  const start = statement.getStart(sourceFile);
  const lineStart = sourceFile.getPositionOfLineAndCharacter(sourceFile.getLineAndCharacterOfPosition(start).line, 0);
  const indent = sourceFile.text.slice(lineStart, start);
  return { statement, rest, indent: /^\s*$/.test(indent) ? indent : '' };
}

function reindent(text: string): string {
  // Template literals keep their text: indenting inside them would change the value.
  return text.includes('`') ? text : text.replace(/\n(?=[^\n])/g, '\n  ');
}

/**
 * The text of `statements` as it will sit inside the new `try`, or `undefined` when no safe text
 * exists: see {@link getReturnAwaits}.
 */
function getTryBody(context: AnalysisContext, tracked: TrackedResource, from: number, statements: readonly TS.Statement[]): string | undefined {
  const inserts = getReturnAwaits(context, tracked, statements);
  if (inserts === undefined) return undefined;
  const sourceFile = statements[0].getSourceFile();
  let text = '';
  let cursor = from;
  for (const position of inserts) {
    text += `${sourceFile.text.slice(cursor, position)}await `;
    cursor = position;
  }
  return reindent(text + sourceFile.text.slice(cursor, statements[statements.length - 1].end));
}

/**
 * Where `await` must go in front of a returned value so that a release at the end of the scope (a
 * `finally`, an `await using` disposal) waits for it: a value still pending when the scope ends is
 * used after the release. `undefined` when such a return is in a function that cannot await, where
 * no fix is safe.
 */
function getReturnAwaits(context: AnalysisContext, tracked: TrackedResource, statements: readonly TS.Statement[]): number[] | undefined {
  const ts = context.ts;
  const sourceFile = statements[0].getSourceFile();
  // Typed: a returned thenable. Untyped: a call made through the resource (`client.query()`), and in an
  // async function, where awaiting a value that is no promise changes nothing, any value a call may
  // leave pending (`page.content()`, `cached ?? load()`); never what a call inside it was awaited for
  // (`(await client.query(sql)).rows`), a function, or an object or array literal.
  const isAsync = isAsyncFunction(ts, tracked.owner);
  const needsAwait = (expression: TS.Expression): boolean => {
    if (context.checker !== undefined) return context.checker.getTypeAtLocation(expression).getProperty('then') !== undefined;
    const inner = skipParens(ts, expression);
    if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) return isAsync || referencesNames(ts, inner, tracked.names);
    if (ts.isConditionalExpression(inner)) return needsAwait(inner.whenTrue) || needsAwait(inner.whenFalse);
    if (ts.isBinaryExpression(inner)) {
      const operator = inner.operatorToken.kind;
      const shortCircuit = operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.AmpersandAmpersandToken;
      return shortCircuit && (needsAwait(inner.left) || needsAwait(inner.right));
    }
    return false;
  };
  const inserts: number[] = [];
  let unsafe = false;
  const visit = (node: TS.Node): void => {
    if (unsafe || isBoundary(ts, node)) return;
    if (ts.isReturnStatement(node) && node.expression !== undefined && !ts.isAwaitExpression(node.expression) && needsAwait(node.expression)) {
      if (isAsync) inserts.push(node.expression.getStart(sourceFile));
      else unsafe = true;
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of statements) visit(statement);
  return unsafe ? undefined : inserts;
}

function referencesNames(ts: TypeScript, node: TS.Node, names: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(node)) return names.has(node.text);
  return ts.forEachChild(node, (child) => referencesNames(ts, child, names) || undefined) === true;
}

function hasReturn(ts: TypeScript, statements: readonly TS.Statement[]): boolean {
  const visit = (node: TS.Node): boolean => !isBoundary(ts, node) && (ts.isReturnStatement(node) || ts.forEachChild(node, visit) === true);
  return statements.some(visit);
}

function neverReleasedFixes(
  context: AnalysisContext,
  found: Acquisition,
  tracked: TrackedResource,
  use: Extract<Use, { kind: 'bound' }>,
  data: ReleaseTexts,
): SuggestionFix[] {
  const ts = context.ts;
  const fixes: SuggestionFix[] = [];
  const position = getBlockPosition(ts, use.statement);
  if (position !== undefined) {
    if (found.spec.rollback === undefined) {
      const body = getTryBody(context, tracked, position.statement.end, position.rest);
      const inner = `${position.indent}  `;
      if (body !== undefined) {
        fixes.push({
          messageId: 'suggestTryFinally',
          data,
          edits: [
            {
              start: position.statement.end,
              end: position.rest[position.rest.length - 1].end,
              text: `\n${position.indent}try {${body}\n${position.indent}} finally {\n${inner}${data.release};\n${position.indent}}`,
            },
          ],
        });
      }
    } else {
      fixes.push(...transactionFixes(context, tracked, use, data, true));
    }
  }
  // `await using` would dispose of a lent resource too, and of a pooled one its pool should take back.
  const keyword =
    (tracked.absentWhen === undefined || tracked.absentWhen.size === 0) && found.spec.release.length > 0 ? getDisposeKeyword(context, use) : undefined;
  // The disposal runs when the block ends: a value returned still pending would be used after it.
  const rest = getBlockPosition(ts, use.statement)?.rest ?? [];
  const awaits = rest.length > 0 ? getReturnAwaits(context, tracked, rest) : [];
  if (keyword !== undefined && use.statement !== undefined && use.declaration !== undefined && awaits !== undefined) {
    const list = use.declaration.parent;
    const sourceFile = list.getSourceFile();
    const start = list.getStart(sourceFile);
    fixes.push({
      messageId: 'suggestAwaitUsing',
      data: { ...data, keyword },
      edits: [{ start, end: start + 'const'.length, text: keyword }, ...awaits.map((at) => ({ start: at, end: at, text: 'await ' }))],
    });
  }
  return fixes;
}

/**
 * `try { …rest… } catch (error) { rollback; throw error; }`; when nothing commits yet (`withCommit`),
 * the commit goes at the end of the `try`, which is only sound when the rest does not return early.
 */
function transactionFixes(
  context: AnalysisContext,
  tracked: TrackedResource,
  use: Extract<Use, { kind: 'bound' }>,
  data: ReleaseTexts,
  withCommit: boolean,
): SuggestionFix[] {
  const ts = context.ts;
  const position = getBlockPosition(ts, use.statement);
  if (position === undefined || (withCommit && hasReturn(ts, position.rest))) return [];
  const body = getTryBody(context, tracked, position.statement.end, position.rest);
  if (body === undefined) return [];
  const inner = `${position.indent}  `;
  const commit = withCommit ? `\n${inner}${data.commit};` : '';
  return [
    {
      messageId: 'suggestTryCatch',
      data,
      edits: [
        {
          start: position.statement.end,
          end: position.rest[position.rest.length - 1].end,
          text: `\n${position.indent}try {${body}${commit}\n${position.indent}} catch (error) {\n${inner}${data.rollback};\n${inner}throw error;\n${position.indent}}`,
        },
      ],
    },
  ];
}

/** Released only at the end of the block: move that release into a `finally` around the rest. */
function throwPathFixes(
  context: AnalysisContext,
  tracked: TrackedResource,
  use: Extract<Use, { kind: 'bound' }>,
  data: ReleaseTexts,
): SuggestionFix[] {
  const ts = context.ts;
  const position = getBlockPosition(ts, use.statement);
  if (position === undefined || position.rest.length < 2) return [];
  const last = position.rest[position.rest.length - 1];
  if (!ts.isExpressionStatement(last) || !containsRelease(context, tracked, last)) return [];
  const body = getTryBody(context, tracked, position.statement.end, position.rest.slice(0, -1));
  if (body === undefined) return [];
  const sourceFile = last.getSourceFile();
  const inner = `${position.indent}  `;
  return [
    {
      messageId: 'suggestTryFinally',
      data,
      edits: [
        {
          start: position.statement.end,
          end: last.end,
          text: `\n${position.indent}try {${body}\n${position.indent}} finally {\n${inner}${last.getText(sourceFile)}\n${position.indent}}`,
        },
      ],
    },
  ];
}

/** `await using` when the declared type implements `Symbol.asyncDispose` (`using` for `Symbol.dispose`). */
function getDisposeKeyword(context: AnalysisContext, use: Extract<Use, { kind: 'bound' }>): string | undefined {
  const ts = context.ts;
  const checker = context.checker;
  const declaration = use.declaration;
  if (checker === undefined || declaration === undefined) return undefined;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || (list.flags & ts.NodeFlags.Const) === 0 || list.declarations.length !== 1) return undefined;
  const type = checker.getTypeAtLocation(declaration.name);
  const names = type.getApparentProperties().map((property) => property.escapedName as string);
  const owner = getEnclosingFunction(ts, declaration);
  if (names.some((name) => name.startsWith('__@asyncDispose@')) && owner !== undefined && isAsyncFunction(ts, owner)) return 'await using';
  if (names.some((name) => name.startsWith('__@dispose@'))) return 'using';
  return undefined;
}
