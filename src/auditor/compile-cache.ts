import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

/** Below this size a file compiles faster than its cache is read. */
const MIN_SIZE = 1_000_000;

interface CompilingModule {
  exports: unknown;
  _compile(content: string, filename: string): unknown;
}

/**
 * Keeps V8's compiled code for the large CommonJS files the auditor loads (TypeScript's compiler,
 * ts-morph) between runs, as `tsc` itself does on Node 22 and later: there this calls Node's own
 * `module.enableCompileCache()`. On Node 20, which has none, the few files of 1 MB or more are
 * compiled through `vm.Script` with the cached data written at exit of the run that lacked it, so
 * it holds every function that run compiled, not only the top level. The cache lives in a directory
 * of the user's own under the system temporary directory, keyed by the file's path and text and the
 * Node version; any failure to read or write it falls back to an ordinary compile.
 * `NODE_DISABLE_COMPILE_CACHE=1` turns it off, as it does Node's.
 */
export function enableCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_DISABLE_COMPILE_CACHE !== undefined && env.NODE_DISABLE_COMPILE_CACHE !== '') return;
  const builtin = (Module as unknown as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (typeof builtin === 'function') {
    builtin();
    return;
  }
  const directory = getCacheDirectory();
  if (directory === undefined) return;
  const prototype = Module.prototype as unknown as CompilingModule;
  const compile = prototype._compile;
  const pending: (readonly [string, vm.Script])[] = [];
  prototype._compile = function compileWithCache(this: CompilingModule, content: string, filename: string): unknown {
    if (content.length < MIN_SIZE) return compile.call(this, content, filename);
    // V8 checks only the source's length against the cached data: the key holds the whole text's hash
    // (about 7 ms for TypeScript's 9 MB), so an upgrade to a file of the same length cannot match.
    const key = createHash('sha256').update(filename).update('\0').update(content).update(`\0${process.version}\0${process.arch}`);
    const cacheFile = path.join(directory, key.digest('hex'));
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData });
    if (cachedData === undefined || script.cachedDataRejected === true) pending.push([cacheFile, script]);
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, createRequire(filename), this, filename, path.dirname(filename));
  };
  process.once('exit', () => {
    for (const [cacheFile, script] of pending) {
      try {
        const partial = `${cacheFile}.${process.pid}`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
      } catch {
        // A cache that cannot be written only costs the next run the compile.
      }
    }
  });
}

/** `TMPDIR/session-audit-compile-cache-UID`, created private; not used unless it is the user's own and private. */
function getCacheDirectory(): string | undefined {
  const uid = process.getuid?.();
  const directory = path.join(os.tmpdir(), `session-audit-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    const stats = statSync(directory);
    // Cached code is run as is: never from a directory someone else owns or can write to.
    if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid) || (stats.mode & 0o022) !== 0) return undefined;
    return directory;
  } catch {
    return undefined;
  }
}
