import ts from 'typescript';
import { describe, expect, it } from 'vitest';

import {
  findLeakingExits,
  HELD,
  type LeakingPaths,
  type PathExit,
  type PathState,
  type ReleaseQuestions,
} from '../../src/core/flow/release-paths.js';

/**
 * Questions answered from the source text alone: a piece of code acquires when its text contains
 * `acquire()` and releases when it contains `release()`; `r`, `r != null` and their negations are
 * guards on the resource.
 */
function textQuestions(): ReleaseQuestions {
  return {
    acquires: (node) => node.getText().includes('acquire()'),
    releases: (node) => node.getText().includes('release()'),
    classifyGuard: (test) => {
      const text = test.getText().replace(/\s+/g, ' ').trim();
      if (['r', 'r != null', 'r !== null', 'r !== undefined', '!!r'].includes(text)) return 'held';
      if (['!r', 'r == null', 'r === null', 'r === undefined'].includes(text)) return 'absent';
      return undefined;
    },
  };
}

function firstFunction(file: ts.SourceFile): ts.FunctionLikeDeclaration {
  let found: ts.FunctionLikeDeclaration | undefined;
  const visit = (node: ts.Node): void => {
    if (found !== undefined) return;
    if (ts.isFunctionLike(node) && (node as ts.FunctionLikeDeclaration).body !== undefined) {
      found = node as ts.FunctionLikeDeclaration;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  if (found === undefined) throw new Error('no function in snippet');
  return found;
}

/** Walks the first function of `source` (line 1 is the first line after the opening backtick's newline). */
function walk(source: string, initial?: PathState): LeakingPaths {
  const text = source.replace(/^\n/, '');
  const file = ts.createSourceFile('case.ts', text, ts.ScriptTarget.Latest, true);
  return findLeakingExits(ts, firstFunction(file).body!, textQuestions(), initial);
}

function startLine(node: ts.Node): number {
  const file = node.getSourceFile();
  return file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
}

/** `kind@line`; an `end` exit is placed on the line of the body's closing brace. */
function describeExit(exit: PathExit): string {
  const file = exit.node.getSourceFile();
  const line = exit.kind === 'end' ? file.getLineAndCharacterOfPosition(exit.node.end).line + 1 : startLine(exit.node);
  return `${exit.kind}${exit.label === undefined ? '' : ` ${exit.label}`}@${line}`;
}

/** The leaking exits of the first function, as sorted unique `kind@line` strings. */
function leaks(source: string, initial?: PathState): string[] {
  return [...new Set(walk(source, initial).exits.map(describeExit))].sort();
}

/** The recorded jumps, as `kind[ label]@line -> target line`. */
function jumps(source: string): string[] {
  return [...new Set(walk(source).jumps.map((jump) => `${describeExit(jump.exit)} -> ${startLine(jump.target)}`))].sort();
}

describe('findLeakingExits: straight-line code', () => {
  it('straight-line release leaks nothing', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  r.release();
}`),
    ).toEqual([]);
  });

  it('nothing acquired, nothing leaks', () => {
    expect(
      leaks(`
function f() {
  work();
  if (x) return;
}`),
    ).toEqual([]);
  });

  it('release only on the normal path leaves the throw path leaking', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  use(r);
  r.release();
}`),
    ).toEqual(['throw@3']);
  });

  it('never released: every call throws while held and the end leaks', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  use(r);
  more(r);
}`),
    ).toEqual(['end@5', 'throw@3', 'throw@4']);
  });

  it('a failing acquisition holds nothing', () => {
    expect(
      leaks(`
function f() {
  prepare();
  const r = acquire();
  r.release();
}`),
    ).toEqual([]);
  });

  it('early return before the release', () => {
    expect(
      leaks(`
function f(x) {
  const r = acquire();
  if (x) return;
  r.release();
}`),
    ).toEqual(['return@3']);
  });

  it('a return after the release leaks nothing', () => {
    expect(
      leaks(`
function f(x) {
  const r = acquire();
  r.release();
  if (x) return 1;
  return 2;
}`),
    ).toEqual([]);
  });

  it('a return whose expression releases leaks nothing', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  return r.release();
}`),
    ).toEqual([]);
  });

  it('a return expression that may throw while held is a throw and a return exit', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  return use(r);
}`),
    ).toEqual(['return@3', 'throw@3']);
  });

  it('acquiring again while held is an overwrite (and the second acquire may throw while held)', () => {
    expect(
      leaks(`
function f() {
  let r = acquire();
  r = acquire();
  r.release();
}`),
    ).toEqual(['overwrite@3', 'throw@3']);
  });
});

describe('findLeakingExits: throw statements', () => {
  it('throw after the release leaks nothing', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  r.release();
  throw new Error('done');
}`),
    ).toEqual([]);
  });

  it('throw before the release is a throw exit', () => {
    expect(
      leaks(`
function f(x) {
  const r = acquire();
  if (x) throw new Error('bad');
  r.release();
}`),
    ).toEqual(['throw@3']);
  });

  it('unreachable code after a throw changes nothing', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  r.release();
  throw new Error('done');
  const s = acquire();
}`),
    ).toEqual([]);
  });
});

describe('findLeakingExits: if', () => {
  it('release on one branch only leaks at the end', () => {
    expect(
      leaks(`
function f(x) {
  const r = acquire();
  if (x) {
    r.release();
  }
}`),
    ).toEqual(['end@6']);
  });

  it('release on both branches leaks nothing', () => {
    expect(
      leaks(`
function f(x) {
  const r = acquire();
  if (x) {
    r.release();
  } else {
    r.release();
  }
}`),
    ).toEqual([]);
  });

  it('`if (!r) return` leaves nothing held on the return', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  if (!r) return;
  r.release();
}`),
    ).toEqual([]);
  });

  it('the same return behind an unrelated test leaks', () => {
    expect(
      leaks(`
function f(ok) {
  const r = acquire();
  if (!ok) return;
  r.release();
}`),
    ).toEqual(['return@3']);
  });

  it('`if (r) r.release()` releases on both branches', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  if (r) r.release();
}`),
    ).toEqual([]);
  });

  it('`if (r != null)` counts as a guard', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  if (r != null) {
    r.release();
  }
}`),
    ).toEqual([]);
  });

  it('`if (r == null)` leaves the else branch held', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  if (r == null) {
    return;
  }
}`),
    ).toEqual(['end@6']);
  });
});

describe('findLeakingExits: try', () => {
  it('release in finally leaks nothing', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    use(r);
    if (x) return;
    more(r);
  } finally {
    r.release();
  }
}`),
    ).toEqual([]);
  });

  it('a guarded release in finally (`if (r) r.release()`) leaks nothing', () => {
    expect(
      leaks(`
function f() {
  let r;
  try {
    r = acquire();
    use(r);
  } finally {
    if (r) r.release();
  }
}`),
    ).toEqual([]);
  });

  it('a finally without a release keeps the throw path leaking', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    use(r);
  } finally {
    done = true;
  }
  r.release();
}`),
    ).toEqual(['throw@4']);
  });

  it('nested try/finally: the release in the inner finally covers the outer one', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    try {
      use(r);
    } finally {
      r.release();
    }
    after();
  } finally {
    cleanup();
  }
}`),
    ).toEqual([]);
  });

  it('nested try/finally: the release in the outer finally covers the inner finally', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    try {
      use(r);
    } finally {
      log();
    }
  } finally {
    r.release();
  }
}`),
    ).toEqual([]);
  });

  it('nested try/finally without any release leaks from both blocks', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    try {
      use(r);
    } finally {
      audit();
    }
  } finally {
    cleanup();
  }
}`),
    ).toEqual(['end@12', 'throw@10', 'throw@5', 'throw@7']);
  });

  it('catch that releases and rethrows leaks nothing', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    use(r);
  } catch (error) {
    r.release();
    throw error;
  }
  r.release();
}`),
    ).toEqual([]);
  });

  it('catch that swallows the error without releasing and returns leaks', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    use(r);
  } catch {
    failed = true;
    return false;
  }
  r.release();
  return true;
}`),
    ).toEqual(['return@7']);
  });

  it('catch that rethrows without releasing is a throw exit from the catch', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    use(r);
  } catch (error) {
    throw error;
  }
  r.release();
}`),
    ).toEqual(['throw@6']);
  });

  it('try/catch/finally: the finally release covers the catch', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    use(r);
  } catch (error) {
    report(error);
    return;
  } finally {
    r.release();
  }
}`),
    ).toEqual([]);
  });

  it('a throw statement inside try reaches the catch', () => {
    expect(
      leaks(`
function f(x) {
  try {
    if (x) throw new Error('x');
  } catch {
    const r = acquire();
    return;
  }
}`),
    ).toEqual(['return@6']);
  });

  it('return inside a finally without a release replaces the pending throw', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    use(r);
  } finally {
    return;
  }
}`),
    ).toEqual(['return@6']);
  });

  it('return inside a finally that releases leaks nothing', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  try {
    use(r);
  } finally {
    r.release();
    return;
  }
}`),
    ).toEqual([]);
  });

  it('return inside try goes through the releasing finally', () => {
    expect(
      leaks(`
function f(x) {
  const r = acquire();
  try {
    if (x) return use(r);
  } finally {
    r.release();
  }
  return 0;
}`),
    ).toEqual([]);
  });
});

describe('findLeakingExits: loops', () => {
  it('acquired and released in every iteration leaks nothing', () => {
    expect(
      leaks(`
function f(items) {
  for (const item of items) {
    const r = acquire();
    try {
      use(r, item);
    } finally {
      r.release();
    }
  }
}`),
    ).toEqual([]);
  });

  it('acquired in a loop and released after it: overwrite on the next iteration', () => {
    expect(
      leaks(`
function f(n) {
  let r;
  for (let i = 0; i < n; i++) {
    r = acquire();
  }
  r.release();
}`),
    ).toEqual(['overwrite@4', 'throw@4']);
  });

  it('`continue` skipping the release: a jump, an overwrite and a leaking end', () => {
    const source = `
function f(items) {
  for (const item of items) {
    const r = acquire();
    if (item) continue;
    r.release();
  }
}`;
    expect(leaks(source)).toEqual(['end@7', 'overwrite@3', 'throw@3']);
    expect(jumps(source)).toEqual(['continue@4 -> 2']);
  });

  it('`continue` after the release records no jump', () => {
    const source = `
function f(items) {
  for (const item of items) {
    const r = acquire();
    r.release();
    if (item) continue;
    step = 1;
  }
}`;
    expect(leaks(source)).toEqual([]);
    expect(jumps(source)).toEqual([]);
  });

  it('`while (true)` left only through a break after the release leaks nothing', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  let i = 0;
  while (true) {
    if (i > 3) {
      r.release();
      break;
    }
    i++;
  }
}`),
    ).toEqual([]);
  });

  it('`for (;;)` is infinite too', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  let i = 0;
  for (;;) {
    if (i > 3) {
      r.release();
      break;
    }
    i++;
  }
}`),
    ).toEqual([]);
  });

  it('the same loop with a real condition may leave it still holding the resource', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  let i = 0;
  while (i < 10) {
    if (i > 3) {
      r.release();
      break;
    }
    i++;
  }
}`),
    ).toEqual(['end@11']);
  });

  it('`while (true)` with a break before the release leaks through the break', () => {
    const source = `
function f() {
  const r = acquire();
  let i = 0;
  while (true) {
    if (i > 3) break;
    i++;
  }
}`;
    expect(leaks(source)).toEqual(['end@8']);
    expect(jumps(source)).toEqual(['break@5 -> 4']);
  });

  it('`for…of` may run zero times: a release only in its body leaks', () => {
    expect(
      leaks(`
function f(items) {
  const r = acquire();
  for (const item of items) {
    r.release();
  }
}`),
    ).toEqual(['end@6']);
  });

  it('`for…in` may run zero times too', () => {
    expect(
      leaks(`
function f(object) {
  const r = acquire();
  for (const key in object) {
    r.release();
  }
}`),
    ).toEqual(['end@6']);
  });

  it('`do…while` runs its body at least once', () => {
    expect(
      leaks(`
function f(i) {
  const r = acquire();
  do {
    r.release();
    i--;
  } while (i > 0);
}`),
    ).toEqual([]);
  });

  it('the same body in a `while` loop leaks on the zero-iteration path', () => {
    expect(
      leaks(`
function f(i) {
  const r = acquire();
  while (i > 0) {
    r.release();
    i--;
  }
}`),
    ).toEqual(['end@7']);
  });

  it('`do…while` acquiring in its body and releasing after it overwrites', () => {
    expect(
      leaks(`
function f(i) {
  let r;
  do {
    r = acquire();
    i--;
  } while (i > 0);
  r.release();
}`),
    ).toEqual(['overwrite@4', 'throw@4']);
  });

  it('labelled `break outer` from an inner loop skips the release', () => {
    const source = `
function f(rows) {
  outer: for (const row of rows) {
    const r = acquire();
    for (const cell of row) {
      if (cell) break outer;
    }
    r.release();
  }
}`;
    expect(leaks(source)).toEqual(['end@9']);
    expect(jumps(source)).toEqual(['break outer@5 -> 2']);
  });

  it('labelled `continue outer` from an inner loop skips the release', () => {
    const source = `
function f(rows) {
  outer: for (const row of rows) {
    const r = acquire();
    for (const cell of row) {
      if (cell) continue outer;
    }
    r.release();
  }
}`;
    expect(leaks(source)).toEqual(['end@9', 'overwrite@3', 'throw@3']);
    expect(jumps(source)).toEqual(['continue outer@5 -> 2']);
  });

  it('an unlabelled break in the inner loop does not skip the outer release', () => {
    const source = `
function f(rows) {
  outer: for (const row of rows) {
    const r = acquire();
    for (const cell of row) {
      if (cell) break;
    }
    r.release();
  }
}`;
    expect(leaks(source)).toEqual([]);
    expect(jumps(source)).toEqual(['break@5 -> 4']);
  });

  it('`break label` out of a labelled block completes the block', () => {
    expect(
      leaks(`
function f(x) {
  const r = acquire();
  block: {
    if (x) break block;
    step = 1;
  }
  r.release();
}`),
    ).toEqual([]);
  });

  it('a break outside any loop of the function is an exit', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  break;
}`),
    ).toEqual(['break@3']);
  });
});

describe('findLeakingExits: switch', () => {
  it('switch without default releasing only in its cases leaks', () => {
    expect(
      leaks(`
function f(kind) {
  const r = acquire();
  switch (kind) {
    case 'a':
      r.release();
      break;
    case 'b':
      r.release();
      break;
  }
}`),
    ).toEqual(['end@11']);
  });

  it('switch with a default, releasing in every clause, leaks nothing', () => {
    expect(
      leaks(`
function f(kind) {
  const r = acquire();
  switch (kind) {
    case 'a':
      r.release();
      break;
    case 'b':
      r.release();
      break;
    default:
      r.release();
  }
}`),
    ).toEqual([]);
  });

  it('switch with a default clause that does not release leaks', () => {
    expect(
      leaks(`
function f(kind) {
  const r = acquire();
  switch (kind) {
    case 'a':
      r.release();
      break;
    default:
      break;
  }
}`),
    ).toEqual(['end@10']);
  });

  it('a clause that falls through into a releasing clause leaks nothing', () => {
    expect(
      leaks(`
function f(kind) {
  const r = acquire();
  switch (kind) {
    case 'a':
      step = 1;
    case 'b':
      r.release();
      break;
    default:
      r.release();
  }
}`),
    ).toEqual([]);
  });

  it('falling through into a later clause does not release a clause entered directly', () => {
    expect(
      leaks(`
function f(kind) {
  const r = acquire();
  switch (kind) {
    case 'a':
      r.release();
    case 'b':
      step = 1;
      break;
    default:
      r.release();
  }
}`),
    ).toEqual(['end@12']);
  });

  it('a return in a case before the release', () => {
    expect(
      leaks(`
function f(kind) {
  const r = acquire();
  switch (kind) {
    case 'a':
      return;
    default:
      break;
  }
  r.release();
}`),
    ).toEqual(['return@5']);
  });
});

describe('findLeakingExits: nested functions are boundaries', () => {
  it('a release inside a nested function declaration that is never called does not count', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  function cleanup() {
    r.release();
  }
}`),
    ).toEqual(['end@6']);
  });

  it('a release inside a nested class does not count', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  class Cleanup {
    run() {
      r.release();
    }
  }
}`),
    ).toEqual(['end@8']);
  });

  it('return and throw inside a nested function are not exits of the outer one', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  function helper(x) {
    if (x) return 1;
    throw new Error('x');
  }
  r.release();
}`),
    ).toEqual([]);
  });

  it('calls inside a nested function expression do not throw on the outer path', () => {
    expect(
      leaks(`
function f() {
  const r = acquire();
  const later = () => {
    work();
    throw new Error('x');
  };
  const other = function () {
    return more();
  };
  r.release();
}`),
    ).toEqual([]);
  });

  it('an acquisition inside a nested function does not start holding on the outer path', () => {
    expect(
      leaks(`
function f() {
  function open() {
    const r = acquire();
    return r;
  }
  work();
}`),
    ).toEqual([]);
  });

  it('a loop in a nested function does not carry the outer jump', () => {
    const source = `
function f(items) {
  const r = acquire();
  function each() {
    for (const item of items) {
      if (item) continue;
    }
  }
  r.release();
}`;
    expect(leaks(source)).toEqual([]);
    expect(jumps(source)).toEqual([]);
  });
});

describe('findLeakingExits: callbacks and expression bodies', () => {
  it('a block body that starts held (a `then` callback) leaks when not released', () => {
    expect(
      leaks(
        `
const f = (r) => {
  use(r);
};`,
        HELD,
      ),
    ).toEqual(['end@3', 'throw@2']);
  });

  it('an expression body that releases leaks nothing', () => {
    expect(leaks(`const f = (r) => r.release();`, HELD)).toEqual([]);
  });

  it('an expression body that does not release is a return exit', () => {
    expect(leaks(`const f = (r) => use(r);`, HELD)).toEqual(['return@1']);
  });
});

describe('findLeakingExits: regressions', () => {
  it('walks a catch block reached while nothing is held, so an acquisition there is seen', () => {
    expect(
      leaks(`
function f() {
  try {
    risky();
  } catch (e) {
    const r = acquire();
    return;
  }
}`),
    ).toEqual(['return@6']);
  });

  it('a releasing finally does not hide a resource overwritten in a loop', () => {
    expect(
      leaks(`
function f(ids) {
  let r;
  try {
    for (const id of ids) {
      r = acquire();
    }
  } finally {
    if (r) r.release();
  }
}`),
    ).toEqual(['overwrite@5']);
  });
});
