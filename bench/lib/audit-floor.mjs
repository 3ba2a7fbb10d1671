// The auditor's floor, run in a fresh process by bench/run.mjs:
//   node bench/lib/audit-floor.mjs CORPUS_DIR
// Does what `session-audit CORPUS_DIR` does before its first check: turns on its compile cache, loads
// ts-morph (and the TypeScript it bundles), builds the corpus's Program with the auditor's own loader, and binds it by creating the
// type checker. No analysis runs, so the auditor's time minus this is what the checks cost.
// Prints one JSON line: source files in the Program, notices.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [corpus] = process.argv.slice(2);
const root = path.resolve(corpus);
const { enableCompileCache } = await import(path.join(repo, 'dist/src/auditor/compile-cache.js'));
enableCompileCache();
const { loadProgram } = await import(path.join(repo, 'dist/src/auditor/run-audit.js'));

const notices = [];
const program = loadProgram(root, path.join(root, 'tsconfig.json'), notices);
program.getTypeChecker();
process.stdout.write(`${JSON.stringify({ files: program.getSourceFiles().length, notices: notices.length })}\n`);
