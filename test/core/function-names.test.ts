import path from 'node:path';

import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import type { SessionLeaksSettings } from '../../src/core/catalog.js';
import { getAnalysisContext, type TypeScript } from '../../src/core/context.js';
import { getProjectFunctionNames, mayReachAcquisition } from '../../src/core/resources.js';
import { FIXTURES_DIR } from '../rule-tester.js';

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

/** A typed program of one in-memory file beside fixtures/tsconfig.json, so `pg` resolves to its real types. */
function typedContext(code: string) {
  const fileName = path.join(FIXTURES_DIR, 'reach-virtual.ts').replaceAll('\\', '/');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    types: [],
    noEmit: true,
  };
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile } = host;
  host.fileExists = (name) => name === fileName || fileExists.call(host, name);
  host.readFile = (name) => (name === fileName ? code : readFile.call(host, name));
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  const file = program.getSourceFile(fileName)!;
  return { context: getAnalysisContext(ts as unknown as TypeScript, program as never, undefined), file };
}

describe('mayReachAcquisition (typed)', () => {
  const code = `
import { Pool } from 'pg';
const pool = new Pool();

// The project's own \`connect\`, as in a stream library: named like pg's, but not pg's.
class Stream {
  connect(): Stream { return this; }
  next(): Stream { return this.connect(); }
}
export function subscribe(stream: Stream) { return stream.next(); }

// Two functions that call each other, neither acquiring.
function ping(depth: number): unknown { return depth > 0 ? pong(depth - 1) : new Stream().connect(); }
function pong(depth: number): unknown { return ping(depth); }

// A real factory, reached two levels up and through a cycle.
export function open() { return pool.connect(); }
function again(retry: boolean): unknown { return retry ? openAgain(false) : undefined; }
function openAgain(retry: boolean): unknown { return again(retry) ?? open(); }
export function outer() { return openAgain(true); }
`;

  it('keeps the syntactic fixpoint, and confirms only the names that reach a catalog acquisition', () => {
    const { context, file } = typedContext(code);
    const syntactic = getProjectFunctionNames(context, file, 'acquire');
    for (const name of ['next', 'subscribe', 'ping', 'pong', 'open', 'again', 'openAgain', 'outer']) expect(syntactic.has(name), name).toBe(true);
    // Asked in an order that enters the cycle from the side that does not acquire itself.
    const asked = ['again', 'subscribe', 'pong', 'outer', 'next', 'ping', 'openAgain', 'open', 'connect', 'unknownName'];
    expect(asked.filter((name) => mayReachAcquisition(context, file, name))).toEqual(['again', 'outer', 'openAgain', 'open']);
  });

  it('answers the same whichever name is asked first', () => {
    for (const first of ['ping', 'open', 'next', 'again']) {
      const { context, file } = typedContext(code);
      mayReachAcquisition(context, file, first);
      const reached = ['next', 'subscribe', 'ping', 'pong', 'open', 'again', 'openAgain', 'outer'].filter((name) =>
        mayReachAcquisition(context, file, name),
      );
      expect(reached, `after ${first}`).toEqual(['open', 'again', 'openAgain', 'outer']);
    }
  });
});
