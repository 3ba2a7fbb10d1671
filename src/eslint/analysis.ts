import { createRequire } from 'node:module';

import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type * as TS from 'typescript';

import type { SessionLeaksSettings } from '../core/catalog.js';
import { getAnalysisContext, type AnalysisContext } from '../core/context.js';
import type { Finding } from '../core/findings.js';

/** What a rule needs from one lint run: the core's context and the ESTree → TS node bridge. */
export interface RuleAnalysis {
  readonly context: AnalysisContext;
  /** The TS node for an ESTree node (exact in typescript-eslint; by range for other parsers). */
  toTsNode(node: TSESTree.Node): TS.Node | undefined;
  /** Reports a core finding through ESLint with its suggestions. */
  report(finding: Finding): void;
  /** Maps an ESTree node to its TS node, runs a core check on it and reports what the check finds. */
  check(node: TSESTree.Node, run: (context: AnalysisContext, node: TS.Node) => Finding | readonly Finding[] | undefined): void;
}

interface NodeMaps {
  readonly esTreeNodeToTSNodeMap?: { get(node: TSESTree.Node): TS.Node | undefined };
  readonly program?: TS.Program | null;
}

// Loaded with `require`, as typescript-eslint's parser loads it (the same copy): an ESM import of this
// CommonJS bundle makes Node scan all of its text for export names first, ~0.1 s on every ESLint run.
const ts = createRequire(import.meta.url)('typescript') as typeof TS;

const FALLBACK_FILES = new WeakMap<object, TS.SourceFile>();

/**
 * Builds the bridge without ever throwing for missing type information: typed when the parser gives a
 * Program, untyped on typescript-eslint's TS AST otherwise, and on a TS parse of the text for parsers
 * that give no TS AST at all (espree, linters without type information).
 */
export function getRuleAnalysis(
  context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>,
): RuleAnalysis {
  const sourceCode = context.sourceCode;
  const settings = (context.settings as Record<string, unknown> | undefined)?.['session-leaks'] as
    | SessionLeaksSettings
    | undefined;
  const services = sourceCode.parserServices as NodeMaps | undefined;
  const program = services?.program ?? undefined;
  const map = services?.esTreeNodeToTSNodeMap;
  let toTsNode: (node: TSESTree.Node) => TS.Node | undefined;
  let analysisContext: AnalysisContext;
  if (map !== undefined && program !== undefined) {
    analysisContext = getAnalysisContext(ts, program, settings);
    toTsNode = (node) => map.get(node);
  } else if (map !== undefined && map.get(sourceCode.ast) !== undefined) {
    const sourceFile = map.get(sourceCode.ast) as TS.SourceFile;
    analysisContext = getAnalysisContext(ts, sourceFile, settings);
    toTsNode = (node) => map.get(node);
  } else {
    let sourceFile = FALLBACK_FILES.get(sourceCode.ast);
    if (sourceFile === undefined) {
      sourceFile = ts.createSourceFile(context.filename, sourceCode.text, ts.ScriptTarget.Latest, true, getScriptKind(context.filename));
      FALLBACK_FILES.set(sourceCode.ast, sourceFile);
    }
    const file = sourceFile;
    analysisContext = getAnalysisContext(ts, file, settings);
    toTsNode = (node) => findNodeAtRange(file, node.range[0], node.range[1]);
  }
  const analysis: RuleAnalysis = {
    context: analysisContext,
    toTsNode,
    check(node, run) {
      const tsNode = toTsNode(node);
      if (tsNode === undefined) return;
      const found = run(analysisContext, tsNode);
      if (found === undefined) return;
      for (const finding of Array.isArray(found) ? found : [found as Finding]) analysis.report(finding);
    },
    report(finding) {
      const sourceFile = finding.node.getSourceFile();
      const start = finding.node.getStart(sourceFile);
      context.report({
        loc: { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(finding.node.end) },
        messageId: finding.messageId,
        data: finding.data,
        suggest: finding.suggestions.map((suggestion) => ({
          messageId: suggestion.messageId,
          data: suggestion.data,
          fix: (fixer: TSESLint.RuleFixer) =>
            suggestion.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
        })),
      });
    },
  };
  return analysis;
}

function getScriptKind(filename: string): TS.ScriptKind {
  if (/\.[cm]?jsx?$/.test(filename)) return filename.endsWith('x') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
  return filename.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
}

/** The outermost node that spans exactly `[start, end)`: parsers agree on expression ranges. */
function findNodeAtRange(sourceFile: TS.SourceFile, start: number, end: number): TS.Node | undefined {
  let found: TS.Node | undefined;
  const visit = (node: TS.Node): void => {
    if (found !== undefined || node.pos > start || node.end < end) return;
    if (node.getStart(sourceFile) === start && node.end === end) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(sourceFile, visit);
  return found;
}
