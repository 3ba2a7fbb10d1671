#!/usr/bin/env node
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

import { readOwnPackageJson } from '../package-info.js';
import { readBaseline, toBaseline } from './baseline.js';
import { FORMAT_FILE_NAMES, FORMATTERS, isFormatName, type FormatName, type FormatOptions } from './formatters/index.js';
import { mergeReports, mergeSarifLogs, readReportFile } from './merge.js';
import { enableCompileCache } from './compile-cache.js';
import { AuditError } from './errors.js';
import type { AuditReport } from './report.js';
// The analysis (TypeScript, ts-morph) is loaded only for an audit, after the compile cache is on.
import type { AuditProgress } from './run-audit.js';

export const HELP = `Usage:
  session-audit [ROOT] [options]        audit the codebase in ROOT (default: .)
  session-audit merge REPORT... [options]
                                        combine JSON or SARIF reports of --shard runs

Options:
  --tsconfig FILE       tsconfig to load (repeatable; default ROOT/tsconfig.json, and
                        without one every source file under ROOT); project references
                        are followed
  --format F            text (default), json, sarif, markdown or html (repeatable)
  --output FILE         write the report to FILE (one format only)
  --out-dir DIR         write every requested format to DIR/session-audit.<ext>
  --baseline FILE       count only findings that are not in FILE; list fixed ones
  --update-baseline     write the current findings to the --baseline FILE and exit 0
  --fail-on LEVEL       error (default), warning or never: the lowest severity that
                        makes the exit code 1
  --shard I/N           audit only shard I of N, N ≤ 10000 (files split by a hash of
                        their path)
  --link-base URL       prefix for file links in Markdown and HTML reports
  -h, --help            show this help
  -v, --version         show the version

Settings (catalog extensions shared with the ESLint rules) are read from
ROOT/session-leaks.config.json or the "session-leaks" key of ROOT/package.json.
The auditor never runs code from the codebase it scans. It keeps V8's compiled
code for TypeScript and ts-morph between runs (Node's compile cache, or on Node 20
a private directory under the system temporary directory);
NODE_DISABLE_COMPILE_CACHE=1 turns that off.

Exit codes: 0 nothing at or above --fail-on, 1 findings trip the gate,
2 usage or configuration error.
`;

const FAIL_LEVELS = ['error', 'warning', 'never'] as const;
type FailLevel = (typeof FAIL_LEVELS)[number];

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTty: boolean;
  readonly env: NodeJS.ProcessEnv;
}

class UsageError extends Error {}

interface ParsedArgs {
  readonly positionals: string[];
  readonly tsconfig: string[];
  readonly format: FormatName[];
  readonly output?: string;
  readonly outDir?: string;
  readonly baseline?: string;
  readonly updateBaseline: boolean;
  readonly failOn: FailLevel;
  readonly shard?: { index: number; count: number };
  readonly linkBase?: string;
  readonly help: boolean;
  readonly version: boolean;
}

function parse(argv: readonly string[]): ParsedArgs {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        tsconfig: { type: 'string', multiple: true },
        format: { type: 'string', multiple: true },
        output: { type: 'string' },
        'out-dir': { type: 'string' },
        baseline: { type: 'string' },
        'update-baseline': { type: 'boolean' },
        'fail-on': { type: 'string' },
        shard: { type: 'string' },
        'link-base': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UsageError(`${message.replace(/\. To specify a positional argument.*$/, '')} (see --help)`);
  }
  const formats = values.format ?? ['text'];
  for (const format of formats) {
    if (!isFormatName(format)) throw new UsageError(`unknown format "${format}": use text, json, sarif, markdown or html`);
  }
  const failOn = values['fail-on'] ?? 'error';
  if (!(FAIL_LEVELS as readonly string[]).includes(failOn)) throw new UsageError(`--fail-on must be error, warning or never, not "${failOn}"`);
  let shard: ParsedArgs['shard'];
  if (values.shard !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(values.shard);
    const index = match === null ? NaN : Number(match[1]);
    const count = match === null ? NaN : Number(match[2]);
    if (!(index >= 1 && count >= 1 && index <= count && count <= 10_000)) {
      throw new UsageError(`--shard takes I/N with 1 ≤ I ≤ N ≤ 10000, not "${values.shard}"`);
    }
    shard = { index, count };
  }
  const unique = [...new Set(formats)] as FormatName[];
  for (const [flag, value] of [['--output', values.output], ['--out-dir', values['out-dir']], ['--baseline', values.baseline]] as const) {
    if (value === '') throw new UsageError(`${flag} needs a file name`);
  }
  if (values.output !== undefined && values['out-dir'] !== undefined) throw new UsageError('--output and --out-dir cannot be used together');
  if (values.output !== undefined && unique.length > 1) throw new UsageError('--output takes one format; use --out-dir for several');
  if (values['out-dir'] === undefined && values.output === undefined && unique.length > 1) {
    throw new UsageError('several formats need --out-dir (stdout takes one)');
  }
  if (values['update-baseline'] === true && values.baseline === undefined) throw new UsageError('--update-baseline needs --baseline FILE');
  return {
    positionals,
    tsconfig: values.tsconfig ?? [],
    format: unique,
    output: values.output,
    outDir: values['out-dir'],
    baseline: values.baseline,
    updateBaseline: values['update-baseline'] === true,
    failOn: failOn as FailLevel,
    shard,
    linkBase: values['link-base'],
    help: values.help === true,
    version: values.version === true,
  };
}

/** Runs the CLI and returns its exit code; never throws for bad input. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parse(argv);
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    if (args.version) {
      io.stdout(`${readOwnPackageJson().version}\n`);
      return 0;
    }
    if (args.positionals[0] === 'merge') return merge(args, io);
    if (args.positionals.length > 1) throw new UsageError(`one ROOT at most, got ${args.positionals.length} (see --help)`);
    const root = args.positionals[0] ?? '.';
    const progress = createProgress(io);
    const baseline = args.baseline !== undefined && !args.updateBaseline ? readBaseline(args.baseline) : undefined;
    const { runAudit } = await import('./run-audit.js');
    const report = await runAudit({ root, tsconfigs: args.tsconfig, shard: args.shard, baseline, onProgress: progress.update });
    progress.done();
    if (args.updateBaseline && args.baseline !== undefined) {
      writeFile(args.baseline, `${JSON.stringify(toBaseline(report), null, 2)}\n`);
      io.stderr(`session-audit: wrote ${report.findings.length} findings to the baseline ${args.baseline}\n`);
      return 0;
    }
    writeReports(report, args, io);
    return getExitCode(report, args.failOn);
  } catch (error) {
    if (error instanceof UsageError || error instanceof AuditError) {
      io.stderr(`session-audit: ${error.message}\n`);
      return 2;
    }
    io.stderr(`session-audit: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

function merge(args: ParsedArgs, io: CliIo): number {
  const files = args.positionals.slice(1);
  if (files.length === 0) throw new UsageError('merge needs at least one REPORT file');
  const inputs = files.map(readReportFile);
  if (inputs.every((input) => input.kind === 'json')) {
    const report = mergeReports(inputs.map((input) => (input as { report: AuditReport }).report));
    writeReports(report, args, io);
    return getExitCode(report, args.failOn);
  }
  if (!inputs.every((input) => input.kind === 'sarif')) throw new UsageError('merge takes only JSON reports or only SARIF logs, not both');
  if (args.format.some((format) => format !== 'sarif') && argsHasExplicitFormat(args)) {
    throw new UsageError('SARIF inputs merge into SARIF only: use --format sarif');
  }
  const merged = mergeSarifLogs(inputs.map((input) => (input as { log: Parameters<typeof mergeSarifLogs>[0][number] }).log));
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  if (args.output !== undefined) writeFile(args.output, text);
  else if (args.outDir !== undefined) writeFile(path.join(args.outDir, FORMAT_FILE_NAMES.sarif), text);
  else io.stdout(text);
  const failing = merged.runs[0].results?.filter((result) => {
    const level = (result as { level?: string }).level ?? 'warning';
    return args.failOn === 'warning' ? level === 'error' || level === 'warning' : args.failOn === 'error' && level === 'error';
  }).length ?? 0;
  return failing > 0 ? 1 : 0;
}

function argsHasExplicitFormat(args: ParsedArgs): boolean {
  return !(args.format.length === 1 && args.format[0] === 'text');
}

function writeReports(report: AuditReport, args: ParsedArgs, io: CliIo): void {
  const options: FormatOptions = { linkBase: args.linkBase ?? getCiLinkBase(io.env) };
  for (const format of args.format) {
    const text = FORMATTERS[format](report, options);
    if (args.output !== undefined) writeFile(args.output, text);
    else if (args.outDir !== undefined) writeFile(path.join(args.outDir, FORMAT_FILE_NAMES[format]), text);
    else io.stdout(text);
  }
}

/** On GitHub Actions, Markdown and HTML links point at the audited commit. */
function getCiLinkBase(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  return server !== undefined && repository !== undefined && sha !== undefined ? `${server}/${repository}/blob/${sha}/` : undefined;
}

function writeFile(file: string, text: string): void {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new AuditError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function getExitCode(report: AuditReport, failOn: FailLevel): number {
  if (failOn === 'never') return 0;
  const { error, warning } = report.summary.bySeverity;
  return error + (failOn === 'warning' ? warning : 0) > 0 ? 1 : 0;
}

/** A progress bar on stderr, only for people: a TTY and no `CI` variable. */
function createProgress(io: CliIo): { update: (progress: AuditProgress) => void; done: () => void } {
  if (!io.isTty || io.env.CI !== undefined) return { update: () => undefined, done: () => undefined };
  let drawn = false;
  return {
    update(progress) {
      const width = 24;
      const filled = progress.total === 0 ? width : Math.round((progress.done / progress.total) * width);
      io.stderr(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${progress.done}/${progress.total} ${progress.project}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) io.stderr('\r\u001b[K');
    },
  };
}

function isInvokedDirectly(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return pathToFileURL(realpathSync(script)).href === import.meta.url;
  } catch {
    return false;
  }
}

if (isInvokedDirectly()) {
  enableCompileCache();
  const code = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTty: process.stderr.isTTY === true,
    env: process.env,
  });
  process.exitCode = code;
}
