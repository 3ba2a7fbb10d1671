import type * as TS from 'typescript';

import type { AnalysisContext, TypeScript } from './context.js';
import { isFunctionWithBody, type FunctionLike } from './flow/boundaries.js';

/** A local name bound to a module: `import { a as b } from 'm'` → `{ module: 'm', imported: 'a' }`. */
export interface ImportBinding {
  readonly module: string;
  /** The exported name, `default`, or `*` for a namespace (`import * as m`, `require('m')`). */
  readonly imported: string;
}

export interface FileFacts {
  readonly imports: ReadonlyMap<string, ImportBinding>;
  readonly importedModules: ReadonlySet<string>;
}

/** Imports and top-level `require` bindings of a file, computed once per file. */
export function getFileFacts(context: AnalysisContext, sourceFile: TS.SourceFile): FileFacts {
  const cached = context.files.get(sourceFile) as FileFacts | undefined;
  if (cached !== undefined) return cached;
  const ts = context.ts;
  const imports = new Map<string, ImportBinding>();
  const importedModules = new Set<string>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const module = statement.moduleSpecifier.text;
      importedModules.add(module);
      const clause = statement.importClause;
      if (clause === undefined) continue;
      if (clause.name !== undefined) imports.set(clause.name.text, { module, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) {
        imports.set(bindings.name.text, { module, imported: '*' });
      } else if (bindings !== undefined) {
        for (const element of bindings.elements) {
          imports.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
        }
      }
    } else if (
      ts.isImportEqualsDeclaration(statement) &&
      ts.isExternalModuleReference(statement.moduleReference) &&
      ts.isStringLiteral(statement.moduleReference.expression)
    ) {
      const module = statement.moduleReference.expression.text;
      importedModules.add(module);
      imports.set(statement.name.text, { module, imported: '*' });
    } else if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        // `import pg from 'pg'; const { Pool } = pg;` (node-postgres' ESM form): members of an imported module object.
        const whole = declaration.initializer !== undefined && ts.isIdentifier(declaration.initializer) ? imports.get(declaration.initializer.text) : undefined;
        const module =
          whole !== undefined && (whole.imported === 'default' || whole.imported === '*')
            ? { module: whole.module, member: undefined }
            : declaration.initializer && getRequiredModule(ts, declaration.initializer);
        if (module === undefined) continue;
        importedModules.add(module.module);
        if (ts.isIdentifier(declaration.name)) {
          imports.set(declaration.name.text, { module: module.module, imported: module.member ?? '*' });
        } else if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            if (!ts.isIdentifier(element.name)) continue;
            const imported = element.propertyName === undefined ? element.name.text : element.propertyName.getText();
            imports.set(element.name.text, { module: module.module, imported });
          }
        }
      }
    }
  }
  const facts: FileFacts = { imports, importedModules };
  context.files.set(sourceFile, facts);
  return facts;
}

/**
 * `require('m')`, `require('m').x`, `require('m').default` → the module and member. Compiled CommonJS
 * wraps the `require` in an interop helper (`__importStar(require('m'))`, `tslib_1.__importDefault(…)`,
 * Babel's `_interopRequireDefault(…)`, esbuild's `__toESM(…)`): the same module.
 */
export function getRequiredModule(
  ts: TypeScript,
  node: TS.Expression,
): { module: string; member?: string } | undefined {
  if (ts.isPropertyAccessExpression(node)) {
    const inner = getRequiredModule(ts, node.expression);
    return inner === undefined || inner.member !== undefined ? undefined : { ...inner, member: node.name.text };
  }
  if (!ts.isCallExpression(node) || node.arguments.length === 0) return undefined;
  const [first] = node.arguments;
  if (ts.isIdentifier(node.expression) && node.expression.text === 'require') {
    return node.arguments.length === 1 && ts.isStringLiteral(first) ? { module: first.text } : undefined;
  }
  const helper = ts.isIdentifier(node.expression) ? node.expression : ts.isPropertyAccessExpression(node.expression) ? node.expression.name : undefined;
  if (helper === undefined || !INTEROP_HELPERS.has(helper.text) || !ts.isCallExpression(first)) return undefined;
  const required = getRequiredModule(ts, first);
  return required?.member === undefined ? required : undefined;
}

const INTEROP_HELPERS = new Set(['__importStar', '__importDefault', '_interopRequireDefault', '_interopRequireWildcard', '__toESM']);

export type LocalDeclaration =
  | TS.BindingElement
  | TS.ClassDeclaration
  | TS.FunctionDeclaration
  | TS.ParameterDeclaration
  | TS.VariableDeclaration;

/**
 * The declaration a name refers to at `location`, found by walking the enclosing scopes of the same
 * file (blocks, functions, `for` heads, `catch`, the file). Works without a binder or checker, so the
 * untyped rules can use it; imports are answered by {@link getFileFacts}.
 */
export function findLocalDeclaration(ts: TypeScript, name: string, location: TS.Node): LocalDeclaration | undefined {
  for (let scope: TS.Node | undefined = location.parent; scope !== undefined; scope = scope.parent) {
    let found: LocalDeclaration | undefined;
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) {
      found = findInStatements(ts, name, scope.statements);
    } else if (isFunctionWithBody(ts, scope)) {
      found = findInParameters(ts, name, scope);
      if (found === undefined && (ts.isFunctionExpression(scope) || ts.isFunctionDeclaration(scope)) && scope.name?.text === name) {
        found = ts.isFunctionDeclaration(scope) ? scope : undefined;
      }
    } else if (ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) {
      const initializer = scope.initializer;
      if (initializer !== undefined && ts.isVariableDeclarationList(initializer)) {
        found = findInDeclarationList(ts, name, initializer);
      }
    } else if (ts.isCatchClause(scope) && scope.variableDeclaration !== undefined) {
      found = findInBinding(ts, name, scope.variableDeclaration);
    }
    if (found !== undefined) return found;
  }
  return undefined;
}

function findInStatements(ts: TypeScript, name: string, statements: readonly TS.Statement[]): LocalDeclaration | undefined {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      const found = findInDeclarationList(ts, name, statement.declarationList);
      if (found !== undefined) return found;
    } else if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) {
      // Overload signatures come first; the implementation is the one with a body.
      if (statement.body !== undefined) return statement;
      const implementation = statements.find(
        (other): other is TS.FunctionDeclaration => ts.isFunctionDeclaration(other) && other.name?.text === name && other.body !== undefined,
      );
      return implementation ?? statement;
    } else if (ts.isClassDeclaration(statement) && statement.name?.text === name) {
      return statement;
    }
  }
  return undefined;
}

function findInDeclarationList(ts: TypeScript, name: string, list: TS.VariableDeclarationList): LocalDeclaration | undefined {
  for (const declaration of list.declarations) {
    const found = findInBinding(ts, name, declaration);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findInBinding(
  ts: TypeScript,
  name: string,
  declaration: TS.BindingElement | TS.ParameterDeclaration | TS.VariableDeclaration,
): LocalDeclaration | undefined {
  if (ts.isIdentifier(declaration.name)) return declaration.name.text === name ? declaration : undefined;
  for (const element of declaration.name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    const found = findInBinding(ts, name, element);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findInParameters(ts: TypeScript, name: string, fn: FunctionLike): LocalDeclaration | undefined {
  for (const parameter of fn.parameters) {
    const found = findInBinding(ts, name, parameter);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The function a local name refers to, when it is a function declaration or a `const` bound to one. */
export function getLocalFunction(ts: TypeScript, name: string, location: TS.Node): FunctionLike | undefined {
  const declaration = findLocalDeclaration(ts, name, location);
  if (declaration === undefined) return undefined;
  if (ts.isFunctionDeclaration(declaration)) return declaration.body === undefined ? undefined : declaration;
  if (ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    const initializer = declaration.initializer;
    if (ts.isArrowFunction(initializer) || ts.isFunctionExpression(initializer)) return initializer;
  }
  return undefined;
}

/** The class whose body contains `node` (for `this.x` lookups), stopping at non-arrow functions' own `this`. */
export function getThisClass(ts: TypeScript, node: TS.Node): TS.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

/** The constructor of a class that has one with a body. */
export function getConstructor(ts: TypeScript, classNode: TS.ClassLikeDeclaration): TS.ConstructorDeclaration | undefined {
  return classNode.members.find((member): member is TS.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
}

/** Member declarations named `name` in a class: fields, accessors, methods and constructor parameter properties. */
export function getClassMember(
  ts: TypeScript,
  classNode: TS.ClassLikeDeclaration,
  name: string,
): TS.MethodDeclaration | TS.ParameterDeclaration | TS.PropertyDeclaration | undefined {
  for (const member of classNode.members) {
    if ((ts.isPropertyDeclaration(member) || ts.isMethodDeclaration(member)) && ts.isIdentifier(member.name) && member.name.text === name) {
      return member;
    }
    if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        if (
          ts.isIdentifier(parameter.name) &&
          parameter.name.text === name &&
          (ts.getModifiers(parameter)?.length ?? 0) > 0
        ) {
          return parameter;
        }
      }
    }
  }
  return undefined;
}

/** Whether a declaration is at the top level of its file (a module-level variable, class or function). */
export function isModuleLevel(ts: TypeScript, declaration: TS.Node): boolean {
  if (ts.isClassDeclaration(declaration) || ts.isFunctionDeclaration(declaration)) return ts.isSourceFile(declaration.parent);
  let current: TS.Node = declaration;
  while (ts.isBindingElement(current) || ts.isObjectBindingPattern(current) || ts.isArrayBindingPattern(current)) current = current.parent;
  return (
    ts.isVariableDeclaration(current) &&
    ts.isVariableDeclarationList(current.parent) &&
    ts.isVariableStatement(current.parent.parent) &&
    ts.isSourceFile(current.parent.parent.parent)
  );
}
