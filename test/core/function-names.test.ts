import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import type { SessionLeaksSettings } from '../../src/core/catalog.js';
import { getAnalysisContext, type TypeScript } from '../../src/core/context.js';
import { getProjectFunctionNames } from '../../src/core/resources.js';

/**
 * Untyped, the per-file fixpoint of "functions that reach an acquisition (or a release)" is only
 * computed for files whose text names a catalog call as a whole identifier or string key. These cases
 * pin the forms that filter must still let through, and what it must keep out.
 */
function names(code: string, purpose: 'acquire' | 'release', settings?: SessionLeaksSettings): string[] {
  const file = ts.createSourceFile('file.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const context = getAnalysisContext(ts as unknown as TypeScript, file, settings);
  return [...getProjectFunctionNames(context, file, purpose)].sort();
}

describe('getProjectFunctionNames (untyped, one file)', () => {
  it('follows names that start with $ (Prisma, and closers from settings)', () => {
    const code = `
declare const prisma: { $transaction(work: unknown[]): Promise<unknown> };
export function open() { return prisma.$transaction([]); }
export async function outer() { return open(); }
`;
    expect(names(code, 'acquire')).toEqual(['open', 'outer']);
    // No other catalog name in this text: only a filter that treats $ as part of the name lets it through.
    const closer = `
declare const tools: { $shutdown(client: unknown): Promise<void> };
export async function stop(client: unknown) { await tools.$shutdown(client); }
`;
    expect(names(closer, 'release', { closers: ['$shutdown'] })).toEqual(['stop']);
    expect(names(closer, 'release')).toEqual([]);
  });

  it('follows calls through string and template keys', () => {
    const code = `
declare const db: Record<string, () => Promise<unknown>>;
export const open = () => db['connect']();
export function openToo() { return db[\`connect\`](); }
export function done(client: { release(): void }) { client['release'](); }
`;
    expect(names(code, 'acquire')).toEqual(['open', 'openToo']);
    expect(names(code, 'release')).toEqual(['done']);
  });

  it('does not count catalog names inside longer identifiers', () => {
    const code = `
export class Mailer extends Base { sendMail() { return this.appendix(); } pending() { return this.render(); } }
export function connected() { return isConnected(); }
declare class Base { appendix(): void; render(): void }
declare function isConnected(): boolean;
`;
    expect(names(code, 'acquire')).toEqual([]);
    expect(names(code, 'release')).toEqual([]);
  });
});
