import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import type { ts as TsMorphTypeScript } from 'ts-morph';
import type { Program as CoreProgram, SourceFile as CoreSourceFile, Node as CoreNode } from 'typescript';

import { SettingsError, type SessionLeaksSettings } from '../core/catalog.js';
import { checkNoCachedSession } from '../core/checks/no-cached-session.js';
import { checkNoSessionInLoop, DEFAULT_LOOP_OPTIONS } from '../core/checks/no-session-in-loop.js';
import { checkRequireSessionClose } from '../core/checks/require-session-close.js';
import { getAnalysisContext, getCatalog, type AnalysisContext, type TypeScript } from '../core/context.js';
import type { Finding } from '../core/findings.js';
import { cannotContainCalls } from '../core/flow/boundaries.js';
import { formatMessage } from '../core/messages.js';
import { collectProgramSingletons } from '../core/stores.js';
import { AuditError } from './errors.js';
import { readOwnPackageJson } from '../package-info.js';
import {
  compareFindings,
  REPORT_SCHEMA_VERSION,
  RULE_SEVERITY,
  summarize,
  type AuditFinding,
  type AuditNotice,
  type AuditReport,
  type ChainStep,
  type FixedFinding,
} from './report.js';

// Loaded with `require`: an ESM import of ts-morph makes Node scan its CommonJS TypeScript bundle
// for export names first, a fixed ~0.1 s on every run.
const requireHere = createRequire(import.meta.url);
const { ts } = requireHere('ts-morph') as { ts: typeof TsMorphTypeScript };
// ts-morph's TypeScript is bundled without the standard library's declaration files beside it:
// ts-morph serves them from memory, from its own dependency @ts-morph/common (so resolved from
// ts-morph, which also makes it the copy ts-morph loaded).
const { getLibFiles } = createRequire(requireHere.resolve('ts-morph'))('@ts-morph/common') as {
  getLibFiles(): readonly { readonly fileName: string; readonly text: string }[];
};

export { AuditError };

export interface AuditProgress {
  readonly project: string;
  readonly done: number;
  readonly total: number;
}

export interface AuditOptions {
  /** The codebase to audit (a directory). */
  readonly root: string;
  /** tsconfig files; default `ROOT/tsconfig.json`. Project references are followed. */
  readonly tsconfigs?: readonly string[];
  /** Catalog extensions; default: `session-leaks.config.json` or the `session-leaks` key of `ROOT/package.json`. */
  readonly settings?: SessionLeaksSettings;
  /** Audit only the files of shard `index` (1-based) of `count`, split by a hash of their path. */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Fingerprints of accepted findings: they are left out and counted as baselined. */
  readonly baseline?: readonly FixedFinding[];
  readonly onProgress?: (progress: AuditProgress) => void;
  /** Directory that report paths for SARIF and links are relative to (default: the process's). */
  readonly cwd?: string;
}

const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * Audits a codebase with the same core as the ESLint rules: loads each tsconfig (and its references)
 * with ts-morph, runs every check over every source file, and returns one report. Never executes
 * code from the codebase; files that do not parse are named in notices and the rest is audited.
 */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const root = path.resolve(options.root);
  assertDirectory(root, options.root);
  const settings = options.settings ?? loadSettings(root);
  try {
    // Validates the settings; the contexts below reuse this catalog.
    getCatalog(settings);
  } catch (error) {
    if (error instanceof SettingsError) throw new AuditError(error.message);
    throw error;
  }
  const tsconfigs = resolveTsconfigs(root, options.tsconfigs);
  const notices: AuditNotice[] = [];
  const raw: RawFinding[] = [];
  const seen = new Set<string>();
  let filesAnalyzed = 0;
  if (tsconfigs.length === 0) {
    notices.push({ kind: 'config', message: 'no tsconfig.json in the root: audited every source file with default compiler options' });
  }
  const projects = tsconfigs.length === 0 ? [undefined] : tsconfigs;
  for (const tsconfig of projects) {
    // One project at a time: its program is dropped before the next one is loaded.
    const program = loadProgram(root, tsconfig, notices);
    // ts-morph bundles its own TypeScript: hand the core that copy, so nodes and SyntaxKind agree.
    const context = getAnalysisContext(ts as unknown as TypeScript, program as unknown as CoreProgram, settings);
    const files = program.getSourceFiles().filter((file) => {
      const fileName = path.resolve(file.fileName);
      if (file.isDeclarationFile || fileName.includes(`${path.sep}node_modules${path.sep}`) || seen.has(fileName)) return false;
      if (!isInside(root, fileName)) return false;
      return options.shard === undefined || getShard(relative(root, fileName), options.shard.count) === options.shard.index;
    });
    context.wholeProgram ??= {
      singletons: collectProgramSingletons(context, program.getSourceFiles().filter((file) => !file.isDeclarationFile) as unknown as CoreSourceFile[]),
    };
    const label = tsconfig === undefined ? '(default options)' : relative(root, tsconfig);
    for (const [index, file] of files.entries()) {
      const fileName = path.resolve(file.fileName);
      seen.add(fileName);
      options.onProgress?.({ project: label, done: index, total: files.length });
      const problem = getFileProblem(program, file);
      if (problem !== undefined) {
        notices.push({ ...problem, file: relative(root, fileName) });
        continue;
      }
      filesAnalyzed += 1;
      try {
        raw.push(...auditFile(context, root, file as unknown as CoreSourceFile));
      } catch (error) {
        notices.push({ kind: 'unreadable', file: relative(root, fileName), message: `analysis failed: ${String(error)}` });
      }
    }
    options.onProgress?.({ project: label, done: files.length, total: files.length });
  }
  if (filesAnalyzed === 0 && notices.every((notice) => notice.kind !== 'parse-error')) {
    notices.push({ kind: 'empty', message: 'no source files to audit under the root' });
  }
  return buildReport(root, tsconfigs, filesAnalyzed, assignFingerprints(raw), notices, options);
}

function assertDirectory(root: string, given: string): void {
  let stats;
  try {
    stats = statSync(root);
  } catch {
    throw new AuditError(`no such directory: ${given}`);
  }
  if (!stats.isDirectory()) {
    throw new AuditError(`${given} is a file, not a directory: pass the codebase's directory (and --tsconfig FILE to pick a tsconfig)`);
  }
}

/** `session-leaks.config.json` in the root, else the `session-leaks` key of its `package.json`. */
export function loadSettings(root: string): SessionLeaksSettings | undefined {
  const configFile = path.join(root, 'session-leaks.config.json');
  if (existsSync(configFile)) return readJson(configFile) as SessionLeaksSettings;
  const packageFile = path.join(root, 'package.json');
  if (existsSync(packageFile)) {
    const manifest = readJson(packageFile) as Record<string, unknown>;
    return manifest['session-leaks'] as SessionLeaksSettings | undefined;
  }
  return undefined;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch (error) {
    throw new AuditError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function resolveTsconfigs(root: string, given: readonly string[] | undefined): string[] {
  const queue: string[] = [];
  if (given !== undefined && given.length > 0) {
    for (const file of given) {
      if (file === '') throw new AuditError('--tsconfig needs a file name');
      const resolved = path.resolve(file);
      if (!existsSync(resolved)) throw new AuditError(`no such tsconfig: ${file}`);
      const target = statSync(resolved).isDirectory() ? path.join(resolved, 'tsconfig.json') : resolved;
      if (!existsSync(target)) throw new AuditError(`no tsconfig.json in ${file}`);
      queue.push(target);
    }
  } else if (existsSync(path.join(root, 'tsconfig.json'))) {
    queue.push(path.join(root, 'tsconfig.json'));
  }
  const result: string[] = [];
  while (queue.length > 0) {
    const file = queue.shift()!;
    if (result.includes(file)) continue;
    if (!existsSync(file)) throw new AuditError(`no such tsconfig: ${relative(root, file)} (referenced by a project)`);
    const read = ts.readConfigFile(file, ts.sys.readFile);
    if (read.error !== undefined) {
      throw new AuditError(`cannot read ${relative(root, file)}: ${ts.flattenDiagnosticMessageText(read.error.messageText, ' ')}`);
    }
    result.push(file);
    const references: unknown = (read.config as { references?: unknown } | undefined)?.references ?? [];
    if (!Array.isArray(references)) throw new AuditError(`${relative(root, file)}: "references" must be an array`);
    for (const reference of references as unknown[]) {
      if (reference === null || typeof reference !== 'object' || typeof (reference as { path?: unknown }).path !== 'string') {
        throw new AuditError(`${relative(root, file)}: every entry of "references" needs a "path"`);
      }
      const referencePath = (reference as { path: string }).path;
      const target = path.resolve(path.dirname(file), referencePath);
      queue.push(existsSync(target) && statSync(target).isDirectory() ? path.join(target, 'tsconfig.json') : target);
    }
  }
  return result;
}

/**
 * Loads one project as a compiler Program, built with the TypeScript copy ts-morph bundles (so nodes
 * and `SyntaxKind` values agree with the `ts` handed to the core). Files are checked one by one first,
 * so an unreadable file becomes a notice instead of stopping the audit; tsconfig problems (bad
 * `extends`, unknown options) become notices too. Wrapping every file in ts-morph objects would cost
 * more than the analysis, so the raw Program is used directly. Exported for the benchmark, which
 * times this step alone as the auditor's floor.
 */
export function loadProgram(root: string, tsconfig: string | undefined, notices: AuditNotice[]): TsMorphTypeScript.Program {
  try {
    let options: TsMorphTypeScript.CompilerOptions;
    let fileNames: readonly string[];
    if (tsconfig !== undefined) {
      const parsed = ts.getParsedCommandLineOfConfigFile(tsconfig, {}, {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new AuditError(`cannot read ${relative(root, tsconfig)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
        },
      });
      if (parsed === undefined) throw new AuditError(`cannot read ${relative(root, tsconfig)}`);
      for (const error of parsed.errors) {
        // An empty "files" list and "No inputs were found" are reported as an empty project instead.
        if (error.code === 18002 || error.code === 18003) continue;
        notices.push({ kind: 'config', file: relative(root, tsconfig), message: ts.flattenDiagnosticMessageText(error.messageText, ' ') });
      }
      options = { ...parsed.options, noEmit: true };
      fileNames = parsed.fileNames;
    } else {
      options = {
        allowJs: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
      };
      fileNames = ts.sys.readDirectory(root, ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'], ['**/node_modules/**'], ['**/*']);
    }
    const seen = new Set<string>();
    const rootNames: string[] = [];
    for (const fileName of fileNames) {
      let real: string;
      try {
        real = realpathSync(fileName);
        accessSync(real, constants.R_OK);
      } catch (error) {
        notices.push({ kind: 'unreadable', file: relative(root, fileName), message: `skipped: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
        continue;
      }
      // Symlinks to the same file (or loops back into the tree) are audited once.
      if (seen.has(real)) continue;
      seen.add(real);
      rootNames.push(fileName);
    }
    // References are audited as projects of their own (resolveTsconfigs); here imports across them
    // resolve to source, as an editor's language service does, so call chains cross packages.
    // As `tsc` does: JSDoc is parsed only where it can carry types (JavaScript files), which
    // the analysis never reads in TypeScript files.
    const host = ts.createCompilerHost(options);
    host.jsDocParsingMode = ts.JSDocParsingMode.ParseForTypeErrors;
    serveLibFiles(host);
    return ts.createProgram({ rootNames, options, host });
  } catch (error) {
    if (error instanceof AuditError) throw error;
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AuditError(`cannot load ${tsconfig === undefined ? 'the project' : relative(root, tsconfig)}: ${message}`);
  }
}

/**
 * Serves the standard library (`lib.es2023.d.ts`, …) from ts-morph's copy at the paths its TypeScript
 * looks for them, where no such files exist on disk; without them no global type (`Promise`,
 * `Array`, `Symbol.asyncDispose`) resolves. Every other file is read from disk.
 */
function serveLibFiles(host: TsMorphTypeScript.CompilerHost): void {
  const directory = host.getDefaultLibLocation?.() ?? path.posix.dirname(host.getDefaultLibFileName({}));
  const texts = new Map(getLibFiles().map((file) => [`${directory}/${file.fileName}`, file.text]));
  const { fileExists, readFile } = host;
  host.fileExists = (fileName) => texts.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => texts.get(fileName) ?? readFile.call(host, fileName);
}

function getFileProblem(program: TsMorphTypeScript.Program, file: TsMorphTypeScript.SourceFile): Omit<AuditNotice, 'file'> | undefined {
  if (file.text.length > MAX_FILE_BYTES) {
    return { kind: 'unreadable', message: `skipped: larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB` };
  }
  if (file.text.includes('\u0000')) return { kind: 'unreadable', message: 'skipped: binary content' };
  const diagnostics = program.getSyntacticDiagnostics(file);
  if (diagnostics.length === 0) return undefined;
  const first = diagnostics[0];
  const position = first.start === undefined ? '' : ` (line ${file.getLineAndCharacterOfPosition(first.start).line + 1})`;
  return { kind: 'parse-error', message: `does not parse: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}${position}` };
}

/** A finding without its compiler node, so a finished project's program can be released. */
interface RawFinding {
  readonly audit: Omit<AuditFinding, 'fingerprint'>;
  readonly key: string;
}

/** Every check over every call and `new` of one file, walking raw compiler nodes. */
function auditFile(context: AnalysisContext, root: string, file: CoreSourceFile): RawFinding[] {
  const found: RawFinding[] = [];
  const core = context.ts;
  // An explicit stack, not recursion: generated files nest deeper than the call stack allows.
  const stack: CoreNode[] = [file];
  // Only calls are checked: type syntax and leaves (tokens, identifiers, literals) are not walked.
  const pushChild = (child: CoreNode): void => {
    if (!cannotContainCalls(core, child)) stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (core.isCallExpression(node) || core.isNewExpression(node)) {
      const close = checkRequireSessionClose(context, node);
      if (close !== undefined) found.push(toRaw(root, close));
      const loop = checkNoSessionInLoop(context, node, DEFAULT_LOOP_OPTIONS);
      if (loop !== undefined) found.push(toRaw(root, loop));
      for (const cached of checkNoCachedSession(context, node)) found.push(toRaw(root, cached));
    }
    // Children go on the stack in reverse, so the walk stays in source order.
    const first = stack.length;
    core.forEachChild(node, pushChild);
    for (let low = first, high = stack.length - 1; low < high; low++, high--) {
      const swap = stack[low];
      stack[low] = stack[high];
      stack[high] = swap;
    }
  }
  return found;
}

function toRaw(root: string, finding: Finding): RawFinding {
  const sourceFile = finding.node.getSourceFile();
  const start = sourceFile.getLineAndCharacterOfPosition(finding.node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(finding.node.end);
  const chain: ChainStep[] = finding.chain.map((link) => {
    const linkFile = link.call.getSourceFile();
    const position = linkFile.getLineAndCharacterOfPosition(link.call.getStart(linkFile));
    return { name: link.name, file: relative(root, linkFile.fileName), line: position.line + 1, column: position.character + 1 };
  });
  const file = relative(root, sourceFile.fileName);
  const ruleId = `session-leaks/${finding.rule}`;
  const lines = sourceFile.text.split(/\r?\n/);
  const first = Math.max(0, start.line - 2);
  const last = Math.min(lines.length - 1, Math.min(end.line, start.line + 4) + 2);
  const snippet = lines.slice(first, last + 1).map((text, index) => ({ line: first + index + 1, text }));
  const nodeText = finding.node.getText(sourceFile).replace(/\s+/g, ' ');
  return {
    key: [ruleId, file, finding.messageId, getEnclosingName(finding.node), nodeText].join('\u0000'),
    audit: {
      ruleId,
      rule: finding.rule,
      messageId: finding.messageId,
      message: formatMessage(finding.messageId, finding.data),
      severity: RULE_SEVERITY[finding.rule],
      file,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      library: finding.library,
      kind: finding.kind,
      chain,
      snippet,
      ...(finding.wholeProgram === true ? { wholeProgram: true } : {}),
    },
  };
}

/** Names of the enclosing functions and classes, outermost first: part of the fingerprint instead of a line. */
function getEnclosingName(node: CoreNode): string {
  const names: string[] = [];
  for (let current = node.parent; current !== undefined; current = current.parent) {
    const name = (current as { name?: { text?: unknown } }).name;
    if (name !== undefined && typeof name.text === 'string') names.unshift(name.text);
  }
  return names.join('.');
}

/** Fingerprints from rule, file, message, enclosing names and the code itself, plus an occurrence index. */
function assignFingerprints(raw: readonly RawFinding[]): AuditFinding[] {
  const sorted = [...raw].sort((a, b) => compareFindings(a.audit, b.audit));
  const occurrences = new Map<string, number>();
  return sorted.map(({ audit, key }) => {
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const fingerprint = createHash('sha256').update(`${key}\u0000${occurrence}`).digest('hex').slice(0, 32);
    return { ...audit, fingerprint };
  });
}

function buildReport(
  root: string,
  tsconfigs: readonly string[],
  filesAnalyzed: number,
  all: AuditFinding[],
  notices: AuditNotice[],
  options: AuditOptions,
): AuditReport {
  let findings = all;
  let fixed: FixedFinding[] = [];
  let baselined = 0;
  if (options.baseline !== undefined) {
    const accepted = new Set(options.baseline.map((entry) => entry.fingerprint));
    const current = new Set(all.map((finding) => finding.fingerprint));
    findings = all.filter((finding) => !accepted.has(finding.fingerprint));
    baselined = all.length - findings.length;
    fixed = options.baseline.filter((entry) => !current.has(entry.fingerprint));
  }
  const tool = readOwnPackageJson();
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { name: 'session-audit', version: tool.version, informationUri: 'https://github.com/session-leaks/eslint-plugin-session-leaks' },
    root: relative(path.resolve(options.cwd ?? process.cwd()), root),
    projects: tsconfigs.map((file) => relative(root, file)),
    filesAnalyzed,
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    findings,
    fixed,
    notices: [...notices].sort((a, b) => (a.file ?? '').localeCompare(b.file ?? '') || a.message.localeCompare(b.message)),
    summary: summarize(findings, baselined),
  };
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

function relative(root: string, file: string): string {
  const rel = path.relative(root, path.resolve(file));
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

/** The 1-based shard of a file: a stable hash of its root-relative path. */
export function getShard(file: string, count: number): number {
  const digest = createHash('sha1').update(file).digest();
  return (digest.readUInt32BE(0) % count) + 1;
}
