import type * as TS from 'typescript';

import {
  getPackageName,
  isLibraryPackage,
  type AcquireSpec,
  type LibraryEntry,
} from './catalog.js';
import { getSummarySlots, type AnalysisContext, type TypeScript } from './context.js';
import { findGuard, getParameterIndexes, runsGuarded, type Guard } from './guards.js';
import { isLazyInitialization } from './lazy-initialization.js';
import {
  cannotContainCalls,
  climbParens,
  getCalleeName,
  getObjectAssignTarget,
  getStaticName,
  hasModifier,
  isFunctionWithBody,
  isNullishLiteral,
  skipOuterExpressions,
  skipParens,
  type FunctionLike,
} from './flow/boundaries.js';
import {
  findLocalDeclaration,
  getClassMember,
  getConstructor,
  getFileFacts,
  getLocalFunction,
  getRequiredModule,
  getThisClass,
  isModuleLevel,
  type ImportBinding,
} from './scope.js';

/** One step of a call chain: a project function (factory or opener) and the call it makes. */
export interface ChainLink {
  readonly name: string;
  /** The call inside that function that leads on (the next link's call, or the library call). */
  readonly call: TS.CallExpression | TS.NewExpression;
}

/** A call that acquires a catalog resource, directly or through project session factories. */
export interface Acquisition {
  readonly node: TS.CallExpression | TS.NewExpression;
  readonly spec: AcquireSpec;
  readonly library: string;
  /** Session factories called on the way to the library call, outermost first; empty for a direct call. */
  readonly chain: readonly ChainLink[];
  /** A callback-scoped API (`dataSource.transaction(cb)`): the library releases it around the callback. */
  readonly scoped: boolean;
}

interface TracedType {
  readonly entry: LibraryEntry;
  readonly typeName: string;
}

type CallLike = TS.CallExpression | TS.NewExpression;

/**
 * The acquisition `node` performs, if any: a catalog call recognised from its resolved declaration
 * (typed) or its imports and traced receiver (untyped), or a call of a project session factory.
 * Callback-scoped forms (`knex.transaction(cb)`) are not acquisitions.
 */
export function getAcquisition(context: AnalysisContext, node: TS.Node): Acquisition | undefined {
  const found = getAcquisitionOrScoped(context, node);
  return found?.scoped === true ? undefined : found;
}

/** Like {@link getAcquisition}, but callback-scoped APIs are returned too, marked `scoped`. */
export function getAcquisitionOrScoped(context: AnalysisContext, node: TS.Node): Acquisition | undefined {
  const ts = context.ts;
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return undefined;
  if (!mayAcquire(context, node)) return undefined;
  // Every rule asks about the same calls: answer each once per program.
  return answerOnce(context, node, ACQUISITION_KEY, () => computeAcquisition(context, node));
}

const ACQUISITION_KEY = Symbol('acquisition');

/**
 * The answer kept under `key` for `node`, computed on the first question. A question about the same
 * node while its answer is being computed (a cycle through traced receivers) gets `undefined`.
 */
function answerOnce<T>(context: AnalysisContext, node: TS.Node, key: symbol, compute: () => T | undefined): T | undefined {
  const entry = getSummarySlots(context, node);
  if (key in entry) return entry[key] as T | undefined;
  entry[key] = undefined;
  const found = compute();
  entry[key] = found;
  return found;
}

/**
 * A syntactic filter, true for every call that can acquire directly, through a session factory or
 * through a session opener: its callee is named like a catalog acquisition or like a project function
 * that can reach one, or it is a `require(…)` form. Most calls fail it, so the checks ask it first and
 * keep no cache entry for them.
 */
export function mayAcquire(context: AnalysisContext, node: CallLike): boolean {
  const ts = context.ts;
  const callee = getCalleeImport(context, node.expression);
  if (callee !== undefined) {
    if (catalogNameOf(context, callee) !== undefined) return true;
    if (ts.isCallExpression(node) && mayReachAcquisition(context, node, projectNameOf(callee))) return true;
  }
  return ts.isCallExpression(node) && getRequiredModule(ts, node.expression) !== undefined;
}

/** A callee's own name, and the import it is bound to when it is a plain identifier. */
interface CalleeImport {
  readonly name: string;
  readonly binding: ImportBinding | undefined;
}

function getCalleeImport(context: AnalysisContext, expression: TS.Expression): CalleeImport | undefined {
  const ts = context.ts;
  const name = getCalleeName(ts, expression);
  if (name === undefined) return undefined;
  const inner = skipParens(ts, expression);
  if (ts.isIdentifier(inner)) return { name, binding: getFileFacts(context, inner.getSourceFile()).imports.get(name) };
  // `IORedis.default` on a namespace import (`import * as IORedis from 'ioredis'`): the module's default
  // export, as a default import would name it.
  if (name === 'default' && ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.expression)) {
    const binding = getFileFacts(context, inner.getSourceFile()).imports.get(inner.expression.text);
    if (binding?.imported === '*') return { name, binding };
  }
  return { name, binding: undefined };
}

/**
 * The name the catalog may know a callee by: its own name when the catalog has it; for an identifier
 * imported under another name, the imported name (`import { Pool as PgPool } from 'pg'`) or, for a
 * default import, the library's default-export acquisition (`import IORedis from 'ioredis'`,
 * `import knexFactory from 'knex'`). A syntactic answer: the match itself still checks the binding
 * (untyped) or the resolved declaration (typed).
 */
function getCatalogName(context: AnalysisContext, callee: TS.Expression): string | undefined {
  const found = getCalleeImport(context, callee);
  return found === undefined ? undefined : catalogNameOf(context, found);
}

function catalogNameOf(context: AnalysisContext, { name, binding }: CalleeImport): string | undefined {
  const { acquireNames } = context.catalog;
  if (acquireNames.has(name)) return name;
  if (binding === undefined) return undefined;
  if (binding.imported !== 'default' && binding.imported !== '*') return acquireNames.has(binding.imported) ? binding.imported : undefined;
  return entryForModule(context, binding.module)?.acquire.find(
    (spec) => spec.defaultExport === true && (spec.form === 'call' || spec.form === 'new'),
  )?.name;
}

/**
 * The name a callee or function reference has among the project's functions: its own name, or for an
 * identifier imported under another name (`import { loadAccount as load } from './accounts'`), the
 * imported name, which is the name its declaration has.
 */
export function getProjectCallName(context: AnalysisContext, expression: TS.Expression): string | undefined {
  const found = getCalleeImport(context, expression);
  return found === undefined ? undefined : projectNameOf(found);
}

function projectNameOf({ name, binding }: CalleeImport): string {
  return binding === undefined || binding.imported === 'default' || binding.imported === '*' ? name : binding.imported;
}

function computeAcquisition(context: AnalysisContext, node: CallLike): Acquisition | undefined {
  const ts = context.ts;
  const name = getCatalogName(context, node.expression);
  // Cheapest first: only catalog names can be direct acquisitions.
  if (name !== undefined) {
    const direct = getCatalogMatch(context, node, name);
    if (direct !== undefined) return isInertRead(ts, direct) ? undefined : direct;
  } else if (ts.isCallExpression(node) && getRequiredModule(ts, node.expression) !== undefined) {
    return matchRequireCall(context, node);
  }
  return getFactoryAcquisition(context, node);
}

/**
 * The acquisition is only read for what it was made from (`ds.createQueryRunner('master').connection`):
 * a TypeORM query runner connects on `connect()` or its first query, so nothing is held.
 */
function isInertRead(ts: TypeScript, found: Acquisition): boolean {
  if (found.spec.inert === undefined) return false;
  const value = climbParens(ts, found.node);
  const parent = value.parent;
  return ts.isPropertyAccessExpression(parent) && parent.expression === value && found.spec.inert.includes(parent.name.text);
}

/** {@link matchCatalogCall}, answered once per call for the program (or file). */
function getCatalogMatch(context: AnalysisContext, node: CallLike, name: string): Acquisition | undefined {
  return answerOnce(context, node, CATALOG_MATCH_KEY, () => matchCatalogCall(context, node, name));
}

const CATALOG_MATCH_KEY = Symbol('catalogMatch');

function matchCatalogCall(context: AnalysisContext, node: CallLike, name: string): Acquisition | undefined {
  if (context.checker !== undefined) {
    const typed = matchTyped(context, context.checker, node, name);
    // Resolved to a declaration: the answer is final (a project class named `Pool` is not pg's).
    if (typed !== 'unresolved') return typed;
  }
  return matchUntyped(context, node, name);
}

function specsNamed(context: AnalysisContext, name: string): readonly (readonly [LibraryEntry, AcquireSpec])[] {
  return context.catalog.acquireSpecs.get(name) ?? [];
}

function acquisition(context: AnalysisContext, node: CallLike, entry: LibraryEntry, spec: AcquireSpec): Acquisition | undefined {
  const scoped = spec.scoped === true || (spec.scopedWhenCallback === true && hasCallbackArgument(context, node, spec.callbackAfter));
  return { node, spec, library: entry.library, chain: [], scoped };
}

interface DeclarationInfo {
  readonly name: string | undefined;
  readonly container: string | undefined;
  readonly containerIsClass: boolean;
  readonly packageName: string | undefined;
  readonly isStatic: boolean;
}

function describeDeclaration(ts: TypeScript, declaration: TS.Node): DeclarationInfo {
  let named: TS.Node = declaration;
  if (
    (ts.isFunctionTypeNode(declaration) || ts.isArrowFunction(declaration) || ts.isFunctionExpression(declaration)) &&
    (ts.isPropertySignature(declaration.parent) ||
      ts.isPropertyDeclaration(declaration.parent) ||
      ts.isVariableDeclaration(declaration.parent))
  ) {
    named = declaration.parent;
  } else if (ts.isFunctionTypeNode(declaration) && ts.isTypeReferenceNode(declaration.parent)) {
    named = declaration.parent;
  }
  const nameNode = (named as { name?: TS.Node }).name;
  let name: string | undefined;
  if (ts.isConstructorDeclaration(declaration) || ts.isConstructSignatureDeclaration(declaration)) {
    name = getContainerName(ts, declaration.parent);
  } else if (nameNode !== undefined && (ts.isIdentifier(nameNode) || ts.isStringLiteral(nameNode))) {
    name = nameNode.text;
  }
  let containerNode: TS.Node | undefined = named.parent;
  if (containerNode !== undefined && ts.isVariableDeclarationList(containerNode)) containerNode = containerNode.parent?.parent;
  const container = containerNode === undefined ? undefined : getContainerName(ts, containerNode);
  const packageName = getDeclarationPackage(declaration);
  return {
    name,
    container,
    containerIsClass:
      containerNode !== undefined &&
      (ts.isClassLike(containerNode) || ts.isInterfaceDeclaration(containerNode) || ts.isTypeLiteralNode(containerNode)),
    packageName,
    isStatic: hasModifier(ts, named, ts.SyntaxKind.StaticKeyword),
  };
}

/** The package a declaration comes from (`pg`, `@types/pg`), or `undefined` for the project's own code. */
export function getDeclarationPackage(declaration: TS.Node): string | undefined {
  const fileName = declaration.getSourceFile().fileName;
  const index = fileName.lastIndexOf('/node_modules/');
  return index === -1 ? undefined : getPackageName(fileName.slice(index + '/node_modules/'.length));
}

function getContainerName(ts: TypeScript, node: TS.Node): string | undefined {
  if ((ts.isClassLike(node) || ts.isInterfaceDeclaration(node)) && node.name !== undefined) return node.name.text;
  if (ts.isTypeLiteralNode(node) && ts.isTypeAliasDeclaration(node.parent)) return node.parent.name.text;
  if (ts.isModuleBlock(node)) return node.parent.name.text;
  return undefined;
}

function matchTyped(
  context: AnalysisContext,
  checker: TS.TypeChecker,
  node: CallLike,
  name: string,
): Acquisition | undefined | 'unresolved' {
  const ts = context.ts;
  if (ts.isNewExpression(node)) return matchTypedNew(context, checker, node, name);
  const declaration = getCalledDeclaration(ts, checker, node);
  if (declaration === undefined || ts.isJSDocSignature(declaration)) return 'unresolved';
  const info = describeDeclaration(ts, declaration);
  if (info.packageName === undefined) return matchProjectDeclared(context, node, name);
  for (const [entry, spec] of specsNamed(context, info.name ?? name)) {
    if (spec.form === 'new' || !isLibraryPackage(entry, info.packageName)) continue;
    if (spec.form === 'call') {
      const isFunction = !info.containerIsClass;
      const isStaticFactory = info.isStatic && info.container !== undefined && spec.via?.includes(info.container) === true;
      if (spec.isStatic === true ? !isStaticFactory : !isFunction) continue;
    } else {
      const onType = info.container !== undefined && spec.on?.includes(info.container) === true;
      const viaExport = !info.containerIsClass && spec.via !== undefined;
      if (!onType && !viaExport && spec.on !== undefined) continue;
    }
    return acquisition(context, node, entry, spec);
  }
  return undefined;
}

/**
 * The declaration a call runs. The callee's symbol answers when its declarations are one function or
 * method, or overloads of it (they share name, container and package, which is all the catalog asks);
 * only other callees (union receivers, function-typed properties, merged declarations) pay for overload
 * resolution, which type-checks every argument, callback bodies included.
 */
function getCalledDeclaration(ts: TypeScript, checker: TS.TypeChecker, node: TS.CallExpression): TS.Declaration | undefined {
  const callee = skipParens(ts, node.expression);
  if (ts.isPropertyAccessExpression(callee) || ts.isIdentifier(callee)) {
    const declarations = getNamedSymbol(ts, checker, callee)?.declarations ?? [];
    const first = declarations[0];
    if (
      first !== undefined &&
      declarations.every(
        (declaration) =>
          declaration.parent === first.parent &&
          (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)),
      )
    ) {
      return first;
    }
  }
  return checker.getResolvedSignature(node)?.declaration;
}

function matchTypedNew(
  context: AnalysisContext,
  checker: TS.TypeChecker,
  node: TS.NewExpression,
  name: string,
): Acquisition | undefined | 'unresolved' {
  const type = checker.getTypeAtLocation(node);
  if ((type.flags & (context.ts.TypeFlags.Any | context.ts.TypeFlags.Unknown)) !== 0) return 'unresolved';
  const seen = new Set<TS.Type>();
  const queue: TS.Type[] = [type];
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (seen.has(current)) continue;
    seen.add(current);
    const symbol = current.getSymbol();
    const declaration = symbol?.declarations?.[0];
    if (symbol !== undefined && declaration !== undefined) {
      const packageName = getDeclarationPackage(declaration);
      for (const [entry, spec] of specsNamed(context, symbol.name)) {
        if (spec.form !== 'new') continue;
        const fromPackage = packageName !== undefined && isLibraryPackage(entry, packageName);
        // Generated clients (Prisma) live in the project: recognise them by name and release member.
        const generated = spec.anySource === true && spec.release.some((release) => current.getProperty(release) !== undefined);
        if (fromPackage || generated) return acquisition(context, node, entry, spec);
      }
    }
    if (current.isClassOrInterface()) queue.push(...(checker.getBaseTypes(current) ?? []));
  }
  return undefined;
}

/**
 * A call the checker resolves into the project: user factories from settings, and APIs of generated
 * clients (Prisma's `$transaction`), match by name as they would untyped.
 */
function matchProjectDeclared(context: AnalysisContext, node: CallLike, name: string): Acquisition | undefined {
  for (const [entry, spec] of specsNamed(context, name)) {
    if (entry.packages.length === 0 || spec.anySource === true || spec.uniqueName === true) {
      const untyped = matchUntyped(context, node, name);
      if (untyped !== undefined) return untyped;
    }
  }
  return undefined;
}

function entryForModule(context: AnalysisContext, module: string): LibraryEntry | undefined {
  if (module.startsWith('.') || module.startsWith('/')) return undefined;
  const packageName = getPackageName(module);
  return context.catalog.libraries.find((entry) => isLibraryPackage(entry, packageName));
}

function isEntryBinding(context: AnalysisContext, binding: ImportBinding | undefined, entry: LibraryEntry): boolean {
  return binding !== undefined && entryForModule(context, binding.module) === entry;
}

function getBinding(context: AnalysisContext, node: TS.Expression): ImportBinding | undefined {
  const ts = context.ts;
  const inner = skipParens(ts, node);
  if (ts.isIdentifier(inner)) {
    const declaration = findLocalDeclaration(ts, inner.text, inner);
    // A declaration below the top level shadows the import, unless it is a `require` of its own
    // (`const Redis = require('ioredis')` inside a function); top-level ones may be `require` bindings.
    if (declaration !== undefined && !isModuleLevel(ts, declaration)) return getLocalRequireBinding(ts, declaration, inner.text);
    return getFileFacts(context, inner.getSourceFile()).imports.get(inner.text);
  }
  const required = getRequiredModule(ts, inner);
  if (required !== undefined) return { module: required.module, imported: required.member ?? '*' };
  // `pg_1.default` on a whole module (compiled `import pg from 'pg'`, `__importDefault(require('pg'))`):
  // a CommonJS module's default export is the module itself.
  if (ts.isPropertyAccessExpression(inner) && inner.name.text === 'default') {
    const whole = getBinding(context, inner.expression);
    if (whole?.imported === '*') return whole;
  }
  return undefined;
}

/** `const Redis = require('ioredis')`, `const { Pool } = require('pg')` below the top level: what it binds `name` to. */
function getLocalRequireBinding(ts: TypeScript, declaration: TS.Node, name: string): ImportBinding | undefined {
  const element = ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent) ? declaration : undefined;
  const variable = element !== undefined ? element.parent.parent : declaration;
  if (!ts.isVariableDeclaration(variable) || variable.initializer === undefined) return undefined;
  const required = getRequiredModule(ts, skipParens(ts, variable.initializer));
  if (required === undefined) return undefined;
  if (element === undefined) return ts.isIdentifier(variable.name) ? { module: required.module, imported: required.member ?? '*' } : undefined;
  if (required.member !== undefined) return undefined;
  const imported = element.propertyName === undefined ? name : getStaticName(ts, element.propertyName);
  return imported === undefined ? undefined : { module: required.module, imported };
}

function matchUntyped(context: AnalysisContext, node: CallLike, name: string): Acquisition | undefined {
  const ts = context.ts;
  const callee = skipParens(ts, node.expression);
  const sourceFile = node.getSourceFile();
  // What the receiver of `receiver.name()` is bound to, its owner's binding and its traced type: the same
  // for every library that has a method of this name (`connect`), so each is looked up once, when needed.
  let receiver: ReceiverFacts | undefined;
  for (const [entry, spec] of specsNamed(context, name)) {
    let matched = false;
    if (spec.form === 'new' || (spec.form === 'call' && !ts.isNewExpression(node))) {
      if (spec.form === 'new' && !ts.isNewExpression(node)) continue;
      matched = matchesExport(context, callee, entry, spec);
    } else if (spec.form === 'method' && ts.isCallExpression(node) && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee))) {
      receiver ??= getReceiverFacts(context, skipParens(ts, callee.expression));
      const binding = receiver.binding;
      if (binding !== undefined && isEntryBinding(context, binding, entry)) {
        matched =
          spec.via !== undefined &&
          (spec.via.includes(binding.imported) || binding.imported === 'default' || binding.imported === '*');
      } else if (
        receiver.viaName !== undefined &&
        spec.via?.includes(receiver.viaName) === true &&
        isEntryBinding(context, receiver.getOwnerBinding(), entry)
      ) {
        matched = true;
      } else {
        const traced = receiver.getTraced();
        if (traced !== undefined) {
          matched = traced.entry === entry && spec.on?.includes(traced.typeName) === true;
        } else if (spec.uniqueName === true) {
          matched = true;
        } else if (spec.distinctive === true) {
          const modules = getFileFacts(context, sourceFile).importedModules;
          matched = [...modules].some((module) => entryForModule(context, module) === entry);
        }
      }
    }
    if (matched) return acquisition(context, node, entry, spec);
  }
  return undefined;
}

interface ReceiverFacts {
  readonly binding: ImportBinding | undefined;
  /** For `owner.name` receivers, `name` (`mongoose.connection`). */
  readonly viaName: string | undefined;
  getOwnerBinding(): ImportBinding | undefined;
  getTraced(): TracedType | undefined;
}

function getReceiverFacts(context: AnalysisContext, receiver: TS.Expression): ReceiverFacts {
  const ts = context.ts;
  const owner = ts.isPropertyAccessExpression(receiver) ? receiver.expression : undefined;
  let ownerBinding: { value: ImportBinding | undefined } | undefined;
  let traced: { value: TracedType | undefined } | undefined;
  return {
    binding: getBinding(context, receiver),
    viaName: ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined,
    getOwnerBinding: () => (ownerBinding ??= { value: owner === undefined ? undefined : getBinding(context, owner) }).value,
    getTraced: () => (traced ??= { value: traceType(context, receiver, 0) }).value,
  };
}

/** `new Pool()`, `new pg.Pool()`, `createPool()`, `mysql.createPool()`, `MongoClient.connect()`, `knex()`. */
function matchesExport(context: AnalysisContext, callee: TS.Expression, entry: LibraryEntry, spec: AcquireSpec): boolean {
  const ts = context.ts;
  if (ts.isIdentifier(callee)) {
    const binding = getBinding(context, callee);
    if (spec.anySource === true && entry.packages.length === 0) {
      // A user factory: any call of that name, or of a binding imported from its module.
      return spec.module === undefined ? binding === undefined || binding.imported === spec.name || callee.text === spec.name : binding?.module === spec.module;
    }
    if (spec.module !== undefined) return binding?.module === spec.module;
    if (binding === undefined) return false;
    if (spec.anySource === true && binding.imported === spec.name) return true;
    if (!isEntryBinding(context, binding, entry)) return false;
    if (binding.imported === spec.name) return true;
    return (binding.imported === 'default' || binding.imported === '*') && (spec.defaultExport === true || callee.text === spec.name);
  }
  // `new IORedis.default()` on a namespace import: the module's default export.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'default' && spec.defaultExport === true) {
    const binding = getBinding(context, callee.expression);
    return binding !== undefined && binding.imported === '*' && isEntryBinding(context, binding, entry);
  }
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === spec.name) {
    // `mongodb.MongoClient.connect(url)`: the static through a namespace import or a whole-module `require`.
    const owner = skipParens(ts, callee.expression);
    if (spec.via !== undefined && ts.isPropertyAccessExpression(owner) && spec.via.includes(owner.name.text)) {
      const namespace = getBinding(context, owner.expression);
      if (namespace !== undefined && (namespace.imported === '*' || namespace.imported === 'default') && isEntryBinding(context, namespace, entry)) return true;
    }
    const binding = getBinding(context, callee.expression);
    // Generated clients: `import * as db from '../generated/prisma'; new db.PrismaClient()`.
    if (spec.anySource === true && entry.packages.length > 0 && binding !== undefined && binding.imported === '*') return true;
    if (binding === undefined || !isEntryBinding(context, binding, entry)) return false;
    if (spec.via !== undefined && spec.via.includes(binding.imported)) return true;
    const isWholeModule = binding.imported === '*' || binding.imported === 'default';
    // `Redis.createClient()` on `import Redis from 'ioredis'`: a static of the class the module exports by default.
    if (spec.isStatic === true) return isWholeModule && entry.acquire.some((other) => other.defaultExport === true && spec.via?.includes(other.name) === true);
    return isWholeModule || binding.imported === entry.library;
  }
  return false;
}

function matchRequireCall(context: AnalysisContext, node: TS.CallExpression): Acquisition | undefined {
  const required = getRequiredModule(context.ts, node.expression);
  if (required === undefined || required.member !== undefined && required.member !== 'default') return undefined;
  const entry = entryForModule(context, required.module);
  const spec = entry?.acquire.find((candidate) => candidate.form === 'call' && candidate.defaultExport === true);
  return entry === undefined || spec === undefined ? undefined : acquisition(context, node, entry, spec);
}

/**
 * The library type an expression holds, traced without a checker: local declarations with a type
 * annotation naming an imported library type, initializers that are acquisitions, and `this.field`.
 */
export function traceType(context: AnalysisContext, expression: TS.Expression, depth: number): TracedType | undefined {
  const ts = context.ts;
  if (depth > 4) return undefined;
  const node = skipOuterExpressions(ts, expression);
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const found = getAcquisition(context, node);
    if (found?.spec.produces === undefined) return undefined;
    const entry = context.catalog.libraries.find((candidate) => candidate.library === found.library);
    return entry === undefined ? undefined : { entry, typeName: found.spec.produces };
  }
  if (ts.isIdentifier(node)) {
    const declaration = findLocalDeclaration(ts, node.text, node);
    if (declaration === undefined) return undefined;
    if (ts.isVariableDeclaration(declaration) || ts.isParameter(declaration)) {
      if (declaration.type !== undefined) return traceAnnotation(context, declaration.type);
      if (declaration.initializer !== undefined) return traceType(context, declaration.initializer, depth + 1);
    }
    // `({ pool }: { pool: Pool })`: the member of the pattern's type literal.
    if (ts.isBindingElement(declaration) && ts.isObjectBindingPattern(declaration.parent)) {
      const holder = declaration.parent.parent;
      const key = declaration.propertyName === undefined ? node.text : getStaticName(ts, declaration.propertyName);
      const literal = (ts.isParameter(holder) || ts.isVariableDeclaration(holder)) && holder.type !== undefined && ts.isTypeLiteralNode(holder.type) ? holder.type : undefined;
      const member = literal?.members.find((candidate) => ts.isPropertySignature(candidate) && candidate.name !== undefined && getStaticName(ts, candidate.name) === key);
      if (member !== undefined && ts.isPropertySignature(member) && member.type !== undefined) return traceAnnotation(context, member.type);
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const classNode = getThisClass(ts, node);
    const member = classNode === undefined ? undefined : getClassMember(ts, classNode, node.name.text);
    if (member !== undefined && ts.isMethodDeclaration(member)) return undefined;
    if (member?.type !== undefined) return traceAnnotation(context, member.type);
    if (member?.initializer !== undefined) return traceType(context, member.initializer, depth + 1);
    // `constructor() { this.pool = new Pool(); }`, the usual JavaScript shape, with no field declared.
    const assigned = classNode === undefined ? undefined : getConstructorAssignment(ts, classNode, node.name.text);
    if (assigned !== undefined) return traceType(context, assigned, depth + 1);
  }
  return undefined;
}

/** The value a class's constructor assigns to `this.name` in its own statements (the last such assignment). */
function getConstructorAssignment(ts: TypeScript, classNode: TS.ClassLikeDeclaration, name: string): TS.Expression | undefined {
  const constructor = getConstructor(ts, classNode);
  let value: TS.Expression | undefined;
  for (const statement of constructor?.body?.statements ?? []) {
    if (!ts.isExpressionStatement(statement)) continue;
    const assignment = skipParens(ts, statement.expression);
    if (!ts.isBinaryExpression(assignment) || assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
    const target = skipParens(ts, assignment.left);
    if (ts.isPropertyAccessExpression(target) && target.expression.kind === ts.SyntaxKind.ThisKeyword && target.name.text === name) value = assignment.right;
  }
  return value;
}

function traceAnnotation(context: AnalysisContext, type: TS.TypeNode): TracedType | undefined {
  const ts = context.ts;
  if (ts.isUnionTypeNode(type)) {
    for (const member of type.types) {
      const traced = traceAnnotation(context, member);
      if (traced !== undefined) return traced;
    }
    return undefined;
  }
  if (!ts.isTypeReferenceNode(type)) return undefined;
  const facts = getFileFacts(context, type.getSourceFile());
  const typeName = type.typeName;
  if (ts.isIdentifier(typeName)) {
    const binding = facts.imports.get(typeName.text);
    const entry = binding === undefined ? undefined : entryForModule(context, binding.module);
    if (entry === undefined || binding === undefined) return undefined;
    const imported = binding.imported === 'default' || binding.imported === '*' ? typeName.text : binding.imported;
    return { entry, typeName: imported };
  }
  let left: TS.EntityName = typeName.left;
  while (ts.isQualifiedName(left)) left = left.left;
  const binding = facts.imports.get(left.text);
  const entry = binding === undefined ? undefined : entryForModule(context, binding.module);
  return entry === undefined ? undefined : { entry, typeName: typeName.right.text };
}

/**
 * A function argument (or, typed, an argument with call signatures; untyped, an unknown identifier).
 * With `after`, only among the arguments from that index on, and only a certain function.
 */
function hasCallbackArgument(context: AnalysisContext, node: CallLike, after?: number): boolean {
  const ts = context.ts;
  return (node.arguments ?? []).some((argument, index) => {
    if (after !== undefined && index < after) return false;
    const inner = skipParens(ts, argument);
    if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return true;
    if (ts.isObjectLiteralExpression(inner) || ts.isLiteralExpression(inner) || inner.kind === ts.SyntaxKind.UndefinedKeyword) {
      return false;
    }
    if (context.checker !== undefined) {
      const type = context.checker.getTypeAtLocation(inner);
      // `callback: any` (every parameter of a JavaScript file): judged by its shape, as without types.
      if ((type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) === 0) return type.getCallSignatures().length > 0;
    }
    if (ts.isIdentifier(inner)) {
      if (inner.text === 'undefined') return false;
      const declaration = findLocalDeclaration(ts, inner.text, inner);
      if (declaration === undefined) return after === undefined;
      if (ts.isFunctionDeclaration(declaration)) return true;
      const initializer = ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
      if (initializer === undefined) return after === undefined;
      return ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer);
    }
    return false;
  });
}

/**
 * The project function a call runs, when its body is available: typed, through the checker (any file
 * of the program, not declaration files); untyped, a function of the same file (`f()`, `this.m()`).
 */
export function resolveProjectFunction(
  context: AnalysisContext,
  node: CallLike,
  purpose: FunctionPurpose = 'acquire',
): FunctionLike | undefined {
  // Cheapest first: only callees named like a project function that can reach an acquisition (or a
  // release) are worth the checker.
  const name = getProjectCallName(context, node.expression);
  if (name === undefined) return undefined;
  if (purpose === 'acquire' ? !mayReachAcquisition(context, node, name) : !getProjectFunctionNames(context, node, purpose).has(name)) {
    return undefined;
  }
  return resolveFunctionExpression(context, node.expression);
}

/**
 * The project function an expression names (a callee, or a callback passed by reference): typed,
 * through the expression's symbol in any file; untyped, a function of the same file.
 */
export function resolveFunctionExpression(context: AnalysisContext, expression: TS.Expression): FunctionLike | undefined {
  const checker = context.checker;
  if (checker === undefined) return resolveLocalFunction(context, expression);
  // Asked again for the same callee by later questions (a release walk, then the walk after a
  // hand-off): the checker is asked once per expression.
  const slots = getSummarySlots(context, expression);
  if (RESOLVED_FUNCTION_KEY in slots) return slots[RESOLVED_FUNCTION_KEY] as FunctionLike | undefined;
  const fn = resolveTypedFunction(context, checker, expression);
  slots[RESOLVED_FUNCTION_KEY] = fn;
  return fn;
}

const RESOLVED_FUNCTION_KEY = Symbol('resolvedFunction');

function resolveTypedFunction(context: AnalysisContext, checker: TS.TypeChecker, expression: TS.Expression): FunctionLike | undefined {
  const ts = context.ts;
  const declarations = getNamedSymbol(ts, checker, expression)?.declarations ?? [];
  for (const declaration of declarations) {
    const fn = getProjectImplementation(context, getDeclaredValue(ts, declaration) ?? declaration);
    if (fn !== undefined) return fn;
  }
  // `provider.acquire()` on an interface or an abstract class: the one project class that implements it.
  for (const declaration of declarations) {
    const fn = getSoleImplementation(context, declaration);
    if (fn !== undefined) return fn;
  }
  return undefined;
}

const IMPLEMENTATIONS_KEY = Symbol('implementations');

/**
 * For a method an interface declares (`acquire(): Promise<PoolClient>` in `interface ConnectionProvider`)
 * or an abstract class leaves abstract, the method of the one project class that implements that
 * interface or extends that class directly; none when there are several (which one runs is not known
 * here) or none.
 */
function getSoleImplementation(context: AnalysisContext, declaration: TS.Declaration): FunctionLike | undefined {
  const ts = context.ts;
  const checker = context.checker;
  const program = context.program;
  const container = declaration.parent;
  const isAbstract = ts.isMethodDeclaration(declaration) && declaration.body === undefined && ts.isClassLike(container);
  if (checker === undefined || program === undefined || !(ts.isMethodSignature(declaration) && ts.isInterfaceDeclaration(container)) && !isAbstract) return undefined;
  if (container.getSourceFile().isDeclarationFile || container.getSourceFile().fileName.includes('/node_modules/')) return undefined;
  const name = declaration.name === undefined ? undefined : getStaticName(ts, declaration.name);
  if (name === undefined) return undefined;
  const entry = getSummarySlots(context, container);
  let implementers = entry[IMPLEMENTATIONS_KEY] as readonly TS.ClassLikeDeclaration[] | undefined;
  if (implementers === undefined) {
    const found: TS.ClassLikeDeclaration[] = [];
    const target = checker.getSymbolAtLocation((container as TS.InterfaceDeclaration | TS.ClassDeclaration).name ?? container);
    for (const file of program.getSourceFiles()) {
      if (file.isDeclarationFile || file.fileName.includes('/node_modules/') || target === undefined) continue;
      for (const statement of file.statements) {
        if (!ts.isClassDeclaration(statement)) continue;
        const named = statement.heritageClauses?.some((clause) =>
          clause.types.some((type) => {
            // Only names that could be it are resolved.
            if (!ts.isIdentifier(type.expression) && !ts.isPropertyAccessExpression(type.expression)) return false;
            if (getStaticName(ts, ts.isIdentifier(type.expression) ? type.expression : type.expression.name) !== target.name) return false;
            return getNamedSymbol(ts, checker, type.expression) === target;
          }),
        );
        if (named === true) found.push(statement);
      }
    }
    implementers = found;
    entry[IMPLEMENTATIONS_KEY] = implementers;
  }
  const methods = implementers.flatMap((implementer) =>
    implementer.members.filter(
      (member): member is TS.MethodDeclaration => ts.isMethodDeclaration(member) && member.body !== undefined && getStaticName(ts, member.name) === name,
    ),
  );
  return methods.length === 1 ? methods[0] : undefined;
}

/**
 * The value a declaration gives its name: a variable's, field's or property's initializer, or the
 * right side of a JavaScript assignment the checker takes as the declaration
 * (`exports.openClient = async function () { … }`, `Repo.prototype.find = function () { … }`).
 */
function getDeclaredValue(ts: TypeScript, declaration: TS.Declaration): TS.Expression | undefined {
  if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) {
    return declaration.initializer === undefined ? undefined : skipParens(ts, declaration.initializer);
  }
  // A CommonJS module's own symbol (what `exports` names) is declared by its source file, which has no parent.
  const assignment: TS.Node | undefined = ts.isBinaryExpression(declaration) ? declaration : declaration.parent;
  return assignment !== undefined && ts.isBinaryExpression(assignment) && assignment.operatorToken.kind === ts.SyntaxKind.EqualsToken && (assignment === declaration || (assignment.left as TS.Node) === declaration)
    ? skipParens(ts, assignment.right)
    : undefined;
}

/**
 * The symbol an expression names (for `a.b`, the member `b`), through import aliases. The symbol, not
 * the resolved signature: resolving overloads would type-check every argument (callbacks included),
 * which is most of a full type check.
 */
export function getNamedSymbol(ts: TypeScript, checker: TS.TypeChecker, expression: TS.Expression): TS.Symbol | undefined {
  const inner = skipParens(ts, expression);
  const symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(inner) ? inner.name : inner);
  return symbol !== undefined && (symbol.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(symbol) : symbol;
}

/** What a project function is looked up for: acquiring (factories, openers) or releasing (closers). */
export type FunctionPurpose = 'acquire' | 'release';

/**
 * Names of the project functions and methods that can reach an acquisition (or a release): their
 * bodies call a catalog name, or a function of the set, to any depth. A purely syntactic fixpoint,
 * computed once per program (typed) or per file (untyped), so the checker is only asked about calls
 * that could matter.
 */
export function getProjectFunctionNames(context: AnalysisContext, at: TS.Node, purpose: FunctionPurpose): ReadonlySet<string> {
  return getProjectFunctions(context, at)[purpose];
}

function getProjectFunctions(context: AnalysisContext, at: TS.Node): ProjectFunctions {
  // A typed context belongs to one program, an untyped one to the one file its nodes come from.
  let facts = context.projectFunctions;
  if (facts === undefined) {
    const program = context.program;
    let files: readonly TS.SourceFile[];
    if (program === undefined) {
      // Untyped, only functions of this one file are followed: a file whose text names no catalog
      // call, and that imports no catalog library under another name, has none that reaches one,
      // and most files are such files.
      const file = at.getSourceFile();
      const mayName =
        context.catalog.namePattern.test(file.text) ||
        [...getFileFacts(context, file).importedModules].some((module) => entryForModule(context, module) !== undefined);
      files = mayName ? [file] : [];
    } else {
      files = program.getSourceFiles().filter((file) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/'));
    }
    const functions = collectFunctionFacts(context, files);
    const acquire = closeOver(functions, (fn) => fn.catalogCalls.length > 0);
    const byName = new Map<string, FunctionFacts[]>();
    for (const fn of functions) {
      for (const name of fn.names) {
        if (!acquire.has(name)) continue;
        const named = byName.get(name);
        if (named === undefined) byName.set(name, [fn]);
        else named.push(fn);
      }
    }
    const wrapping = new Set<string>();
    for (const fn of functions) if (fn.wraps) for (const name of fn.names) wrapping.add(name);
    facts = {
      acquire,
      release: closeOver(functions, (fn) => fn.releases),
      wrapping,
      byName,
      reaches: new Map(),
      unreachable: new Set(),
      refining: false,
    };
    context.projectFunctions = facts;
  }
  return facts;
}

/** The name fixpoints, and what is known so far of which names really reach an acquisition. */
export interface ProjectFunctions {
  readonly acquire: ReadonlySet<string>;
  readonly release: ReadonlySet<string>;
  /** Names of the functions that only return a construction of one of their parameters ({@link getReturnedConstruction}). */
  readonly wrapping: ReadonlySet<string>;
  /** The functions in the `acquire` set, by each of their names. */
  readonly byName: ReadonlyMap<string, readonly FunctionFacts[]>;
  /** Names already answered by {@link mayReachAcquisition}. */
  readonly reaches: Map<string, boolean>;
  /** Functions from which a search reached no acquiring call. */
  readonly unreachable: Set<FunctionFacts>;
  refining: boolean;
}

/**
 * Whether a call named `name` can run a project function that reaches an acquisition. The syntactic
 * fixpoint answers first; a name in it is then confirmed by searching, from the functions of that
 * name through the names they call, for one whose catalog-named calls really match the catalog
 * (resolved by the checker when typed). In a library's or app's own code the fixpoint also holds
 * every function that calls *a* `connect` or `query` (rxjs's `connect` operator makes `next` and
 * `subscribe` such names), and each of their call sites would otherwise cost a checker lookup.
 * The answer only decides whether the callee is worth resolving, so a call the search cannot rule
 * out (asked again while it runs) gets the fixpoint's answer.
 */
export function mayReachAcquisition(context: AnalysisContext, at: TS.Node, name: string): boolean {
  const facts = getProjectFunctions(context, at);
  if (!facts.acquire.has(name)) return false;
  const known = facts.reaches.get(name);
  if (known !== undefined) return known;
  // Asked again from inside the search (a catalog match traced a receiver through a factory call).
  if (facts.refining) return true;
  facts.refining = true;
  try {
    const found = searchAcquiringFunction(context, facts, name);
    facts.reaches.set(name, found);
    return found;
  } finally {
    facts.refining = false;
  }
}

function searchAcquiringFunction(context: AnalysisContext, facts: ProjectFunctions, name: string): boolean {
  const visited = new Set<FunctionFacts>();
  const pending = [...(facts.byName.get(name) ?? [])];
  while (pending.length > 0) {
    const fn = pending.pop()!;
    if (visited.has(fn) || facts.unreachable.has(fn)) continue;
    visited.add(fn);
    if (fn.catalogCalls.some((call) => getCatalogMatch(context, call.node, call.name) !== undefined)) return true;
    for (const called of fn.calls) {
      const known = facts.reaches.get(called);
      if (known === true) return true;
      if (known === undefined) pending.push(...(facts.byName.get(called) ?? []));
    }
  }
  // Nothing found: every function reachable from the ones visited was visited, and none acquires.
  for (const fn of visited) facts.unreachable.add(fn);
  return false;
}

/** A call and its callee's name. */
interface NamedCall {
  readonly node: CallLike;
  readonly name: string;
}

interface FunctionFacts {
  readonly names: readonly string[];
  readonly calls: ReadonlySet<string>;
  /** Calls named like a catalog acquisition, the function's own and its nested callbacks'. */
  readonly catalogCalls: readonly NamedCall[];
  readonly releases: boolean;
  /** Returns a construction of one of its parameters, and nothing else ({@link getReturnedConstruction}). */
  readonly wraps: boolean;
}

function closeOver(functions: readonly FunctionFacts[], seed: (fn: FunctionFacts) => boolean): Set<string> {
  const names = new Set<string>();
  let pending = functions.filter((fn) => {
    if (!seed(fn)) return true;
    for (const name of fn.names) names.add(name);
    return false;
  });
  for (let changed = true; changed; ) {
    changed = false;
    pending = pending.filter((fn) => {
      for (const call of fn.calls) {
        if (names.has(call)) {
          for (const name of fn.names) names.add(name);
          changed = true;
          return false;
        }
      }
      return true;
    });
  }
  return names;
}

interface MutableFunctionFacts {
  readonly names: readonly string[];
  readonly calls: Set<string>;
  readonly catalogCalls: NamedCall[];
  releases: boolean;
  readonly wraps: boolean;
}

/** Marks, on the walk's stack, the end of a function's subtree. */
const LEAVE_FUNCTION = Symbol('leaveFunction');

/**
 * One walk per file. A call counts for every named function around it: a nested callback's calls run
 * on the enclosing function's behalf (`rows.map(() => pool.connect())`).
 */
function collectFunctionFacts(context: AnalysisContext, files: readonly TS.SourceFile[]): FunctionFacts[] {
  const ts = context.ts;
  const { releaseNames, closers } = context.catalog;
  const result: MutableFunctionFacts[] = [];
  for (const file of files) {
    const enclosing: MutableFunctionFacts[] = [];
    const stack: (TS.Node | typeof LEAVE_FUNCTION)[] = [file];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node === LEAVE_FUNCTION) {
        enclosing.pop();
        continue;
      }
      if (isFunctionWithBody(ts, node) && node.body !== undefined) {
        const names = getDeclaredNames(ts, node);
        if (names.length > 0) {
          const wraps = getReturnedConstruction(ts, node) !== undefined;
          const facts: MutableFunctionFacts = { names, calls: new Set(), catalogCalls: [], releases: false, wraps };
          result.push(facts);
          enclosing.push(facts);
          stack.push(LEAVE_FUNCTION);
        }
      } else if (enclosing.length > 0 && (ts.isCallExpression(node) || ts.isNewExpression(node))) {
        const callee = getCalleeImport(context, node.expression);
        if (callee !== undefined) {
          const called = projectNameOf(callee);
          const catalogName = catalogNameOf(context, callee);
          const releases = releaseNames.has(called) || closers.has(called);
          for (const facts of enclosing) {
            facts.calls.add(called);
            if (catalogName !== undefined) facts.catalogCalls.push({ node, name: catalogName });
            if (releases) facts.releases = true;
          }
        }
      }
      ts.forEachChild(node, (child) => {
        if (!cannotContainCalls(ts, child)) stack.push(child);
      });
    }
  }
  return result;
}

/**
 * For a function that only wraps a parameter in a new object (`function makeStore(client) { return
 * new Store(client); }`, an arrow `(client) => new Store(client)`, a static `create`): the
 * construction it returns, and where the parameter goes in it.
 */
export function getReturnedConstruction(
  ts: TypeScript,
  fn: FunctionLike,
): { readonly construction: TS.NewExpression; readonly parameters: readonly (number | undefined)[] } | undefined {
  const body = fn.body;
  if (body === undefined || fn.parameters.length === 0) return undefined;
  let returned: TS.Expression | undefined;
  if (!ts.isBlock(body)) returned = body;
  else if (body.statements.length === 1 && ts.isReturnStatement(body.statements[0])) returned = body.statements[0].expression;
  const construction = returned === undefined ? undefined : skipOuterExpressions(ts, returned);
  if (construction === undefined || !ts.isNewExpression(construction) || construction.arguments === undefined) return undefined;
  // For each parameter, the position of the argument that is that parameter itself.
  const parameters = fn.parameters.map((parameter) => {
    if (!ts.isIdentifier(parameter.name)) return undefined;
    const name = parameter.name.text;
    const position = construction.arguments!.findIndex((argument) => {
      const inner = skipParens(ts, argument);
      return ts.isIdentifier(inner) && inner.text === name;
    });
    return position === -1 ? undefined : position;
  });
  return parameters.some((position) => position !== undefined) ? { construction, parameters } : undefined;
}

/**
 * Whether a call can run a project function that only wraps a parameter in a new object
 * ({@link getReturnedConstruction}): by the callee's name, so that the checker is asked only about
 * calls to such names.
 */
export function mayCallWrappingFunction(context: AnalysisContext, call: TS.CallExpression): boolean {
  const wrapping = getProjectFunctions(context, call).wrapping;
  const callee = getCalleeImport(context, call.expression);
  if (callee === undefined) return false;
  // A default import, or a whole module that is itself the function (`const wrap = require('./store')`
  // for `module.exports = function (client) { … }`), may be named anything where it is imported.
  const imported = callee.binding?.imported;
  return imported === 'default' || imported === '*' || wrapping.has(projectNameOf(callee));
}

/** A function's own name and the name of the variable, field or property holding it. */
function getDeclaredNames(ts: TypeScript, fn: FunctionLike): string[] {
  const own = (fn as { name?: TS.Node }).name;
  const parent = fn.parent;
  let holder: TS.Node | undefined;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertyAssignment(parent)) holder = parent.name;
  // `exports.openClient = async function () { … }`, `Repo.prototype.find = function () { … }`.
  else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === fn) {
    holder = ts.isPropertyAccessExpression(parent.left) ? parent.left.name : parent.left;
  }
  const names: string[] = [];
  for (const name of [own, holder]) {
    if (name !== undefined && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name))) names.push(name.text);
  }
  return names;
}

/**
 * The body-carrying project function for a declaration the checker resolved to: the declaration
 * itself, or, for an overload signature, its implementation. Declaration files and packages have none.
 */
export function getProjectImplementation(context: AnalysisContext, declaration: TS.Node): FunctionLike | undefined {
  const ts = context.ts;
  const sourceFile = declaration.getSourceFile();
  if (sourceFile.isDeclarationFile || sourceFile.fileName.includes('/node_modules/')) return undefined;
  if (isFunctionWithBody(ts, declaration) && declaration.body !== undefined) return declaration;
  const name = (declaration as { name?: TS.Node }).name;
  if (context.checker === undefined || name === undefined) return undefined;
  const symbol = context.checker.getSymbolAtLocation(name);
  return symbol?.declarations?.find(
    (candidate): candidate is FunctionLike => isFunctionWithBody(ts, candidate) && candidate.body !== undefined,
  );
}

/**
 * Untyped: the same-file function an expression names: `f`, `this.m`, or `repo.m` where `repo` holds
 * `new Repo()` of a class declared in the file.
 */
export function resolveLocalFunction(context: AnalysisContext, expression: TS.Expression): FunctionLike | undefined {
  const ts = context.ts;
  const callee = skipParens(ts, expression);
  if (ts.isIdentifier(callee)) return getLocalFunction(ts, callee.text, callee);
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const declaration = findLocalDeclaration(ts, callee.expression.text, callee.expression);
    // `Store.create(client)`: a static method of a class of the file.
    if (declaration !== undefined && ts.isClassDeclaration(declaration)) {
      const member = getClassMember(ts, declaration, callee.name.text);
      const isStatic = member?.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) === true;
      return member !== undefined && isStatic && ts.isMethodDeclaration(member) && member.body !== undefined ? member : undefined;
    }
    const initializer = declaration !== undefined && ts.isVariableDeclaration(declaration) ? declaration.initializer : undefined;
    const created = initializer === undefined ? undefined : skipOuterExpressions(ts, initializer);
    if (created !== undefined && ts.isNewExpression(created) && ts.isIdentifier(created.expression)) {
      const classNode = findLocalDeclaration(ts, created.expression.text, created.expression);
      if (classNode !== undefined && ts.isClassDeclaration(classNode)) {
        const member = getClassMember(ts, classNode, callee.name.text);
        if (member !== undefined && ts.isMethodDeclaration(member) && member.body !== undefined) return member;
      }
    }
  }
  if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const classNode = getThisClass(ts, callee);
    const member = classNode === undefined ? undefined : getClassMember(ts, classNode, callee.name.text);
    if (member !== undefined && ts.isMethodDeclaration(member) && member.body !== undefined) return member;
    if (member !== undefined && ts.isPropertyDeclaration(member) && member.initializer !== undefined) {
      const initializer = member.initializer;
      if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
    }
  }
  return undefined;
}

/** Display name of a function for chains: `loadAccount`, `AccountRepo.find`. */
export function getFunctionName(ts: TypeScript, fn: FunctionLike): string {
  let name: string | undefined = getDeclaredNames(ts, fn)[0];
  if (ts.isConstructorDeclaration(fn)) name = 'constructor';
  const classNode = fn.parent !== undefined && ts.isClassLike(fn.parent) ? fn.parent : undefined;
  const className = classNode?.name?.text;
  return className !== undefined && name !== undefined ? `${className}.${name}` : (name ?? '(anonymous)');
}

interface FactorySummary {
  readonly returns: Acquisition | undefined;
  /** An opt-in flag the returned acquisition needs (`if (autoGen) return sequelize.transaction()`). */
  readonly guard?: Guard;
}

const IN_PROGRESS: FactorySummary = { returns: undefined };
const NOT_A_FACTORY: FactorySummary = IN_PROGRESS;

/** A call of a project session factory: a function that returns a freshly acquired resource. */
function getFactoryAcquisition(context: AnalysisContext, node: CallLike): Acquisition | undefined {
  if (!context.ts.isCallExpression(node)) return undefined;
  const fn = resolveProjectFunction(context, node);
  if (fn === undefined) return undefined;
  const summary = getFactorySummary(context, fn);
  const returned = summary.returns;
  if (returned === undefined || !runsGuarded(context.ts, summary.guard, node)) return undefined;
  return {
    node,
    spec: returned.spec,
    library: returned.library,
    chain: [{ name: getFunctionName(context.ts, fn), call: returned.node }, ...returned.chain],
    scoped: false,
  };
}

const FACTORY_KEY = Symbol('factory');

function getFactorySummary(context: AnalysisContext, fn: FunctionLike): FactorySummary {
  const entry = getSummarySlots(context, fn);
  const cached = entry[FACTORY_KEY] as FactorySummary | undefined;
  if (cached !== undefined) return cached;
  entry[FACTORY_KEY] = IN_PROGRESS;
  const summary = findReturnedAcquisition(context, fn);
  entry[FACTORY_KEY] = summary;
  return summary;
}

/**
 * What `fn` returns that it acquired. One returned only under an opt-in flag (`autoGen = false` and
 * `if (autoGen) return …`), or only when the caller lends nothing in a parameter it tests itself
 * (`if (lent) return lent; return new Pool()`, `if (lent) p = lent; else p = new Pool(); return p`), carries that
 * guard, and counts only when no return acquires unguarded. (A test of an options object's property,
 * `options.pool ?? …`, says nothing of what a caller passing the object lends, so it guards nothing here.)
 */
function findReturnedAcquisition(context: AnalysisContext, fn: FunctionLike): FactorySummary {
  const ts = context.ts;
  const body = fn.body;
  if (body === undefined) return NOT_A_FACTORY;
  const guarded: (FactorySummary & { readonly guard: Guard })[] = [];
  let parameters: ReadonlyMap<string, number> | undefined;
  const judge = (found: Acquisition, node: TS.Node): FactorySummary | undefined => {
    parameters ??= getParameterIndexes(ts, fn);
    const guard = findGuard(ts, fn, parameters, node);
    if (guard === undefined || (guard.when === 'absent' && !guard.direct)) return { returns: found };
    // `if (tls) c = await connect(a); else c = await connect(b)`: acquired either way.
    if (guarded.some((other) => other.guard.index === guard.index && other.guard.when !== guard.when)) return { returns: guarded[0].returns };
    guarded.push({ returns: found, guard });
    return undefined;
  };
  const returned: TS.Expression[] = [];
  if (!ts.isBlock(body)) {
    returned.push(body);
  } else {
    const visit = (node: TS.Node): void => {
      if (isFunctionWithBody(ts, node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression !== undefined) returned.push(node.expression);
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(body, visit);
  }
  for (const expression of returned) {
    let inner = skipOuterExpressions(ts, expression);
    // `return Object.assign(client, { [Symbol.asyncDispose]: … })` returns the client.
    const target = getObjectAssignTarget(ts, inner);
    if (target !== undefined) inner = skipOuterExpressions(ts, target);
    if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) {
      const found = getAcquisition(context, inner);
      const summary = found === undefined ? undefined : judge(found, inner);
      if (summary !== undefined) return summary;
    } else if (ts.isIdentifier(inner)) {
      const declaration = findLocalDeclaration(ts, inner.text, inner);
      if (declaration === undefined || !ts.isVariableDeclaration(declaration) || declaration.pos <= fn.pos || declaration.end > fn.end) continue;
      for (const value of getLocalValues(ts, fn, declaration)) {
        const initializer = skipOuterExpressions(ts, value);
        // A lazy getter's cache (`pools.set(k, pool)` once the entry was found empty) keeps it: shared, not handed over.
        if ((ts.isCallExpression(initializer) || ts.isNewExpression(initializer)) && !isLazyInitialization(ts, fn, initializer)) {
          const found = getAcquisition(context, initializer);
          const summary = found === undefined ? undefined : judge(found, initializer);
          if (summary !== undefined) return summary;
        }
      }
    }
  }
  return guarded[0] ?? NOT_A_FACTORY;
}

/**
 * The values a local of `fn` is given: its initializer, or, for a `let` or `var` declared without one,
 * what is assigned to it in `fn` (`let c; if (tls) c = await connect(a); else c = await connect(b); return c`).
 * A local that starts with another value (`let client = lent; if (!client) client = …`) is only a
 * fallback, and stays what it starts as.
 */
function getLocalValues(ts: TypeScript, fn: FunctionLike, declaration: TS.VariableDeclaration): readonly TS.Expression[] {
  if (declaration.initializer !== undefined && !isNullishLiteral(ts, declaration.initializer)) return [declaration.initializer];
  return ts.isIdentifier(declaration.name) ? getAssignedValues(ts, fn, declaration.name.text, declaration) : [];
}

/**
 * What `fn` assigns to the variable named `name` that `declaration` declares (`name = value`, outside
 * nested functions): a local, or an outer or module variable (`browser = await chromium.launch()`).
 */
export function getAssignedValues(ts: TypeScript, fn: FunctionLike, name: string, declaration: TS.Node | undefined): TS.Expression[] {
  const values: TS.Expression[] = [];
  const visit = (node: TS.Node): void => {
    if (isFunctionWithBody(ts, node) || ts.isClassLike(node)) return;
    if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isIdentifier(node.left) &&
      node.left.text === name &&
      findLocalDeclaration(ts, name, node.left) === declaration
    ) {
      values.push(node.right);
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body !== undefined) ts.forEachChild(fn.body, visit);
  return values;
}
