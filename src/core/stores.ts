import type * as TS from 'typescript';

import { getPackageName, isOneOfPackages, type SingletonBinding } from './catalog.js';
import { getSummarySlots, type AnalysisContext, type TypeScript } from './context.js';
import {
  climbParens,
  getCalleeName,
  isAwaitingYield,
  getEnclosingFunction,
  hasModifier,
  isBoundary,
  isEntryRemovedLater,
  isFunctionWithBody,
  skipParens,
  type FunctionLike,
} from './flow/boundaries.js';
import { getDeclarationPackage, getNamedSymbol, type Acquisition } from './resources.js';
import { isAssignmentOperator, isCloserCall } from './ownership.js';
import { findLocalDeclaration, getConstructor, getFileFacts, getThisClass, isModuleLevel } from './scope.js';

/**
 * Where a stored resource lives:
 * - `module`: a module-level variable or collection; `static`: a static class member; `global`: a
 *   `globalThis`/`global`/`window` property; `singleton-field`: an instance field of a singleton
 *   (NestJS default-scope provider, Angular root service, a container's singleton binding, class
 *   instantiated once at module scope).
 *   All of these outlive a unit of work.
 * - `instance-field`: an instance field of an ordinary class, which then owns the resource.
 */
export type StoreKind = 'global' | 'instance-field' | 'module' | 'singleton-field' | 'static';

export interface Store {
  readonly kind: StoreKind;
  /** The statement (or class member) that stores it: findings start here. */
  readonly statement: TS.Node;
  /** Human words for the place: "module-level map `sessions`", "static field `Holder.session`". */
  readonly where: string;
  /** For fields: the class and field name. */
  readonly classNode?: TS.ClassLikeDeclaration;
  readonly field?: string;
  /** Stored into a collection held by the field (`this.pages.set(k, page)`). */
  readonly isCollection?: boolean;
  /** Known only from whole-program facts (the auditor's). */
  readonly wholeProgram?: boolean;
}

const COLLECTION_METHODS = new Set(['set', 'push', 'unshift', 'add', 'splice']);
const GLOBAL_OBJECTS = new Set(['globalThis', 'global', 'window', 'self']);

/**
 * The places an acquired value is stored: directly (`cache[id] = pool.connect()`), through local
 * variables (`const s = driver.session(); Holder.sessions.set(k, s)`), or as a class field initializer.
 * Only stores that outlive the acquiring function, or make a class own the resource, are returned.
 */
export function findStores(context: AnalysisContext, found: Acquisition): readonly Store[] {
  // Both `no-cached-session` and `require-session-close` (owning fields) ask about every acquisition.
  const entry = getSummarySlots(context, found.node);
  let stores = entry[STORES_KEY] as readonly Store[] | undefined;
  if (stores === undefined) {
    stores = computeStores(context, found);
    entry[STORES_KEY] = stores;
  }
  return stores;
}

const STORES_KEY = Symbol('stores');

function computeStores(context: AnalysisContext, found: Acquisition): Store[] {
  const ts = context.ts;
  const stores: Store[] = [];
  if (found.scoped === true) {
    const scoped = getScopedResourceParameter(ts, found);
    if (scoped !== undefined) followVariable(context, scoped.callback, scoped.name, stores);
    return stores;
  }
  const value = climbValue(ts, found.node);
  const parent = value.parent;
  const owner = getEnclosingFunction(ts, found.node);
  if (ts.isPropertyDeclaration(parent) && parent.initializer === value && ts.isClassLike(parent.parent)) {
    const field = getFieldName(ts, parent.name);
    const isStatic = hasModifier(ts, parent, ts.SyntaxKind.StaticKeyword);
    const className = parent.parent.name?.text ?? '(anonymous class)';
    if (field !== undefined) {
      pushField(context, stores, parent, parent.parent, field, isStatic, className);
    }
    return stores;
  }
  if (ts.isVariableDeclaration(parent) && parent.initializer === value && ts.isIdentifier(parent.name)) {
    const statement = parent.parent.parent;
    if (ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent)) {
      stores.push({ kind: 'module', statement, where: `module-level variable \`${parent.name.text}\`` });
      return stores;
    }
    if (owner !== undefined) followVariable(context, owner, parent.name.text, stores);
    return stores;
  }
  const store = classifyUse(context, value);
  if (store === 'local') {
    const target = skipParens(ts, (parent as TS.BinaryExpression).left);
    if (owner !== undefined && ts.isIdentifier(target)) followVariable(context, owner, target.text, stores);
  } else if (store !== undefined) {
    stores.push(store);
  }
  return stores;
}

/**
 * The parameter a callback-scoped acquisition hands its callback the resource in: the connection of
 * `pool.getConnection((err, conn) => …)` (the catalog's `callbackResource`), otherwise the first one,
 * as in `dataSource.transaction(async (manager) => …)` or `session.withTransaction(async (s) => …)`,
 * unless the resource is the receiver itself (`conn.beginTransaction((err) => …)`).
 * The resource is the callback's to use while it runs; a store of it outlives the scope.
 */
function getScopedResourceParameter(ts: TypeScript, found: Acquisition): { callback: FunctionLike; name: string } | undefined {
  if (!ts.isCallExpression(found.node)) return undefined;
  const callback = found.node.arguments
    .map((argument) => skipParens(ts, argument))
    .find((argument): argument is TS.ArrowFunction | TS.FunctionExpression => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument));
  // `conn.beginTransaction((err) => …)`: the transaction lives on the receiver, the callback gets no resource.
  const index = found.spec.callbackResource ?? (found.spec.receiverIsResource === true ? undefined : 0);
  const parameter = index === undefined ? undefined : callback?.parameters[index];
  return callback !== undefined && parameter !== undefined && ts.isIdentifier(parameter.name) ? { callback, name: parameter.name.text } : undefined;
}

/**
 * The outermost expression that still evaluates to `node`'s value: through parentheses, `await`,
 * type assertions, either branch of `?:`, and the right side of `??` / `||`.
 */
export function climbValue(ts: TypeScript, node: TS.Node): TS.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (
      ts.isParenthesizedExpression(parent) ||
      ts.isAwaitExpression(parent) ||
      isAwaitingYield(ts, parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isSatisfiesExpression(parent) ||
      ts.isTypeAssertionExpression(parent) ||
      (ts.isConditionalExpression(parent) && parent.condition !== current) ||
      (ts.isBinaryExpression(parent) &&
        parent.right === current &&
        (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken))
    ) {
      current = parent;
      continue;
    }
    return current;
  }
}

/** Where one use of the value puts it: an assignment target, or a collection it is added to. */
function classifyUse(context: AnalysisContext, value: TS.Node): Store | 'local' | undefined {
  const ts = context.ts;
  const parent = value.parent;
  if (ts.isBinaryExpression(parent) && parent.right === value && isAssignmentOperator(ts, parent.operatorToken.kind)) {
    return classifyTarget(context, parent.left, getStatement(ts, parent), false);
  }
  if (ts.isCallExpression(parent) && parent.arguments.includes(value as TS.Expression)) {
    const callee = skipParens(ts, parent.expression);
    const method = getCalleeName(ts, callee);
    if (method !== undefined && COLLECTION_METHODS.has(method) && ts.isPropertyAccessExpression(callee)) {
      // An in-flight registry: the entry is deleted again later in the same function.
      if (isEntryRemovedLater(ts, parent)) return undefined;
      const store = classifyTarget(context, callee.expression, getStatement(ts, parent), true);
      return store === 'local' ? undefined : store;
    }
  }
  return undefined;
}

function followVariable(context: AnalysisContext, owner: FunctionLike, name: string, stores: Store[]): void {
  const ts = context.ts;
  if (owner.body === undefined) return;
  const names = new Set([name]);
  const visit = (node: TS.Node): void => {
    if (isBoundary(ts, node) && !isFunctionWithBody(ts, node)) return;
    if (ts.isIdentifier(node) && names.has(node.text) && !isDeclarationName(ts, node)) {
      const value = climbValue(ts, node);
      if (ts.isVariableDeclaration(value.parent) && value.parent.initializer === value && ts.isIdentifier(value.parent.name)) {
        names.add(value.parent.name.text);
      } else {
        const store = classifyUse(context, value);
        if (store === 'local') {
          const target = skipParens(ts, (value.parent as TS.BinaryExpression).left);
          if (ts.isIdentifier(target)) names.add(target.text);
        } else if (store !== undefined && !stores.some((existing) => existing.statement === store.statement)) {
          stores.push(store);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(owner.body, visit);
}

function isDeclarationName(ts: TypeScript, node: TS.Identifier): boolean {
  const parent = node.parent;
  return (ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) && parent.name === node;
}

function getStatement(ts: TypeScript, node: TS.Node): TS.Node {
  let current = node;
  while (current.parent !== undefined && !ts.isBlock(current.parent) && !ts.isSourceFile(current.parent) && !ts.isCaseClause(current.parent) && !ts.isDefaultClause(current.parent) && !isFunctionWithBody(ts, current.parent)) {
    current = current.parent;
  }
  return current;
}

/** Classifies an assignment target or a collection receiver by its root: module, class, `this`, global. */
function classifyTarget(context: AnalysisContext, target: TS.Expression, statement: TS.Node, isCollection: boolean): Store | 'local' | undefined {
  const ts = context.ts;
  const inner = skipOuter(ts, target);
  if (ts.isIdentifier(inner)) {
    const declaration = findLocalDeclaration(ts, inner.text, inner);
    if (declaration !== undefined && isModuleLevel(ts, declaration)) {
      return { kind: 'module', statement, where: `module-level ${isCollection ? 'collection' : 'variable'} \`${inner.text}\`` };
    }
    if (declaration === undefined && getFileFacts(context, inner.getSourceFile()).imports.has(inner.text)) {
      return { kind: 'module', statement, where: `module-level collection \`${inner.text}\`` };
    }
    return declaration === undefined ? undefined : 'local';
  }
  if (!ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return undefined;
  // Walk to the root object, remembering the first member after it (`this.cache.set` → `cache`).
  let root: TS.Expression = inner;
  let firstMember: TS.Expression = inner;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) {
    firstMember = root;
    root = skipOuter(ts, root.expression);
  }
  const text = describeTarget(ts, inner);
  if (ts.isIdentifier(root)) {
    if (GLOBAL_OBJECTS.has(root.text) && findLocalDeclaration(ts, root.text, root) === undefined) {
      return { kind: 'global', statement, where: `global \`${text}\`` };
    }
    const declaration = findLocalDeclaration(ts, root.text, root);
    if (declaration !== undefined && ts.isClassDeclaration(declaration)) {
      return { kind: 'static', statement, where: `static ${isCollection ? 'collection' : 'field'} \`${text}\`` };
    }
    if (declaration !== undefined && isModuleLevel(ts, declaration)) {
      return { kind: 'module', statement, where: `module-level ${isCollection ? 'collection' : 'object'} \`${text}\`` };
    }
    if (declaration === undefined && getFileFacts(context, root.getSourceFile()).imports.has(root.text)) {
      return { kind: 'module', statement, where: `module-level ${isCollection ? 'collection' : 'object'} \`${text}\`` };
    }
    return undefined;
  }
  if (root.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  const classNode = getThisClass(ts, root);
  if (classNode === undefined) return undefined;
  const field = ts.isPropertyAccessExpression(firstMember) ? firstMember.name.text : undefined;
  if (field === undefined) return undefined;
  const className = classNode.name?.text ?? '(anonymous class)';
  if (isStaticContext(ts, root)) {
    return { kind: 'static', statement, where: `static ${isCollection ? 'collection' : 'field'} \`${className}.${field}\``, classNode, field };
  }
  const stores: Store[] = [];
  pushField(context, stores, statement, classNode, field, false, className, isCollection);
  return stores[0];
}

function pushField(
  context: AnalysisContext,
  stores: Store[],
  statement: TS.Node,
  classNode: TS.ClassLikeDeclaration,
  field: string,
  isStatic: boolean,
  className: string,
  isCollection = false,
): void {
  const noun = isCollection ? 'collection' : 'field';
  if (isStatic) {
    stores.push({ kind: 'static', statement, where: `static ${noun} \`${className}.${field}\``, classNode, field });
    return;
  }
  const singleton = getSingletonKind(context, classNode);
  if (singleton !== undefined) {
    stores.push({ kind: 'singleton-field', statement, where: `${noun} \`${field}\` of ${singleton} \`${className}\``, classNode, field });
  } else if (context.wholeProgram?.singletons.has(classNode) === true) {
    stores.push({
      kind: 'singleton-field',
      statement,
      where: `${noun} \`${field}\` of \`${className}\`, ${context.wholeProgram.singletons.get(classNode)}`,
      classNode,
      field,
      wholeProgram: true,
    });
  } else {
    stores.push({ kind: 'instance-field', statement, where: `${noun} \`${field}\` of \`${className}\``, classNode, field, isCollection });
  }
}

function skipOuter(ts: TypeScript, node: TS.Expression): TS.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) {
    current = current.expression;
  }
  return current;
}

function describeTarget(ts: TypeScript, node: TS.Expression): string {
  const text = node.getText().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

function getFieldName(ts: TypeScript, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

function isStaticContext(ts: TypeScript, node: TS.Node): boolean {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isClassStaticBlockDeclaration(current)) return true;
    if (ts.isMethodDeclaration(current) || ts.isPropertyDeclaration(current) || ts.isGetAccessorDeclaration(current) || ts.isSetAccessorDeclaration(current)) {
      return hasModifier(ts, current, ts.SyntaxKind.StaticKeyword);
    }
    if (ts.isConstructorDeclaration(current) || ts.isClassLike(current)) return false;
  }
  return false;
}

const SINGLETON_KEY = Symbol('singleton');
const NOT_SINGLETON = '';

/**
 * Why instances of a class live for the whole process, if they do: a class decorator of the catalog's
 * dependency-injection frameworks that makes it a singleton (a NestJS provider, controller or resolver
 * in the default scope, an Angular `providedIn: 'root'` service, a tsyringe `@singleton()`, …), a
 * container's singleton binding in the class's own file, or an instance made at module scope of it.
 */
export function getSingletonKind(context: AnalysisContext, classNode: TS.ClassLikeDeclaration): string | undefined {
  const entry = getSummarySlots(context, classNode);
  let kind = entry[SINGLETON_KEY] as string | undefined;
  if (kind === undefined) {
    kind = computeSingletonKind(context, classNode) ?? NOT_SINGLETON;
    entry[SINGLETON_KEY] = kind;
  }
  return kind === NOT_SINGLETON ? undefined : kind;
}

function computeSingletonKind(context: AnalysisContext, classNode: TS.ClassLikeDeclaration): string | undefined {
  const ts = context.ts;
  const facts = getFileFacts(context, classNode.getSourceFile());
  for (const decorator of (ts.canHaveDecorators(classNode) ? ts.getDecorators(classNode) : undefined) ?? []) {
    const expression = decorator.expression;
    if (!ts.isCallExpression(expression)) continue;
    const callee = expression.expression;
    const root = ts.isPropertyAccessExpression(callee) ? callee.expression : callee;
    const binding = ts.isIdentifier(root) ? facts.imports.get(root.text) : undefined;
    if (binding === undefined) continue;
    // By the imported name, so `import { Injectable as Provider }` counts; only from the framework's packages.
    const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : binding.imported;
    const module = getPackageName(binding.module);
    const spec = context.catalog.singletonDecorators.find(
      (candidate) => candidate.name === name && isOneOfPackages(candidate.packages, module),
    );
    if (spec === undefined) continue;
    const scope = spec.scope;
    if (scope === undefined) return spec.what;
    let value: TS.Expression | undefined;
    if (scope.property !== undefined) {
      const options = expression.arguments.find((argument) => ts.isObjectLiteralExpression(argument)) as TS.ObjectLiteralExpression | undefined;
      value = getProperty(ts, options, scope.property);
    } else if (scope.argument !== undefined) {
      const argument = expression.arguments[scope.argument] as TS.Expression | undefined;
      value = argument === undefined ? undefined : resolveConstant(ts, argument);
    }
    // Request-scoped (durable or not) and transient classes get an instance per request or injection.
    if (value === undefined ? scope.byDefault : scope.singleton.includes(getScopeName(ts, value))) return spec.what;
  }
  // `const Service = class { … }` is named by its variable.
  const holder = ts.isVariableDeclaration(classNode.parent) && ts.isIdentifier(classNode.parent.name) ? classNode.parent.name.text : undefined;
  const className = classNode.name?.text ?? holder;
  for (const created of getModuleLevelNews(ts, classNode.getSourceFile())) {
    // `export const reporting = new (class ReportingService { … })()`: the class made right there.
    if (skipParens(ts, created.expression) === classNode) return 'module-level singleton';
    if (className !== undefined && ts.isIdentifier(created.expression) && (created.expression.text === className || created.expression.text === holder)) {
      return 'module-level singleton';
    }
  }
  if (className === undefined) return undefined;
  for (const bound of getSingletonBindings(context, classNode.getSourceFile())) {
    if (ts.isIdentifier(bound.target) && bound.target.text === className) return bound.what;
  }
  return undefined;
}

interface BoundClass {
  /** The expression naming the class (`Repo` in `bind(Repo).toSelf()`). */
  readonly target: TS.Expression;
  readonly what: string;
}

const BINDINGS_KEY = Symbol('singleton-bindings');

/** The classes a container call in this file binds as singletons (catalog `singletonBindings`), once per file. */
function getSingletonBindings(context: AnalysisContext, sourceFile: TS.SourceFile): readonly BoundClass[] {
  const entry = getSummarySlots(context, sourceFile);
  let found = entry[BINDINGS_KEY] as BoundClass[] | undefined;
  if (found !== undefined) return found;
  found = [];
  entry[BINDINGS_KEY] = found;
  const ts = context.ts;
  const specs = context.catalog.singletonBindings.filter((spec) => sourceFile.text.includes(spec.method));
  if (specs.length === 0) return found;
  const result = found;
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node)) {
      const name = getCalleeName(ts, node.expression);
      for (const spec of specs) {
        if (spec.method !== name) continue;
        // The call's shape first: `fastify.register(plugin, options)` never asks the checker.
        const target = getBoundClass(ts, node, spec);
        if (target !== undefined && isFromPackages(context, node, spec.packages)) result.push({ target, what: spec.what });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return result;
}

/**
 * Whether a container call is the framework's: typed, by where the called method is declared; without
 * types (or when it does not resolve), by the file importing from one of the packages.
 */
function isFromPackages(context: AnalysisContext, call: TS.CallExpression, packages: readonly string[]): boolean {
  const ts = context.ts;
  if (context.checker !== undefined) {
    const declaration = getNamedSymbol(ts, context.checker, skipParens(ts, call.expression))?.declarations?.[0];
    if (declaration !== undefined) {
      const packageName = getDeclarationPackage(declaration);
      return packageName !== undefined && isOneOfPackages(packages, packageName);
    }
  }
  for (const module of getFileFacts(context, call.getSourceFile()).importedModules) {
    if (isOneOfPackages(packages, getPackageName(module))) return true;
  }
  return false;
}

function getBoundClass(ts: TypeScript, call: TS.CallExpression, spec: SingletonBinding): TS.Expression | undefined {
  if (spec.chain !== undefined) return getChainClass(ts, call, spec.chain);
  if (spec.classArgument === undefined) return undefined;
  const index = spec.classArgument < 0 ? call.arguments.length + spec.classArgument : spec.classArgument;
  const argument = call.arguments[index] as TS.Expression | undefined;
  if (argument === undefined) return undefined;
  if (spec.lifetime !== undefined) {
    const options = call.arguments[spec.lifetime.argument] as TS.Expression | undefined;
    const object = options === undefined ? undefined : resolveConstant(ts, skipOuter(ts, options));
    const value = object !== undefined && ts.isObjectLiteralExpression(object) ? getProperty(ts, object, spec.lifetime.property) : undefined;
    if (value === undefined || !spec.lifetime.singleton.includes(getScopeName(ts, value))) return undefined;
  }
  const inner = skipOuter(ts, argument);
  if (spec.classProperty !== undefined && ts.isObjectLiteralExpression(inner)) return getProperty(ts, inner, spec.classProperty);
  return inner;
}

/** `bind(A).to(B).inSingletonScope()` → `B`; `bind(A).toSelf().inSingletonScope()` → `A`. */
function getChainClass(ts: TypeScript, call: TS.CallExpression, chain: NonNullable<SingletonBinding['chain']>): TS.Expression | undefined {
  let toSelf = false;
  let current: TS.Expression = skipOuter(ts, call.expression);
  for (;;) {
    if (ts.isPropertyAccessExpression(current)) {
      current = skipOuter(ts, current.expression);
    } else if (ts.isCallExpression(current)) {
      const name = getCalleeName(ts, current.expression);
      const first = current.arguments[0] as TS.Expression | undefined;
      if (name !== undefined && chain.to.includes(name)) return first === undefined ? undefined : skipOuter(ts, first);
      if (name !== undefined && chain.bind.includes(name)) return toSelf && first !== undefined ? skipOuter(ts, first) : undefined;
      if (name !== undefined && chain.self.includes(name)) toSelf = true;
      current = skipOuter(ts, current.expression);
    } else {
      return undefined;
    }
  }
}

/** `Scope.DEFAULT` → `DEFAULT`, `'root'` → `root`, `BindingScopeValues.Singleton` → `Singleton`. */
function getScopeName(ts: TypeScript, value: TS.Expression): string {
  const inner = skipOuter(ts, value);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  return inner.getText();
}

function getProperty(ts: TypeScript, object: TS.ObjectLiteralExpression | undefined, name: string): TS.Expression | undefined {
  for (const property of object?.properties ?? []) {
    if (ts.isPropertyAssignment(property) && getFieldName(ts, property.name) === name) return resolveConstant(ts, property.initializer);
    // `{ scope }`: the value of the local constant.
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return resolveConstant(ts, property.name);
  }
  return undefined;
}

function resolveConstant(ts: TypeScript, expression: TS.Expression): TS.Expression {
  if (!ts.isIdentifier(expression)) return expression;
  const declaration = findLocalDeclaration(ts, expression.text, expression);
  return declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined ? declaration.initializer : expression;
}

/**
 * Whether `new Repo(…, resource, …)` only borrows the resource passed at `index`: the project class
 * keeps that parameter in a field (a parameter property, or `this.field = param` in the constructor)
 * and no method of the class releases the field. The caller still owns it. A class the analysis
 * cannot see (a library's, one that extends another) or that passes the parameter on is taken to
 * own what it is given.
 */
export function isBorrowingConstructor(
  context: AnalysisContext,
  call: TS.NewExpression,
  index: number,
  release: ReadonlySet<string>,
  usedAt: TS.Expression = call,
): boolean {
  const ts = context.ts;
  // The object must stay here too: returned, stored or passed on, it takes the resource with it.
  // (`usedAt` is where the object is used: the call of a function that makes and returns it.)
  if (!isUsedInPlace(ts, usedAt)) return false;
  const classNode = resolveProjectClass(context, call.expression);
  if (classNode === undefined || classNode.heritageClauses?.some((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword) === true) return false;
  const constructor = getConstructor(ts, classNode);
  const parameter = constructor?.parameters[index];
  if (constructor === undefined || parameter === undefined || parameter.dotDotDotToken !== undefined || !ts.isIdentifier(parameter.name)) return false;
  const name = parameter.name.text;
  let field: string | undefined;
  if (ts.isParameterPropertyDeclaration(parameter, constructor)) field = name;
  // Otherwise the parameter's only use must be `this.field = param`: anything else may hand it on.
  let otherUse = false;
  const visit = (node: TS.Node): void => {
    if (otherUse) return;
    const parent = node.parent;
    // Not the parameter's own name, nor a property that shares it (`this.runner`).
    const isReference = ts.isIdentifier(node) && node.text === name && node !== parameter.name && !(ts.isPropertyAccessExpression(parent) && parent.name === node);
    if (isReference) {
      const stored =
        ts.isBinaryExpression(parent) &&
        parent.right === node &&
        parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(parent.left) &&
        parent.left.expression.kind === ts.SyntaxKind.ThisKeyword;
      if (stored && field === undefined) field = (parent.left as TS.PropertyAccessExpression).name.text;
      // `param.query(…)` and the like use it in place.
      else if (!stored && !(ts.isPropertyAccessExpression(parent) && parent.expression === node)) otherUse = true;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(constructor.body!, visit);
  return field !== undefined && !otherUse && !classReleasesField(context, classNode, field, release);
}

/**
 * `new Repo(runner)` is only used where it is made: as the receiver of its own methods
 * (`new Repo(runner).insert(id)`), or held in a local `const` whose every use is such a receiver.
 */
function isUsedInPlace(ts: TypeScript, call: TS.Expression): boolean {
  const isReceiver = (node: TS.Node): boolean => {
    const current = climbParens(ts, node);
    return ts.isPropertyAccessExpression(current.parent) && current.parent.expression === current;
  };
  if (isReceiver(call)) return true;
  const current = climbParens(ts, call);
  const declaration = current.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== current || !ts.isIdentifier(declaration.name)) return false;
  if (!ts.isVariableDeclarationList(declaration.parent) || (declaration.parent.flags & ts.NodeFlags.Const) === 0) return false;
  const name = declaration.name.text;
  const scope = getEnclosingFunction(ts, declaration)?.body ?? declaration.getSourceFile();
  let inPlace = true;
  const visit = (node: TS.Node): void => {
    if (!inPlace) return;
    if (ts.isIdentifier(node) && node.text === name && node !== declaration.name) {
      const parent = node.parent;
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isPropertyName && !isReceiver(node)) inPlace = false;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(scope, visit);
  return inPlace;
}

/** The project class `new X(…)` makes: resolved by the checker when typed, in the same file otherwise. */
function resolveProjectClass(context: AnalysisContext, expression: TS.Expression): TS.ClassLikeDeclaration | undefined {
  const ts = context.ts;
  const inner = skipParens(ts, expression);
  if (!ts.isIdentifier(inner)) return undefined;
  if (context.checker === undefined) {
    const declaration = findLocalDeclaration(ts, inner.text, inner);
    return declaration !== undefined && ts.isClassDeclaration(declaration) ? declaration : undefined;
  }
  const symbol = getNamedSymbol(ts, context.checker, inner);
  return symbol?.declarations?.find(
    (declaration): declaration is TS.ClassLikeDeclaration => ts.isClassLike(declaration) && !declaration.getSourceFile().isDeclarationFile,
  );
}

/**
 * Whether `call` releases what `isTarget` picks out: `target.release()` (one of `release` called on
 * it), or `closeSession(target)` with a closer declared in settings or found in the project.
 */
export function releasesThrough(
  context: AnalysisContext,
  call: TS.CallExpression,
  release: ReadonlySet<string>,
  isTarget: (expression: TS.Expression) => boolean,
): boolean {
  const callee = skipOuter(context.ts, call.expression);
  if (context.ts.isPropertyAccessExpression(callee) && isTarget(callee.expression) && release.has(callee.name.text)) return true;
  const index = call.arguments.findIndex(isTarget);
  return index !== -1 && isCloserCall(context, release, call, index);
}

/**
 * Whether a class releases the resource held in `this.<field>`: some member calls one of `release`
 * on it (directly, with `?.`, or as `[Symbol.asyncDispose]()`), or passes it to a closer.
 */
export function classReleasesField(
  context: AnalysisContext,
  classNode: TS.ClassLikeDeclaration,
  field: string,
  release: ReadonlySet<string>,
  isCollection = false,
  depth = 0,
): boolean {
  const ts = context.ts;
  if (isCollection) {
    if (classReleasesElements(ts, classNode, field, release)) return true;
    const base = getBaseClass(context, classNode);
    return base !== undefined && depth < 4 && classReleasesField(context, base, field, release, true, depth + 1);
  }
  // A field may hold the promise of the resource (a constructor cannot await): `(await this.trx).commit()`.
  const isField = (expression: TS.Expression): boolean => {
    let inner = skipOuter(ts, expression);
    while (ts.isAwaitExpression(inner)) inner = skipOuter(ts, inner.expression);
    if (ts.isPropertyAccessExpression(inner)) return inner.expression.kind === ts.SyntaxKind.ThisKeyword && inner.name.text === field;
    return (
      ts.isElementAccessExpression(inner) &&
      inner.expression.kind === ts.SyntaxKind.ThisKeyword &&
      ts.isStringLiteralLike(inner.argumentExpression) &&
      inner.argumentExpression.text === field
    );
  };
  const aliasOf = (node: TS.VariableDeclaration): string | undefined => {
    if (node.initializer === undefined) return undefined;
    if (ts.isIdentifier(node.name)) return isField(node.initializer) ? node.name.text : undefined;
    // `const { runner } = this;`
    if (ts.isObjectBindingPattern(node.name) && skipOuter(ts, node.initializer).kind === ts.SyntaxKind.ThisKeyword) {
      for (const element of node.name.elements) {
        const property = element.propertyName === undefined ? element.name : element.propertyName;
        if (ts.isIdentifier(property) && property.text === field && ts.isIdentifier(element.name)) return element.name.text;
      }
    }
    return undefined;
  };
  // `this.trx.then((trx) => trx.commit())`: the handler releases what the field's promise holds.
  const releasesInHandler = (call: TS.CallExpression): boolean => {
    const callee = skipOuter(ts, call.expression);
    const handler = call.arguments[0] === undefined ? undefined : skipOuter(ts, call.arguments[0]);
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'then' || !isField(callee.expression)) return false;
    if (handler === undefined || (!ts.isArrowFunction(handler) && !ts.isFunctionExpression(handler))) return false;
    const parameter = handler.parameters[0]?.name;
    if (parameter === undefined || !ts.isIdentifier(parameter)) return false;
    const isParameter = (expression: TS.Expression): boolean => {
      const inner = skipOuter(ts, expression);
      return ts.isIdentifier(inner) && inner.text === parameter.text;
    };
    return ts.forEachChild(handler.body, function inner(child): boolean {
      if (ts.isCallExpression(child) && releasesThrough(context, child, release, isParameter)) return true;
      return ts.forEachChild(child, inner) === true;
    }) === true || (ts.isCallExpression(handler.body) && releasesThrough(context, handler.body, release, isParameter));
  };
  const visit = (node: TS.Node): boolean => {
    if (ts.isCallExpression(node)) {
      const callee = skipOuter(ts, node.expression);
      if (ts.isElementAccessExpression(callee) && isField(callee.expression) && /Symbol\.(asyncDispose|dispose)/.test(callee.argumentExpression.getText())) return true;
      if (releasesThrough(context, node, release, isField) || releasesInHandler(node)) return true;
    }
    // `const runner = this.runner; … runner.release()`: an alias read from the field.
    const alias = ts.isVariableDeclaration(node) ? aliasOf(node) : undefined;
    if (alias !== undefined && ts.isVariableDeclaration(node)) {
      const scope = node.parent.parent.parent;
      const isAlias = (expression: TS.Expression): boolean => {
        const inner = skipOuter(ts, expression);
        return ts.isIdentifier(inner) && inner.text === alias;
      };
      const found = scope !== undefined && ts.forEachChild(scope, function inner(child): boolean {
        if (ts.isCallExpression(child) && releasesThrough(context, child, release, isAlias)) return true;
        return ts.forEachChild(child, inner) === true;
      }) === true;
      if (found) return true;
    }
    return ts.forEachChild(node, visit) === true;
  };
  if (classNode.members.some((member) => visit(member))) return true;
  // A base class's `close()` or `[Symbol.asyncDispose]()` releases the field for every subclass.
  const base = getBaseClass(context, classNode);
  return base !== undefined && depth < 4 && classReleasesField(context, base, field, release, isCollection, depth + 1);
}

/** The project class `classNode` extends (`class GraphUnit extends BaseUnit`), if it is one. */
function getBaseClass(context: AnalysisContext, classNode: TS.ClassLikeDeclaration): TS.ClassLikeDeclaration | undefined {
  const ts = context.ts;
  const clause = classNode.heritageClauses?.find((heritage) => heritage.token === ts.SyntaxKind.ExtendsKeyword);
  const extended = clause?.types[0]?.expression;
  return extended === undefined ? undefined : resolveProjectClass(context, extended);
}

/** A member that reads `this.<field>` and calls a release method: it releases the collection's elements. */
function classReleasesElements(ts: TypeScript, classNode: TS.ClassLikeDeclaration, field: string, release: ReadonlySet<string>): boolean {
  return classNode.members.some((member) => {
    let readsField = false;
    let releases = false;
    const visit = (node: TS.Node): void => {
      if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && node.name.text === field) readsField = true;
      if (ts.isCallExpression(node)) {
        const name = getCalleeName(ts, node.expression);
        if (name !== undefined && release.has(name)) releases = true;
      }
      ts.forEachChild(node, visit);
    };
    visit(member);
    return readsField && releases;
  });
}

/**
 * Whole-program pass: classes with one instance per process that only another file shows, resolved
 * through the checker: instantiated at module scope (`export const users = new UsersService()`) or
 * bound as a singleton by a container (`container.bind(Repo).toSelf().inSingletonScope()`). Maps each
 * class to how it is made, in a message's words. Only the auditor, which sees every file, computes it.
 */
export function collectProgramSingletons(context: AnalysisContext, sourceFiles: readonly TS.SourceFile[]): Map<TS.ClassLikeDeclaration, string> {
  const ts = context.ts;
  const checker = context.checker;
  const result = new Map<TS.ClassLikeDeclaration, string>();
  if (checker === undefined) return result;
  const add = (expression: TS.Expression, how: string): void => {
    const declaration = getNamedSymbol(ts, checker, expression)?.declarations?.find((candidate) => ts.isClassLike(candidate)) as TS.ClassLikeDeclaration | undefined;
    if (declaration !== undefined && !declaration.getSourceFile().isDeclarationFile && !result.has(declaration)) result.set(declaration, how);
  };
  for (const sourceFile of sourceFiles) {
    for (const created of getModuleLevelNews(ts, sourceFile)) add(created.expression, 'instantiated once at module scope in another file');
    for (const bound of getSingletonBindings(context, sourceFile)) add(bound.target, `bound as ${withArticle(bound.what)} in another file`);
  }
  return result;
}

function withArticle(words: string): string {
  return `${/^[aeiou]/i.test(words) ? 'an' : 'a'} ${words}`;
}

/**
 * `new X(…)` expressions evaluated once, when the module loads: initialising a module-level variable,
 * the default export, or assigned at the top level (CommonJS `module.exports = new X()`,
 * `exports.orders = new OrderService()`); also as a property of an object literal there
 * (`module.exports = { orders: new OrderService() }`).
 */
function getModuleLevelNews(ts: TypeScript, sourceFile: TS.SourceFile): TS.NewExpression[] {
  const found: TS.NewExpression[] = [];
  for (const statement of sourceFile.statements) {
    const expressions: TS.Expression[] = [];
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) if (declaration.initializer !== undefined) expressions.push(declaration.initializer);
    } else if (ts.isExportAssignment(statement)) {
      expressions.push(statement.expression);
    } else if (ts.isExpressionStatement(statement)) {
      const assignment = skipOuter(ts, statement.expression);
      if (ts.isBinaryExpression(assignment) && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken) expressions.push(assignment.right);
    }
    for (const expression of expressions) {
      const inner = skipOuter(ts, expression);
      if (ts.isNewExpression(inner)) found.push(inner);
      else if (ts.isObjectLiteralExpression(inner)) {
        for (const property of inner.properties) {
          const value = ts.isPropertyAssignment(property) ? skipOuter(ts, property.initializer) : undefined;
          if (value !== undefined && ts.isNewExpression(value)) found.push(value);
        }
      }
    }
  }
  return found;
}
