import type * as TS from 'typescript';

import { createCatalog, type Catalog, type SessionLeaksSettings } from './catalog.js';
import type { ProjectFunctions } from './resources.js';

/** The `typescript` namespace, as a CommonJS default import or `ts` from ts-morph gives it. */
export type TypeScript = Omit<typeof TS, 'default'>;

/**
 * What every check receives: the `typescript` namespace that produced the nodes (ts-morph bundles its
 * own copy; never mix nodes of one copy with `SyntaxKind` values of another), the program and checker
 * when there is one (typed mode), the catalog, and caches that live as long as the program.
 */
export interface AnalysisContext {
  readonly ts: TypeScript;
  readonly program: TS.Program | undefined;
  readonly checker: TS.TypeChecker | undefined;
  readonly catalog: Catalog;
  /**
   * Per-node facts computed once (a call's acquisition and stores; a function's factory, closer and
   * opener summaries; a class's singleton kind), one slot per kind keyed by a symbol: see
   * {@link getSummarySlots}.
   */
  readonly summaries: WeakMap<TS.Node, Record<symbol, unknown>>;
  /** Per-file facts (imports, local functions), computed once per source file. */
  readonly files: WeakMap<TS.SourceFile, unknown>;
  /**
   * Facts only a whole-program pass can establish (the auditor fills them before its checks; an
   * ESLint run, which sees one file at a time, leaves them unset).
   */
  wholeProgram?: WholeProgramFacts;
  /**
   * The project functions that can reach an acquisition or a release, by name, filled on first use
   * for the program (typed) or the file (untyped) the context belongs to.
   */
  projectFunctions?: ProjectFunctions;
}

export interface WholeProgramFacts {
  /**
   * Classes with one instance per process, as only the whole program shows (instantiated at module
   * scope, bound as a container singleton), each with how it is made in a message's words.
   */
  readonly singletons: ReadonlyMap<TS.ClassLikeDeclaration, string>;
}

const CONTEXTS = new WeakMap<object, Map<string, AnalysisContext>>();
const CATALOGS = new WeakMap<object, Catalog>();
let defaultCatalog: Catalog | undefined;

/**
 * The catalog for these settings, built once per settings object (untyped runs make a context per
 * file). Invalid settings throw `SettingsError`, so front ends can validate with it up front.
 */
export function getCatalog(settings: SessionLeaksSettings | undefined): Catalog {
  if (settings === undefined || settings === null || typeof settings !== 'object') {
    return settings === undefined ? (defaultCatalog ??= createCatalog(undefined)) : createCatalog(settings);
  }
  let catalog = CATALOGS.get(settings);
  if (catalog === undefined) {
    catalog = createCatalog(settings);
    CATALOGS.set(settings, catalog);
  }
  return catalog;
}

/**
 * The analysis context for a program (typed) or a single source file (untyped), shared by every rule
 * of the run and dropped with the program or file it is keyed by.
 */
export function getAnalysisContext(
  ts: TypeScript,
  owner: TS.Program | TS.SourceFile,
  settings: SessionLeaksSettings | undefined,
): AnalysisContext {
  const settingsKey = settings === undefined ? '' : JSON.stringify(settings);
  let bySettings = CONTEXTS.get(owner);
  if (bySettings === undefined) {
    bySettings = new Map();
    CONTEXTS.set(owner, bySettings);
  }
  let context = bySettings.get(settingsKey);
  if (context === undefined) {
    const program = 'getTypeChecker' in owner ? owner : undefined;
    context = {
      ts,
      program,
      checker: program?.getTypeChecker(),
      catalog: getCatalog(settings),
      summaries: new WeakMap(),
      files: new WeakMap(),
    };
    bySettings.set(settingsKey, context);
  }
  return context;
}

/** The cached facts of one node, created empty on first use: each kind reads and writes its own symbol key. */
export function getSummarySlots(context: AnalysisContext, node: TS.Node): Record<symbol, unknown> {
  let slots = context.summaries.get(node);
  if (slots === undefined) {
    slots = {};
    context.summaries.set(node, slots);
  }
  return slots;
}
