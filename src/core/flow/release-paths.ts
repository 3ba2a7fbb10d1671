import type * as TS from 'typescript';

import type { TypeScript } from '../context.js';
import { forEachEvaluated, LISTENER_REGISTRATIONS } from './boundaries.js';

/**
 * A structural "released on every path" analysis over statements, without a control-flow graph.
 *
 * Each path carries a state: not yet acquired, held, or released (released also covers ownership
 * handed off). A path's state is a bit set because paths merge. The walk follows the statements of
 * one function body and reports every way out of it (return, throw, break/continue leaving the
 * function's loops, falling off the end, re-acquiring while still held) on which the resource may
 * still be held.
 *
 * How it treats the hard parts:
 * - `if` runs either branch; an `if` without `else` also falls through. A test that checks the
 *   resource itself (`if (client)`, `client != null`) means the other branch holds nothing.
 * - `switch` without `default` may run no clause; clauses fall through until `break`.
 * - Loop bodies may run zero times (`do…while` at least once); `while (true)` and `for (;;)` leave
 *   only through `break`. Loops are iterated until the states settle (three states, so quickly).
 * - Labels: `break label` completes the labelled statement; `continue label` re-enters its loop.
 * - `try`: every statement in the try block that may throw (a call, `new`, `await`, `yield`, `throw`,
 *   a tagged template) sends its current state to `catch`, or past it when there is none. `finally`
 *   runs on every way out: when it contains a release of the resource anywhere (guarded forms
 *   such as `if (client) client.release()` included), every path through it counts as released,
 *   unless the questions say otherwise for that block (a release under a success flag), in which
 *   case the block is walked like any other.
 * - Nested functions and classes are boundaries: their bodies are not part of this path.
 * - `process.exit(…)` ends the path with nothing held: the process ends. A log line (`console.log`,
 *   `logger.info`, `debug(…)`), a listener registration (`socket.on('close', fn)`), a clock read
 *   (`Date.now()`) and building a date, an error or an empty collection (`new Date()`, `new Map()`)
 *   do not throw (arguments still may).
 */
export const NOT_ACQUIRED = 1;
export const HELD = 2;
export const RELEASED = 4;

export type PathState = number;

export type ExitKind = 'break' | 'continue' | 'end' | 'overwrite' | 'return' | 'throw';

export interface PathExit {
  readonly kind: ExitKind;
  readonly node: TS.Node;
  readonly label?: string;
  readonly state: PathState;
  /** A `throw` exit that is the rejection of a promise whose fulfilment handler releases. */
  readonly rejection?: boolean;
}

/**
 * How a piece of code releases the tracked resource: not at all (`false`), on every path (`true`),
 * only when a promise fulfils (`'fulfilled'`) or rejects (`'rejected'`), or in a completion callback that misses it on the path
 * through `missed` (`conn.query(sql, (e) => { if (e) return cb(e); conn.release(); })`).
 */
export type ReleaseAnswer = boolean | 'fulfilled' | 'rejected' | { readonly missed: TS.Node };

/** What the walk asks about one evaluated piece of code (a statement's own expression). */
export interface ReleaseQuestions {
  /** Evaluating `node` acquires the tracked resource. */
  acquires(node: TS.Node): boolean;
  /**
   * Evaluating `node` releases the tracked resource or hands its ownership off: `true`; or releases it
   * only when a promise fulfils (`client.query(sql).then(() => client.release())`), so that a
   * rejection leaks it: `'fulfilled'`.
   */
  releases(node: TS.Node): ReleaseAnswer;
  /**
   * A throw from `node` (a piece of code that may throw, or a `throw` statement) leaves nothing held
   * on its way out (a setup call on the resource, such as `runner.connect()`, holds nothing when it fails).
   */
  isHarmlessThrow?(node: TS.Node): boolean;
  /** `test` is true exactly when the resource is held (`client`, `client != null`): 'held'; or when it is not: 'absent'. */
  classifyGuard?(test: TS.Expression): 'absent' | 'held' | undefined;
}

interface Completion {
  /** State when the statement completes normally; 0 when it cannot. */
  readonly normal: PathState;
  readonly exits: PathExit[];
}

export interface LeakingPaths {
  /** Ways out of the function on which the resource may still be held. */
  readonly exits: PathExit[];
  /** `break`/`continue` jumps that carried the resource, still held, to the statement they target. */
  readonly jumps: { readonly exit: PathExit; readonly target: TS.Node }[];
}

/** Ways out of `body` on which the tracked resource may still be held. */
export function findLeakingExits(
  ts: TypeScript,
  body: TS.ConciseBody,
  questions: ReleaseQuestions,
  initial: PathState = NOT_ACQUIRED,
): LeakingPaths {
  const jumps: LeakingPaths['jumps'] = [];
  const walker = new PathWalker(ts, questions, (exit, target) => {
    if ((exit.state & HELD) !== 0 && !jumps.some((jump) => jump.exit.node === exit.node)) jumps.push({ exit, target });
  });
  let completion: Completion;
  if (ts.isBlock(body)) {
    completion = walker.statement(body, initial);
  } else {
    const exits: PathExit[] = [];
    const state = walker.leaf(body, initial, exits, true);
    exits.push({ kind: 'return', node: body, state });
    completion = { normal: 0, exits };
  }
  const exits = completion.exits.filter((exit) => (exit.state & HELD) !== 0);
  if ((completion.normal & HELD) !== 0) exits.push({ kind: 'end', node: body, state: completion.normal });
  return { exits, jumps };
}

function release(state: PathState): PathState {
  return state & HELD ? (state & ~HELD) | RELEASED : state;
}

class PathWalker {
  constructor(
    private readonly ts: TypeScript,
    private readonly questions: ReleaseQuestions,
    private readonly onJump: (exit: PathExit, target: TS.Node) => void,
  ) {}

  /** Evaluates one piece of code that has no statements of its own. */
  leaf(node: TS.Node, state: PathState, exits: PathExit[], isReturnValue = false): PathState {
    if (state === 0) return 0;
    const released = this.questions.releases(node);
    // Released only when a promise rejects: a throw from here holds nothing, and the path that goes on still holds it.
    if (released === 'rejected') {
      if (!isReturnValue && this.mayThrow(node)) exits.push({ kind: 'throw', node, state: release(state) });
      return state;
    }
    if (released !== false) {
      // Released by a fulfilment handler only: a rejection is a way out with the resource held.
      if (released === 'fulfilled' && (state & HELD) !== 0) exits.push({ kind: 'throw', node, state, rejection: true });
      // Released by a completion callback on some of its paths: the others end with it held.
      if (typeof released === 'object' && (state & HELD) !== 0) exits.push({ kind: 'end', node: released.missed, state: HELD });
      return release(state);
    }
    // Every state that may throw is recorded, held or not: a `catch` must see the paths that reach it.
    if (!isReturnValue && this.mayThrow(node)) {
      const harmless = (state & HELD) !== 0 && this.questions.isHarmlessThrow?.(node) === true;
      exits.push({ kind: 'throw', node, state: harmless ? state & ~HELD : state });
    }
    if (this.questions.acquires(node)) {
      if ((state & HELD) !== 0) exits.push({ kind: 'overwrite', node, state: HELD });
      return HELD;
    }
    return state;
  }

  statement(node: TS.Statement, state: PathState): Completion {
    const ts = this.ts;
    if (state === 0) return { normal: 0, exits: [] };
    if (ts.isBlock(node)) return this.statements(node.statements, state);
    if (ts.isIfStatement(node)) return this.ifStatement(node, state);
    if (ts.isReturnStatement(node)) {
      const exits: PathExit[] = [];
      const after = node.expression === undefined ? state : this.leaf(node, state, exits);
      exits.push({ kind: 'return', node, state: after });
      return { normal: 0, exits };
    }
    if (ts.isThrowStatement(node)) {
      let after = this.questions.releases(node) ? release(state) : state;
      if ((after & HELD) !== 0 && this.questions.isHarmlessThrow?.(node) === true) after &= ~HELD;
      return { normal: 0, exits: [{ kind: 'throw', node, state: after }] };
    }
    if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) {
      return {
        normal: 0,
        exits: [{ kind: ts.isBreakStatement(node) ? 'break' : 'continue', node, label: node.label?.text, state }],
      };
    }
    if (ts.isLabeledStatement(node)) return this.labeled(node, state);
    if (ts.isIterationStatement(node, false)) return this.loop(node, state, new Set());
    if (ts.isSwitchStatement(node)) return this.switchStatement(node, state);
    if (ts.isTryStatement(node)) return this.tryStatement(node, state);
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node) || ts.isEmptyStatement(node)) {
      return { normal: state, exits: [] };
    }
    // `process.exit(code)` neither returns nor throws: the process ends, and the system closes what it held.
    if (ts.isExpressionStatement(node) && isProcessExit(ts, node.expression)) return { normal: 0, exits: [] };
    if (ts.isWithStatement(node)) {
      const exits: PathExit[] = [];
      const after = this.leaf(node.expression, state, exits);
      return this.merge(this.statement(node.statement, after), exits);
    }
    const exits: PathExit[] = [];
    return { normal: this.leaf(node, state, exits), exits };
  }

  private statements(list: readonly TS.Statement[], state: PathState): Completion {
    const exits: PathExit[] = [];
    let current = state;
    for (const child of list) {
      // Unreachable code after return/throw changes nothing.
      if (current === 0) break;
      const completion = this.statement(child, current);
      exits.push(...completion.exits);
      current = completion.normal;
    }
    return { normal: current, exits };
  }

  private ifStatement(node: TS.IfStatement, state: PathState): Completion {
    const exits: PathExit[] = [];
    const tested = this.leaf(node.expression, state, exits);
    const guard = this.questions.classifyGuard?.(node.expression);
    const thenState = guard === 'absent' ? release(tested) : tested;
    const elseState = guard === 'held' ? release(tested) : tested;
    const thenCompletion = this.statement(node.thenStatement, thenState);
    const elseCompletion =
      node.elseStatement === undefined ? { normal: elseState, exits: [] } : this.statement(node.elseStatement, elseState);
    return {
      normal: thenCompletion.normal | elseCompletion.normal,
      exits: [...exits, ...thenCompletion.exits, ...elseCompletion.exits],
    };
  }

  private labeled(node: TS.LabeledStatement, state: PathState): Completion {
    const ts = this.ts;
    const labels = new Set([node.label.text]);
    let inner: TS.Statement = node.statement;
    while (ts.isLabeledStatement(inner)) {
      labels.add(inner.label.text);
      inner = inner.statement;
    }
    const completion = ts.isIterationStatement(inner, false)
      ? this.loop(inner, state, labels)
      : this.statement(inner, state);
    let normal = completion.normal;
    const exits: PathExit[] = [];
    for (const exit of completion.exits) {
      if (exit.kind === 'break' && exit.label !== undefined && labels.has(exit.label)) {
        normal |= exit.state;
        this.onJump(exit, node);
      } else {
        exits.push(exit);
      }
    }
    return { normal, exits };
  }

  private loop(node: TS.IterationStatement, state: PathState, labels: ReadonlySet<string>): Completion {
    const ts = this.ts;
    const headExits: PathExit[] = [];
    let entry = state;
    let condition: TS.Expression | undefined;
    let increment: TS.Expression | undefined;
    if (ts.isForStatement(node)) {
      if (node.initializer !== undefined) entry = this.leaf(node.initializer, entry, headExits);
      condition = node.condition;
      increment = node.incrementor;
    } else if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      entry = this.leaf(node.expression, entry, headExits);
    } else if (ts.isWhileStatement(node) || ts.isDoStatement(node)) {
      condition = node.expression;
    }
    const isInfinite =
      (ts.isForStatement(node) && condition === undefined) ||
      (condition !== undefined && condition.kind === ts.SyntaxKind.TrueKeyword);
    const isDo = ts.isDoStatement(node);
    const ownsJump = (exit: PathExit): boolean =>
      (exit.kind === 'break' || exit.kind === 'continue') && (exit.label === undefined || labels.has(exit.label));

    let bodyExits: PathExit[] = [];
    let leaveState = 0;
    let breakState = 0;
    for (let iteration = 0; iteration < 8; iteration++) {
      const iterationExits: PathExit[] = [];
      // A do…while body runs before its condition is tested.
      let bodyEntry = entry;
      if (!isDo && condition !== undefined) bodyEntry = this.leaf(condition, entry, iterationExits);
      leaveState = isInfinite || isDo ? 0 : bodyEntry;
      const body = this.statement(node.statement, bodyEntry);
      let back = body.normal;
      breakState = 0;
      for (const exit of body.exits) {
        if (ownsJump(exit)) {
          this.onJump(exit, node);
          if (exit.kind === 'continue') back |= exit.state;
          else breakState |= exit.state;
        } else {
          iterationExits.push(exit);
        }
      }
      if (isDo && condition !== undefined) {
        back = this.leaf(condition, back, iterationExits);
        if (!isInfinite) leaveState |= back;
      }
      if (increment !== undefined) back = this.leaf(increment, back, iterationExits);
      bodyExits = iterationExits;
      const next = entry | back;
      if (next === entry) break;
      entry = next;
    }
    return { normal: leaveState | breakState, exits: [...headExits, ...bodyExits] };
  }

  private switchStatement(node: TS.SwitchStatement, state: PathState): Completion {
    const ts = this.ts;
    const exits: PathExit[] = [];
    const tested = this.leaf(node.expression, state, exits);
    let running = 0;
    let breaks = 0;
    let hasDefault = false;
    for (const clause of node.caseBlock.clauses) {
      if (ts.isDefaultClause(clause)) hasDefault = true;
      else running = this.leaf(clause.expression, running | tested, exits);
      running |= tested;
      const completion = this.statements(clause.statements, running);
      running = completion.normal;
      for (const exit of completion.exits) {
        if (exit.kind === 'break' && exit.label === undefined) {
          breaks |= exit.state;
          this.onJump(exit, node);
        } else {
          exits.push(exit);
        }
      }
    }
    return { normal: running | breaks | (hasDefault ? 0 : tested), exits };
  }

  private tryStatement(node: TS.TryStatement, state: PathState): Completion {
    const tried = this.statement(node.tryBlock, state);
    let normal = tried.normal;
    let exits = tried.exits;
    if (node.catchClause !== undefined) {
      let thrown = 0;
      const kept: PathExit[] = [];
      for (const exit of exits) {
        if (exit.kind === 'throw') thrown |= exit.state;
        else kept.push(exit);
      }
      const caught = this.statement(node.catchClause.block, thrown);
      normal |= caught.normal;
      exits = [...kept, ...caught.exits];
    }
    if (node.finallyBlock === undefined) return { normal, exits };
    const finallyBlock = node.finallyBlock;
    if (this.questions.releases(finallyBlock)) {
      // An overwritten resource is lost whatever the `finally` does.
      return {
        normal: release(normal),
        exits: exits.map((exit) => (exit.kind === 'overwrite' ? exit : { ...exit, state: release(exit.state) })),
      };
    }
    const finallyExits: PathExit[] = [];
    const through = (incoming: PathState): PathState => {
      let result = 0;
      for (const bit of [NOT_ACQUIRED, HELD, RELEASED]) {
        if ((incoming & bit) === 0) continue;
        const completion = this.statement(finallyBlock, bit);
        finallyExits.push(...completion.exits);
        result |= completion.normal;
      }
      return result;
    };
    const mapped = exits.map((exit) => (exit.kind === 'overwrite' ? exit : { ...exit, state: through(exit.state) }));
    return { normal: through(normal), exits: [...mapped, ...finallyExits] };
  }

  private merge(completion: Completion, exits: PathExit[]): Completion {
    return { normal: completion.normal, exits: [...exits, ...completion.exits] };
  }

  /** Whether evaluating `node` (not nested functions) can throw: calls, `new`, `await`, `yield`, `throw`. */
  private mayThrow(node: TS.Node): boolean {
    const ts = this.ts;
    const check = (child: TS.Node): boolean =>
      (ts.isCallExpression(child) && !isLoggingCall(ts, child) && !isListenerRegistration(ts, child) && !isClockRead(ts, child)) ||
      (ts.isNewExpression(child) && !isHarmlessConstruction(ts, child)) ||
      ts.isAwaitExpression(child) ||
      ts.isYieldExpression(child) ||
      ts.isTaggedTemplateExpression(child) ||
      ts.isThrowStatement(child);
    return check(node) || forEachEvaluated(ts, node, check);
  }
}

function isProcessExit(ts: TypeScript, expression: TS.Expression): boolean {
  if (!ts.isCallExpression(expression)) return false;
  const callee = expression.expression;
  return ts.isPropertyAccessExpression(callee) && callee.name.text === 'exit' && ts.isIdentifier(callee.expression) && callee.expression.text === 'process';
}


/** Built-ins whose constructor cannot throw, with any arguments (`new Date(value)` is at worst an invalid date). */
const HARMLESS_CONSTRUCTORS: ReadonlySet<string> = new Set(['Date', 'Error', 'TypeError', 'RangeError', 'AbortController']);
/** Collections that cannot throw when built empty or from an array literal. */
const EMPTY_COLLECTIONS: ReadonlySet<string> = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Array']);

/**
 * `new Date()`, `new Error(message)`, `new Map()`, `new Set([a, b])`: building one does not throw (its
 * arguments still may).
 */
function isHarmlessConstruction(ts: TypeScript, node: TS.NewExpression): boolean {
  const callee = node.expression;
  if (!ts.isIdentifier(callee)) return false;
  if (HARMLESS_CONSTRUCTORS.has(callee.text)) return true;
  const [first, ...rest] = node.arguments ?? [];
  return EMPTY_COLLECTIONS.has(callee.text) && rest.length === 0 && (first === undefined || (callee.text !== 'Array' && ts.isArrayLiteralExpression(first)));
}

/** `socket.on('close', () => …)`, on any emitter: registering a listener does not throw (its arguments still may). */
function isListenerRegistration(ts: TypeScript, call: TS.CallExpression): boolean {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && LISTENER_REGISTRATIONS.has(callee.name.text);
}

/** `Date.now()`, `performance.now()`, `process.hrtime.bigint()`: reading the clock does not throw. */
function isClockRead(ts: TypeScript, call: TS.CallExpression): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = callee.expression;
  if (ts.isIdentifier(receiver)) {
    return (receiver.text === 'Date' || receiver.text === 'performance') && callee.name.text === 'now';
  }
  return (
    callee.name.text === 'bigint' &&
    ts.isPropertyAccessExpression(receiver) &&
    receiver.name.text === 'hrtime' &&
    ts.isIdentifier(receiver.expression) &&
    receiver.expression.text === 'process'
  );
}

/** The level methods of loggers (pino, winston, bunyan, log4js, NestJS's `Logger`, Fastify's `log`). */
const LOG_LEVELS: ReadonlySet<string> = new Set(['log', 'trace', 'debug', 'verbose', 'info', 'notice', 'warn', 'error', 'fatal', 'silly']);

/** A logger's name: `log`, `logger`, `_logger`, `Logger`, `auditLogger`. */
const LOGGER_NAME = /(?:^|_)log$|logger$/i;

/**
 * Writing a log line does not throw (its arguments still may): any `console` method, a level method
 * of something named as a logger (`logger.info(…)`, `this.logger.debug(…)`, `req.log.warn(…)`,
 * `Logger.log(…)`), and a logging function called `debug` or `log` (the `debug` package's shape).
 */
function isLoggingCall(ts: TypeScript, call: TS.CallExpression): boolean {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text === 'debug' || callee.text === 'log';
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = callee.expression;
  const name = ts.isIdentifier(receiver) ? receiver.text : ts.isPropertyAccessExpression(receiver) ? receiver.name.text : undefined;
  if (name === undefined) return false;
  return (ts.isIdentifier(receiver) && name === 'console') || (LOG_LEVELS.has(callee.name.text) && LOGGER_NAME.test(name));
}
