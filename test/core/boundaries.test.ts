import { createRequire } from 'node:module';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import { getAnalysisContext, type TypeScript } from '../../src/core/context.js';
import { cannotContainCalls, isBoundary, isFunctionWithBody } from '../../src/core/flow/boundaries.js';
import { getProjectFunctionNames } from '../../src/core/resources.js';

// The auditor runs on the TypeScript copy ts-morph bundles, the rules on the project's own: the kind
// tables must be right for each, and for both used one after the other in one process.
const copies: [string, TypeScript][] = [
  ['typescript', ts as unknown as TypeScript],
  ['ts-morph', (createRequire(import.meta.url)('ts-morph') as { ts: TypeScript }).ts],
];

describe.each(copies)('kind tables (%s)', (_name, copy) => {
  const kind = copy.SyntaxKind;
  const functionKinds = new Set([
    kind.ArrowFunction,
    kind.FunctionDeclaration,
    kind.FunctionExpression,
    kind.MethodDeclaration,
    kind.Constructor,
    kind.GetAccessor,
    kind.SetAccessor,
  ]);
  const allKinds = Array.from({ length: kind.Count }, (_, index) => index as ts.SyntaxKind);

  it('isFunctionWithBody and isBoundary agree with the kinds they name, for every SyntaxKind', () => {
    for (const current of allKinds) {
      const node = { kind: current } as ts.Node;
      expect(isFunctionWithBody(copy, node), kind[current]).toBe(functionKinds.has(current));
      expect(isBoundary(copy, node), kind[current]).toBe(functionKinds.has(current) || copy.isClassLike(node));
    }
  });

  it('cannotContainCalls holds for type syntax (type nodes, interfaces, type aliases) and leaves only', () => {
    for (const current of allKinds) {
      const isTypeSyntax =
        (current >= kind.FirstTypeNode && current <= kind.LastTypeNode) ||
        current === kind.InterfaceDeclaration ||
        current === kind.TypeAliasDeclaration;
      expect(cannotContainCalls(copy, { kind: current } as ts.Node), kind[current]).toBe(current < kind.FirstNode || isTypeSyntax);
    }
    // A heritage clause (`extends Mixin(Base)`) is an expression, and these hold calls.
    for (const container of [
      kind.ExpressionWithTypeArguments,
      kind.CallExpression,
      kind.TemplateExpression,
      kind.Decorator,
      kind.ComputedPropertyName,
      kind.Block,
    ]) {
      expect(cannotContainCalls(copy, { kind: container } as ts.Node), kind[container]).toBe(false);
    }
  });

  it('every kind below FirstNode is a leaf in real code', () => {
    const code = 'const a = `x${f(1)}y`; class C<T> extends B { @d() m(p = g()) { return /r/.test(h?.[0] ?? "s") || 1n; } }';
    const file = copy.createSourceFile('leaf.ts', code, copy.ScriptTarget.ES2022, true, copy.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (node.kind < kind.FirstNode) expect(node.getChildCount(file), kind[node.kind]).toBe(0);
      node.forEachChild(visit);
    };
    visit(file as unknown as ts.Node);
  });
});

describe('function facts skip type syntax only', () => {
  it('still sees a call in a heritage clause and in a default value next to type annotations', () => {
    const code = `
import { Pool } from 'pg';
const pool = new Pool();
const Mixin = (base: new () => object) => base;
export class Repo extends Mixin(class { open() { return pool.connect(); } }) {
  load(client: { release(): void } = pool.connect() as never): Promise<unknown> { return Promise.resolve(client); }
}
export function viaType(): ReturnType<typeof pool.connect> { return pool.connect(); }
`;
    const file = ts.createSourceFile('file.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const context = getAnalysisContext(ts as unknown as TypeScript, file, undefined);
    expect([...getProjectFunctionNames(context, file, 'acquire')].sort()).toEqual(['load', 'open', 'viaType']);
  });
});
