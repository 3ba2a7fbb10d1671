// The auditor's analysis alone, timed inside one process (not part of `npm run bench`):
//   node bench/lib/analysis-passes.mjs CORPUS_DIR [PASSES] [BUILD_DIR]
// Loads the corpus's Program once with the auditor's loader, then runs every check over every call
// and `new` PASSES times (default 3), each pass with a fresh analysis context (its own caches). The
// first pass is what an audit pays (our code and the checker run cold); later passes keep the
// checker's type caches and V8's compiled code, so they show what our own code costs. Checker time
// is measured around the outermost TypeChecker call. BUILD_DIR (default: this repository) is the
// root of a built checkout, so two builds can be compared on one machine in alternation, e.g. a
// `git worktree` of an earlier commit with `npm run build` run in it.
// Prints one line per pass: total ms, checker ms, findings, and the busiest checker methods. With
// ANALYSIS_CALLERS=N in the environment, also the N call paths of ours that call the checker most
// (the first ANALYSIS_CALLERS_DEPTH frames, default 2, of the stack inside the build's dist/), by calls,
// in the first pass.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [corpus, passesArgument = '3', buildArgument] = process.argv.slice(2);
if (corpus === undefined) {
  process.stderr.write('usage: node bench/lib/analysis-passes.mjs CORPUS_DIR [PASSES] [BUILD_DIR]\n');
  process.exit(2);
}
const build = path.resolve(buildArgument ?? here);
const load = (file) => import(pathToFileURL(path.join(build, 'dist/src', file)).href);
const { loadProgram } = await load('auditor/run-audit.js');
const { getAnalysisContext } = await load('core/context.js');
const { checkRequireSessionClose } = await load('core/checks/require-session-close.js');
const { checkNoSessionInLoop, DEFAULT_LOOP_OPTIONS } = await load('core/checks/no-session-in-loop.js');
const { checkNoCachedSession } = await load('core/checks/no-cached-session.js');
const stores = await load('core/stores.js');
// Builds before session 8 called the whole-program pass collectModuleSingletons.
const wholeProgramFacts = (context, files) =>
  stores.collectProgramSingletons !== undefined
    ? { singletons: stores.collectProgramSingletons(context, files) }
    : { moduleSingletons: stores.collectModuleSingletons(context, files) };
const { ts } = createRequire(path.join(build, 'package.json'))('ts-morph');

const root = path.resolve(corpus);
const program = loadProgram(root, path.join(root, 'tsconfig.json'), []);
const checker = program.getTypeChecker();

// Time the outermost checker call only (the checker calls its own API methods internally).
const checkerStats = new Map();
const callerCount = Number(process.env.ANALYSIS_CALLERS ?? 0);
const callerDepth = Number(process.env.ANALYSIS_CALLERS_DEPTH ?? 2);
const callers = new Map();
const distPrefix = path.join(build, 'dist') + path.sep;
let depth = 0;
for (const key of Object.keys(checker)) {
  const method = checker[key];
  if (typeof method !== 'function') continue;
  checker[key] = function timed(...args) {
    if (depth > 0) return method.apply(this, args);
    depth += 1;
    if (callerCount > 0 && countingCallers) {
      const frames = new Error().stack
        .split('\n')
        .slice(2)
        .filter((line) => line.includes(distPrefix))
        .slice(0, callerDepth)
        .map((line) => line.trim().replace(/^at /, '').replace(`file://${distPrefix}`, ''));
      const caller = frames.length === 0 ? '(outside the build)' : frames.join(' < ');
      callers.set(caller, (callers.get(caller) ?? 0) + 1);
    }
    const start = performance.now();
    try {
      return method.apply(this, args);
    } finally {
      depth -= 1;
      const entry = checkerStats.get(key) ?? { calls: 0, ms: 0 };
      entry.calls += 1;
      entry.ms += performance.now() - start;
      checkerStats.set(key, entry);
    }
  };
}

const files = program.getSourceFiles().filter((file) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/'));
const passes = Number(passesArgument);
let countingCallers = false;
for (let pass = 0; pass < passes; pass += 1) {
  checkerStats.clear();
  countingCallers = pass === 0;
  // Contexts are cached per program and settings: distinct (equivalent) settings give a fresh one.
  const settings = pass === 0 ? undefined : { closers: [`__analysis_pass_${pass}`] };
  const start = performance.now();
  const context = getAnalysisContext(ts, program, settings);
  context.wholeProgram ??= wholeProgramFacts(context, files);
  let findings = 0;
  for (const file of files) {
    const stack = [file];
    while (stack.length > 0) {
      const node = stack.pop();
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        if (checkRequireSessionClose(context, node) !== undefined) findings += 1;
        if (checkNoSessionInLoop(context, node, DEFAULT_LOOP_OPTIONS) !== undefined) findings += 1;
        findings += checkNoCachedSession(context, node).length;
      }
      ts.forEachChild(node, (child) => {
        stack.push(child);
      });
    }
  }
  const total = performance.now() - start;
  const checkerMs = [...checkerStats.values()].reduce((sum, entry) => sum + entry.ms, 0);
  const busiest = [...checkerStats]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 3)
    .map(([name, entry]) => `${name} ${entry.calls}× ${entry.ms.toFixed(0)} ms`)
    .join(', ');
  process.stdout.write(`pass ${pass + 1}: ${total.toFixed(0)} ms, checker ${checkerMs.toFixed(0)} ms, ${findings} findings (${busiest})\n`);
}
if (callerCount > 0) {
  const top = [...callers].sort((a, b) => b[1] - a[1]).slice(0, callerCount);
  for (const [caller, calls] of top) process.stdout.write(`${String(calls).padStart(7)}  ${caller}\n`);
}
