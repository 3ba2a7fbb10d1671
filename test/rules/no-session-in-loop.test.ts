/**
 * no-session-in-loop in typed mode (the fixtures project, fixtures/file.ts, openers followed into
 * fixtures/loop/*.ts) and untyped mode (openers followed within the file only). Most tables run in
 * both modes with identical expectations; mode-specific tables carry a Typed/Untyped suffix.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageId, type Options } from '../../rules/no-session-in-loop.js';
import { FIXTURES_DIR, createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageId, Options>;

const typed = createRuleTesterWithTypes();
const untyped = createRuleTesterUntyped();

typed.run('no-session-in-loop (typed, openers across files)', rule, {
  valid: [
    // The client is lent: loadAccountName passes it through to loadAccount's guard parameter.
    `
import { pool } from './loop/pool.js';
import { loadAccountName } from './loop/account-name.js';
export async function render(ids: string[]) {
  const client = await pool.connect();
  try {
    for (const id of ids) await loadAccountName(id, client);
  } finally {
    client.release();
  }
}
`,
    // Defined in the loop, never called there.
    `
import { pool } from './loop/pool.js';
export function handlers(ids: string[]) {
  const list = [];
  for (const id of ids) list.push(() => pool.connect());
  return list;
}
`,
    // One-shot pool queries hold no session.
    `
import { pool } from './loop/pool.js';
export async function names(ids: string[]) {
  for (const id of ids) await pool.query('select 1 where $1', [id]);
}
`,
  ],
  invalid: [
    {
      code: `
import { loadAccountName } from './loop/account-name.js';
export async function render(ids: string[]) {
  for (const id of ids) await loadAccountName(id);
}
`,
      errors: [
        {
          messageId: 'openerInLoop',
          line: 4,
          column: 31,
          endLine: 4,
          endColumn: 50,
          data: {
            callee: 'loadAccountName',
            chain: 'loadAccountName → loadAccount → pool.connect()',
            resource: 'pooled client',
            loop: '`for…of` loop',
            wrapper: '',
          },
        },
      ],
    },
    {
      code: `
import { loadAccountLabel } from './loop/account-name.js';
export async function render(ids: string[]) {
  return Promise.all(ids.map(async (id) => loadAccountLabel(id)));
}
`,
      errors: [
        {
          messageId: 'openerConcurrently',
          line: 4,
          column: 44,
          endLine: 4,
          endColumn: 64,
          data: {
            callee: 'loadAccountLabel',
            chain: 'loadAccountLabel → loadAccount → pool.connect()',
            resource: 'pooled client',
            loop: '`map` callback',
            wrapper: 'Promise.all',
          },
        },
      ],
    },
    {
      code: `
import { pool } from './loop/pool.js';
export async function render(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try { await client.query('select $1', [id]); } finally { client.release(); }
  }
}
`,
      errors: [{ messageId: 'acquiredInLoop', line: 5, column: 26, endLine: 5, endColumn: 40 }],
    },
  ],
});

untyped.run('no-session-in-loop (untyped)', rule, {
  valid: [
    `
import { Pool } from 'pg';
const pool = new Pool();
async function loadAccount(id: string, client?: import('pg').PoolClient) {
  const own = client ?? (await pool.connect());
  try { return await own.query('select $1', [id]); } finally { if (!client) own.release(); }
}
export async function render(ids: string[]) {
  const client = await pool.connect();
  try { for (const id of ids) await loadAccount(id, client); } finally { client.release(); }
}
`,
  ],
  invalid: [
    {
      code: `
import { Pool } from 'pg';
const pool = new Pool();
async function loadAccount(id: string, client?: import('pg').PoolClient) {
  const own = client ?? (await pool.connect());
  try { return await own.query('select $1', [id]); } finally { if (!client) own.release(); }
}
export async function render(ids: string[]) {
  for (const id of ids) await loadAccount(id);
}
`,
      errors: [{ messageId: 'openerInLoop', line: 9, column: 31, endLine: 9, endColumn: 46 }],
    },
  ],
});

// ------------------------------------------------------------------------------------------------
// Loop forms: statements, iteration callbacks, concurrent wrappers
// ------------------------------------------------------------------------------------------------

const loopValid: Valid[] = [
  {
    name: 'acquisition before the loop, lent to each iteration',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touch(ids: string[]) {
  const client = await pool.connect();
  try {
    for (const id of ids) await client.query('select $1', [id]);
  } finally {
    client.release();
  }
}
`,
  },
  {
    name: 'for loop initializer runs once',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touch(ids: string[]) {
  for (let client = await pool.connect(), i = 0; i < ids.length; i++) {
    await client.query('select $1', [ids[i]]);
    if (i === ids.length - 1) client.release();
  }
}
`,
  },
  {
    name: 'for…of iterated expression runs once',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touch() {
  for (const client of [await pool.connect()]) client.release();
}
`,
  },
  {
    name: 'acquisition after the loop',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touch(ids: string[]) {
  let total = 0;
  for (const id of ids) total += id.length;
  const client = await pool.connect();
  try { await client.query('select $1', [total]); } finally { client.release(); }
}
`,
  },
  {
    name: 'non-iterating method callback (then)',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function later(ready: Promise<void>) {
  return ready.then(() => pool.connect());
}
`,
  },
  {
    name: 'callback as second argument of map (thisArg position) is not iterated',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
declare const table: { map(key: string, factory: () => unknown): void };
export function register(ids: string[]) {
  table.map('default', () => pool.connect());
}
`,
  },
];

const loopInvalid: Invalid[] = [
  {
    name: 'for loop body',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touch(ids: string[]) {
  for (let i = 0; i < ids.length; i++) {
    const client = await pool.connect();
    try { await client.query('select $1', [ids[i]]); } finally { client.release(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for` loop' },
      },
    ],
  },
  {
    name: 'for loop increment',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touch(limit: number) {
  const held: Promise<PoolClient>[] = [];
  for (let i = 0; i < limit; i++, held.push(pool.connect())) {}
  return held;
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 45, endLine: 5, endColumn: 59,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for` loop' },
      },
    ],
  },
  {
    name: 'for loop condition',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function drain(next: (client: PoolClient) => Promise<boolean>) {
  for (let i = 0; await next(await pool.connect()); i++) {}
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 36, endLine: 4, endColumn: 50,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for` loop' },
      },
    ],
  },
  {
    name: 'for…in body',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touch(shards: Record<string, string>) {
  for (const key in shards) {
    const client = await pool.connect();
    try { await client.query('select $1', [shards[key]]); } finally { client.release(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for…in` loop' },
      },
    ],
  },
  {
    name: 'for…of body',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touch(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try { await client.query('select $1', [id]); } finally { client.release(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'for await…of body',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touch(ids: AsyncIterable<string>) {
  for await (const id of ids) {
    const client = await pool.connect();
    try { await client.query('select $1', [id]); } finally { client.release(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for await…of` loop' },
      },
    ],
  },
  {
    name: 'while body',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function drain(queue: string[]) {
  while (queue.length > 0) {
    const client = await pool.connect();
    try { await client.query('select $1', [queue.pop()]); } finally { client.release(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`while` loop' },
      },
    ],
  },
  {
    name: 'do…while body',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function drain(queue: string[]) {
  do {
    const client = await pool.connect();
    try { await client.query('select $1', [queue.pop()]); } finally { client.release(); }
  } while (queue.length > 0);
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`do…while` loop' },
      },
    ],
  },
  {
    name: 'innermost loop is named (for…of inside while)',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function drain(batches: string[][]) {
  while (batches.length > 0) {
    for (const id of batches.pop()!) {
      const client = await pool.connect();
      client.release();
    }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 6, column: 28, endLine: 6, endColumn: 42,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'forEach callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function touch(ids: string[]) {
  ids.forEach((id) => {
    pool.connect().then((client) => client.release());
  });
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 5, endLine: 5, endColumn: 19,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`forEach` callback' },
      },
    ],
  },
  {
    name: 'async forEach callback runs concurrently',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function touch(ids: string[]) {
  ids.forEach(async (id) => {
    const client = await pool.connect();
    try { await client.query('select $1', [id]); } finally { client.release(); }
  });
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', wrapper: 'forEach', loop: '`forEach` callback' },
      },
    ],
  },
  {
    name: 'map callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function checkoutAll(ids: string[]) {
  return ids.map((id) => pool.connect());
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 26, endLine: 4, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'async map callback without a Promise wrapper',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function checkoutAll(ids: string[]) {
  return ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
    return id;
  });
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'flatMap callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function checkoutAll(groups: string[][]) {
  return groups.flatMap((group) => [pool.connect()]);
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 37, endLine: 4, endColumn: 51,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`flatMap` callback' },
      },
    ],
  },
  {
    name: 'filter callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function keep(ids: string[]) {
  return ids.filter((id) => {
    void pool.connect().then((client) => client.release());
    return id.length > 0;
  });
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 10, endLine: 5, endColumn: 24,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`filter` callback' },
      },
    ],
  },
  {
    name: 'reduce callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function checkoutAll(ids: string[]) {
  return ids.reduce<Promise<PoolClient>[]>((all, id) => [...all, pool.connect()], []);
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 66, endLine: 4, endColumn: 80,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`reduce` callback' },
      },
    ],
  },
  {
    name: 'reduceRight callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function checkoutAll(ids: string[]) {
  return ids.reduceRight<Promise<PoolClient>[]>((all, id) => [...all, pool.connect()], []);
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 71, endLine: 4, endColumn: 85,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`reduceRight` callback' },
      },
    ],
  },
  {
    name: 'some callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function any(ids: string[]) {
  return ids.some((id) => {
    void pool.connect().then((client) => client.release());
    return id === 'x';
  });
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 10, endLine: 5, endColumn: 24,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`some` callback' },
      },
    ],
  },
  {
    name: 'every callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function all(ids: string[]) {
  return ids.every((id) => {
    void pool.connect().then((client) => client.release());
    return id !== 'x';
  });
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 10, endLine: 5, endColumn: 24,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`every` callback' },
      },
    ],
  },
  {
    name: 'find callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function first(ids: string[]) {
  return ids.find((id) => {
    void pool.connect().then((client) => client.release());
    return id === 'x';
  });
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 10, endLine: 5, endColumn: 24,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`find` callback' },
      },
    ],
  },
  {
    name: 'findIndex callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function firstIndex(ids: string[]) {
  return ids.findIndex((id) => {
    void pool.connect().then((client) => client.release());
    return id === 'x';
  });
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 10, endLine: 5, endColumn: 24,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`findIndex` callback' },
      },
    ],
  },
  {
    name: 'findLast callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function last(ids: string[]) {
  return ids.findLast((id) => {
    void pool.connect().then((client) => client.release());
    return id === 'x';
  });
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 10, endLine: 5, endColumn: 24,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`findLast` callback' },
      },
    ],
  },
  {
    name: 'Array.from(xs, cb) callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function checkoutAll(ids: string[]) {
  return Array.from(ids, (id) => pool.connect());
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 34, endLine: 4, endColumn: 48,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`Array.from` callback' },
      },
    ],
  },
  {
    name: 'Array.from({ length }, cb) with a function expression',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function checkoutMany(count: number) {
  return Array.from({ length: count }, function () {
    return pool.connect();
  });
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 12, endLine: 5, endColumn: 26,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`Array.from` callback' },
      },
    ],
  },
  {
    name: 'Promise.all over an async map',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touchAll(ids: string[]) {
  await Promise.all(
    ids.map(async (id) => {
      const client = await pool.connect();
      try { await client.query('select $1', [id]); } finally { client.release(); }
    }),
  );
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 6, column: 28, endLine: 6, endColumn: 42,
        data: { resource: 'pooled client', call: 'pool.connect()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'Promise.allSettled over an async map',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touchAll(ids: string[]) {
  return Promise.allSettled(ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
    return id;
  }));
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', wrapper: 'Promise.allSettled', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'Promise.any over an async map',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function firstReachable(ids: string[]) {
  return Promise.any(ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
    return id;
  }));
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', wrapper: 'Promise.any', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'Promise.race over an async map',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function fastest(ids: string[]) {
  return Promise.race(ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
    return id;
  }));
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', wrapper: 'Promise.race', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'Promise.all over a spread async map',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touchAll(ids: string[], extra: Promise<void>) {
  await Promise.all([extra, ...ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
  })]);
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'Promise.all over an async Array.from callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touchAll(ids: string[]) {
  await Promise.all(Array.from(ids, async (id) => {
    const client = await pool.connect();
    client.release();
  }));
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', wrapper: 'Promise.all', loop: '`Array.from` callback' },
      },
    ],
  },
];

// ------------------------------------------------------------------------------------------------
// One acquisition per library in a loop; pool-managed one-shot queries are not reported
// ------------------------------------------------------------------------------------------------

const libraryValid: Valid[] = [
  // A transaction begun per batch on a connection or session held across the loop checks nothing out
  // per iteration (catalog `onHeldConnection`); one long transaction instead would be worse advice.
  {
    name: 'typeorm: a transaction per batch on one query runner (nothing checked out per iteration)',
    code: `import type { QueryRunner } from 'typeorm';
export async function saveAll(runner: QueryRunner, ids: string[]) {
  for (const id of ids) {
    await runner.startTransaction();
    try {
      await runner.query('update t set x = 1 where id = $1', [id]);
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  }
}
`,
  },
  {
    name: 'neo4j-driver: a transaction per batch on one session (nothing checked out per iteration)',
    code: `import { type Session } from 'neo4j-driver';
export async function saveAll(session: Session, ids: string[]) {
  for (const id of ids) {
    const tx = session.beginTransaction();
    try {
      await tx.run('CREATE (n {id: $id})', { id });
      await tx.commit();
    } catch (error) {
      await tx.rollback();
      throw error;
    }
  }
}
`,
  },
  {
    name: 'pg: pool.query is pool-managed',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function names(ids: string[]) {
  const out: unknown[] = [];
  for (const id of ids) out.push((await pool.query('select name from users where id = $1', [id])).rows[0]);
  return out;
}
`,
  },
  {
    name: 'mysql2: pool.query / pool.execute are pool-managed',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: 'mysql://localhost/app' });
export async function names(ids: number[]) {
  for (const id of ids) {
    await pool.query('select name from users where id = ?', [id]);
    await pool.execute('update users set seen = 1 where id = ?', [id]);
  }
}
`,
  },
  {
    name: 'typeorm: repository.find() and manager.find() are pool-managed',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function load(ids: string[]) {
  const users = dataSource.getRepository<{ id: string }>('user');
  for (const id of ids) {
    await users.find({ where: { id } });
    await dataSource.manager.query('select $1', [id]);
  }
}
`,
  },
  {
    name: 'mongodb: collection queries are pool-managed',
    code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function load(ids: string[]) {
  const users = client.db('app').collection('users');
  for (const id of ids) await users.findOne({ id });
}
`,
  },
  {
    name: 'mongoose: model queries are pool-managed',
    code: `import mongoose from 'mongoose';
const User = mongoose.model('User', new mongoose.Schema({ name: String }));
export async function load(ids: string[]) {
  for (const id of ids) await User.findById(id).lean();
}
`,
  },
  {
    name: 'neo4j-driver: driver.executeQuery() is driver-managed',
    code: `import { type Driver } from 'neo4j-driver';
export async function load(driver: Driver, ids: string[]) {
  for (const id of ids) await driver.executeQuery('MATCH (n {id: $id}) RETURN n', { id });
}
`,
  },
  {
    name: 'knex: query builders are pool-managed',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function load(ids: string[]) {
  for (const id of ids) {
    await db('users').where({ id }).select();
    await db.select('*').from('users').where({ id });
  }
}
`,
  },
  {
    name: 'sequelize: sequelize.query is pool-managed',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function load(ids: string[]) {
  for (const id of ids) await sequelize.query('select * from users where id = ?', { replacements: [id] });
}
`,
  },
  {
    name: 'mikro-orm: em.find on a shared fork is not an acquisition',
    code: `import { MikroORM } from '@mikro-orm/core';
export async function load(orm: MikroORM, ids: string[]) {
  const em = orm.em.fork();
  for (const id of ids) await em.findOne('User', { id });
}
`,
  },
  {
    name: 'playwright-core: page.goto on a shared page is not an acquisition',
    code: `import type { Page } from 'playwright-core';
export async function visit(page: Page, urls: string[]) {
  for (const url of urls) await page.goto(url);
}
`,
  },
  {
    name: 'ioredis: commands on a shared client are not acquisitions',
    code: `import Redis from 'ioredis';
const redis = new Redis();
export async function load(keys: string[]) {
  for (const key of keys) await redis.get(key);
}
`,
  },
  {
    name: 'redis: commands on a shared client are not acquisitions',
    code: `import { createClient } from 'redis';
const client = createClient();
export async function load(keys: string[]) {
  for (const key of keys) await client.get(key);
}
`,
  },
];

const libraryInvalid: Invalid[] = [
  {
    name: 'pg: new Pool() per iteration',
    code: `import { Pool } from 'pg';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const pool = new Pool({ connectionString: url });
    try { await pool.query('select 1'); } finally { await pool.end(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 18, endLine: 4, endColumn: 53,
        data: { resource: 'pg pool', call: 'new Pool()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'pg: new pg.Client() per iteration (namespace import)',
    code: `import pg from 'pg';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const client = new pg.Client(url);
    await client.connect();
    try { await client.query('select 1'); } finally { await client.end(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 20, endLine: 4, endColumn: 38,
        data: { resource: 'pg client', call: 'new pg.Client()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'mysql2: pool.getConnection() per iteration',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: 'mysql://localhost/app' });
export async function touch(ids: number[]) {
  for (const id of ids) {
    const conn = await pool.getConnection();
    try { await conn.query('select ?', [id]); } finally { conn.release(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 24, endLine: 5, endColumn: 44,
        data: { resource: 'pooled connection', call: 'pool.getConnection()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'mysql2: createConnection() per iteration',
    code: `import mysql from 'mysql2/promise';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const conn = await mysql.createConnection(url);
    try { await conn.query('select 1'); } finally { await conn.end(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 24, endLine: 4, endColumn: 51,
        data: { resource: 'mysql2 connection', call: 'mysql.createConnection()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'mysql2: createPool() per iteration (named import)',
    code: `import { createPool } from 'mysql2/promise';
export async function ping(urls: string[]) {
  await Promise.all(urls.map(async (url) => {
    const pool = createPool({ uri: url });
    try { await pool.query('select 1'); } finally { await pool.end(); }
  }));
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 4, column: 18, endLine: 4, endColumn: 42,
        data: { resource: 'mysql2 pool', call: 'createPool()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'typeorm: dataSource.createQueryRunner() per iteration',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function touch(ids: string[]) {
  for (const id of ids) {
    const runner = dataSource.createQueryRunner();
    try { await runner.query('select $1', [id]); } finally { await runner.release(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 20, endLine: 5, endColumn: 50,
        data: { resource: 'query runner', call: 'dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'typeorm: new DataSource() per iteration',
    code: `import { DataSource } from 'typeorm';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const dataSource = new DataSource({ type: "postgres", url });
    await dataSource.initialize();
    await dataSource.destroy();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 24, endLine: 4, endColumn: 65,
        data: { resource: 'TypeORM data source', call: 'new DataSource()', loop: '`for…of` loop' },
      },
    ],
  },

  {
    name: 'mongodb: client.startSession() per iteration',
    code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function touch(ids: string[]) {
  for (const id of ids) {
    const session = client.startSession();
    try {
      await client.db('app').collection('users').findOne({ id }, { session });
    } finally {
      await session.endSession();
    }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 21, endLine: 5, endColumn: 42,
        data: { resource: 'MongoDB session', call: 'client.startSession()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'mongodb: MongoClient.connect() per element of Promise.all',
    code: `import { MongoClient } from 'mongodb';
export async function ping(urls: string[]) {
  await Promise.all(urls.map(async (url) => {
    const client = await MongoClient.connect(url);
    await client.close();
  }));
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 4, column: 26, endLine: 4, endColumn: 50,
        data: { resource: 'MongoDB client', call: 'MongoClient.connect()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'mongodb: new MongoClient() per iteration',
    code: `import { MongoClient } from 'mongodb';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const client = new MongoClient(url);
    try { await client.db('admin').command({ ping: 1 }); } finally { await client.close(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 20, endLine: 4, endColumn: 40,
        data: { resource: 'MongoDB client', call: 'new MongoClient()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'mongoose: mongoose.startSession() per iteration',
    code: `import mongoose from 'mongoose';
export async function touch(ids: string[]) {
  for (const id of ids) {
    const session = await mongoose.startSession();
    try {
      await mongoose.connection.collection('users').findOne({ id }, { session });
    } finally {
      await session.endSession();
    }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 27, endLine: 4, endColumn: 50,
        data: { resource: 'MongoDB session', call: 'mongoose.startSession()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'mongoose: Model.startSession() per iteration',
    code: `import mongoose from 'mongoose';
const User = mongoose.model('User', new mongoose.Schema({ name: String }));
export async function touch(ids: string[]) {
  for (const id of ids) {
    const session = await User.startSession();
    try { await User.findById(id).session(session); } finally { await session.endSession(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 27, endLine: 5, endColumn: 46,
        data: { resource: 'MongoDB session', call: 'User.startSession()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'mongoose: createConnection() per iteration',
    code: `import mongoose from 'mongoose';
export async function ping(uris: string[]) {
  for (const uri of uris) {
    const connection = mongoose.createConnection(uri);
    await connection.close();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 24, endLine: 4, endColumn: 54,
        data: { resource: 'Mongoose connection', call: 'mongoose.createConnection()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'neo4j-driver: driver.session() per iteration',
    code: `import { type Driver } from 'neo4j-driver';
export async function touch(driver: Driver, ids: string[]) {
  for (const id of ids) {
    const session = driver.session();
    try { await session.run('MATCH (n {id: $id}) RETURN n', { id }); } finally { await session.close(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 21, endLine: 4, endColumn: 37,
        data: { resource: 'Neo4j session', call: 'driver.session()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'neo4j-driver: neo4j.driver() per iteration',
    code: `import neo4j from 'neo4j-driver';
export async function ping(uris: string[]) {
  for (const uri of uris) {
    const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"));
    try { await driver.verifyConnectivity(); } finally { await driver.close(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 20, endLine: 4, endColumn: 74,
        data: { resource: 'Neo4j driver', call: 'neo4j.driver()', loop: '`for…of` loop' },
      },
    ],
  },

  {
    name: 'knex: db.transaction() without a callback per iteration',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function saveAll(ids: string[]) {
  for (const id of ids) {
    const trx = await db.transaction();
    try {
      await trx('users').where({ id }).update({ seen: true });
      await trx.commit();
    } catch (error) {
      await trx.rollback();
      throw error;
    }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 23, endLine: 5, endColumn: 39,
        data: { resource: 'transaction', call: 'db.transaction()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'knex: knex({...}) per iteration',
    code: `import knex from 'knex';
export async function ping(connections: string[]) {
  for (const connection of connections) {
    const db = knex({ client: "pg", connection });
    try { await db.raw('select 1'); } finally { await db.destroy(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 16, endLine: 4, endColumn: 50,
        data: { resource: 'Knex instance', call: 'knex()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'sequelize: sequelize.transaction() without a callback per iteration',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function saveAll(ids: string[]) {
  for (const id of ids) {
    const t = await sequelize.transaction();
    try {
      await sequelize.query('update users set seen = 1 where id = ?', { replacements: [id], transaction: t });
      await t.commit();
    } catch (error) {
      await t.rollback();
      throw error;
    }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 21, endLine: 5, endColumn: 44,
        data: { resource: 'transaction', call: 'sequelize.transaction()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'sequelize: new Sequelize() per iteration',
    code: `import { Sequelize } from 'sequelize';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const sequelize = new Sequelize(url);
    try { await sequelize.authenticate(); } finally { await sequelize.close(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 23, endLine: 4, endColumn: 41,
        data: { resource: 'Sequelize instance', call: 'new Sequelize()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'mikro-orm: orm.em.fork() per iteration',
    code: `import { MikroORM } from '@mikro-orm/core';
export async function touch(orm: MikroORM, ids: string[]) {
  for (const id of ids) {
    const em = orm.em.fork();
    await em.findOne('User', { id });
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 16, endLine: 4, endColumn: 29,
        data: { resource: 'forked entity manager', call: 'orm.em.fork()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'mikro-orm: MikroORM.init() per iteration',
    code: `import { MikroORM, type Options } from '@mikro-orm/core';
export async function ping(all: Options[]) {
  for (const options of all) {
    const orm = await MikroORM.init(options);
    await orm.close();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 23, endLine: 4, endColumn: 45,
        data: { resource: 'MikroORM instance', call: 'MikroORM.init()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'playwright-core: browser.newPage() per iteration',
    code: `import { chromium } from 'playwright-core';
export async function titles(urls: string[]) {
  const browser = await chromium.launch();
  try {
    for (const url of urls) {
      const page = await browser.newPage();
      try { await page.goto(url); } finally { await page.close(); }
    }
  } finally {
    await browser.close();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 6, column: 26, endLine: 6, endColumn: 43,
        data: { resource: 'page', call: 'browser.newPage()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'playwright-core: chromium.launch() per iteration',
    code: `import { chromium } from 'playwright-core';
export async function titles(urls: string[]) {
  for (const url of urls) {
    const browser = await chromium.launch();
    try { await (await browser.newPage()).goto(url); } finally { await browser.close(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 27, endLine: 4, endColumn: 44,
        data: { resource: 'browser', call: 'chromium.launch()', loop: '`for…of` loop' },
      },
      {
        messageId: 'acquiredInLoop', line: 5, column: 24, endLine: 5, endColumn: 41,
        data: { resource: 'page', call: 'browser.newPage()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'playwright-core: browser.newContext() per element of Promise.all',
    code: `import type { Browser } from 'playwright-core';
export async function titles(browser: Browser, urls: string[]) {
  return Promise.all(urls.map(async (url) => {
    const context = await browser.newContext();
    try { const page = await context.newPage(); await page.goto(url); return page.title(); } finally { await context.close(); }
  }));
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 4, column: 27, endLine: 4, endColumn: 47,
        data: { resource: 'browser context', call: 'browser.newContext()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
      {
        messageId: 'acquiredConcurrently', line: 5, column: 30, endLine: 5, endColumn: 47,
        data: { resource: 'page', call: 'context.newPage()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'puppeteer-core: browser.newPage() per iteration',
    code: `import type { Browser } from 'puppeteer-core';
export async function titles(browser: Browser, urls: string[]) {
  for (const url of urls) {
    const page = await browser.newPage();
    try { await page.goto(url); } finally { await page.close(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 24, endLine: 4, endColumn: 41,
        data: { resource: 'page', call: 'browser.newPage()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'puppeteer-core: puppeteer.launch() per iteration',
    code: `import puppeteer from 'puppeteer-core';
export async function titles(urls: string[], executablePath: string) {
  for (const url of urls) {
    const browser = await puppeteer.launch({ executablePath });
    try { await (await browser.newPage()).goto(url); } finally { await browser.close(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 27, endLine: 4, endColumn: 63,
        data: { resource: 'browser', call: 'puppeteer.launch()', loop: '`for…of` loop' },
      },
      {
        messageId: 'acquiredInLoop', line: 5, column: 24, endLine: 5, endColumn: 41,
        data: { resource: 'page', call: 'browser.newPage()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'puppeteer-core: browser.createBrowserContext() per iteration',
    code: `import type { Browser } from 'puppeteer-core';
export async function titles(browser: Browser, urls: string[]) {
  for (const url of urls) {
    const context = await browser.createBrowserContext();
    try { await (await context.newPage()).goto(url); } finally { await context.close(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 27, endLine: 4, endColumn: 57,
        data: { resource: 'browser context', call: 'browser.createBrowserContext()', loop: '`for…of` loop' },
      },
      {
        messageId: 'acquiredInLoop', line: 5, column: 24, endLine: 5, endColumn: 41,
        data: { resource: 'page', call: 'context.newPage()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'ioredis: new Redis() per iteration',
    code: `import Redis from 'ioredis';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const redis = new Redis(url);
    try { await redis.ping(); } finally { await redis.quit(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 19, endLine: 4, endColumn: 33,
        data: { resource: 'Redis client', call: 'new Redis()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'ioredis: redis.duplicate() per iteration',
    code: `import Redis from 'ioredis';
const redis = new Redis();
export async function subscribeAll(channels: string[]) {
  for (const channel of channels) {
    const subscriber = redis.duplicate();
    await subscriber.subscribe(channel);
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 24, endLine: 5, endColumn: 41,
        data: { resource: 'Redis client', call: 'redis.duplicate()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'redis: createClient() per iteration',
    code: `import { createClient } from 'redis';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const client = createClient({ url });
    await client.connect();
    try { await client.ping(); } finally { await client.quit(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 20, endLine: 4, endColumn: 41,
        data: { resource: 'Redis client', call: 'createClient()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'redis: client.duplicate() per iteration',
    code: `import { createClient } from 'redis';
const client = createClient();
export async function subscribeAll(channels: string[]) {
  for (const channel of channels) {
    const subscriber = client.duplicate();
    await subscriber.connect();
    await subscriber.subscribe(channel, () => {});
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 24, endLine: 5, endColumn: 42,
        data: { resource: 'Redis client', call: 'client.duplicate()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'pg (CommonJS require): pool.connect() per iteration',
    code: `const { Pool } = require('pg');
const pool = new Pool();
export async function touch(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    client.release();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
];

const libraryTypedValid: Valid[] = [
  {
    name: 'prisma (generated client): model queries are pool-managed',
    code: `import { PrismaClient } from './prisma/client.js';
const prisma = new PrismaClient();
export async function load(tenants: string[]) {
  for (const tenant of tenants) await prisma.user.findMany({ where: { tenant } });
}
`,
  },
];

const libraryTypedInvalid: Invalid[] = [
  {
    name: 'prisma (generated client): new PrismaClient() per iteration',
    code: `import { PrismaClient } from './prisma/client.js';
export async function countAll(tenants: string[]) {
  for (const tenant of tenants) {
    const prisma = new PrismaClient();
    try { await prisma.user.findMany({ where: { tenant } }); } finally { await prisma.$disconnect(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 20, endLine: 4, endColumn: 38,
        data: { resource: 'Prisma client', call: 'new PrismaClient()', loop: '`for…of` loop' },
      },
    ],
  },
];

const libraryUntypedValid: Valid[] = [
  {
    name: 'prisma (@prisma/client): model queries are pool-managed',
    code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function load(tenants: string[]) {
  for (const tenant of tenants) await prisma.user.findMany({ where: { tenant } });
}
`,
  },
];

const libraryUntypedInvalid: Invalid[] = [
  {
    name: 'prisma (@prisma/client): new PrismaClient() per iteration',
    code: `import { PrismaClient } from '@prisma/client';
export async function countAll(tenants: string[]) {
  for (const tenant of tenants) {
    const prisma = new PrismaClient();
    try { await prisma.user.findMany({ where: { tenant } }); } finally { await prisma.$disconnect(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 20, endLine: 4, endColumn: 38,
        data: { resource: 'Prisma client', call: 'new PrismaClient()', loop: '`for…of` loop' },
      },
    ],
  },
];

// ------------------------------------------------------------------------------------------------
// Openers with a guard parameter: not reported when the caller lends it
// ------------------------------------------------------------------------------------------------

const guardValid: Valid[] = [
  {
    name: 'guard if (!runner): runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  let own: QueryRunner | undefined;
  if (!runner) {
    own = dataSource.createQueryRunner();
    runner = own;
  }
  try { return await runner.query('select name from users where id = $1', [id]); } finally { await own?.release(); }
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, runner);
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'guard runner ?? acquire: runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, runner);
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'guard if (runner) return …; acquire: runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  if (runner) return runner.query('select name from users where id = $1', [id]);
  const own = dataSource.createQueryRunner();
  try { return await own.query('select name from users where id = $1', [id]); } finally { await own.release(); }
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, runner);
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'guard parameter default: runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner: QueryRunner = dataSource.createQueryRunner()) {
  return runner.query('select name from users where id = $1', [id]);
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, runner);
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'guard options object opts?.runner ?? acquire: runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, opts?: { runner?: QueryRunner }) {
  const active = opts?.runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!opts?.runner) await active.release(); }
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, { runner });
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'guard destructured options { runner } = {}: runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, { runner }: { runner?: QueryRunner } = {}) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, { runner });
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'guard runner ? runner : acquire: runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner ? runner : dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (active !== runner) await active.release(); }
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, runner);
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'guard runner === undefined ? acquire : runner: runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner === undefined ? dataSource.createQueryRunner() : runner;
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (active !== runner) await active.release(); }
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, runner);
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'guard if (runner == null): runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner | null) {
  let active = runner;
  if (runner == null) active = dataSource.createQueryRunner();
  try { return await active!.query('select name from users where id = $1', [id]); } finally { if (active !== runner) await active!.release(); }
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, runner);
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'guard runner ??= acquire: runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const lent = runner !== undefined;
  runner ??= dataSource.createQueryRunner();
  try { return await runner.query('select name from users where id = $1', [id]); } finally { if (!lent) await runner.release(); }
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, runner);
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'guard: passed straight through a wrapper, lent',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
async function findLabel(id: string, runner?: QueryRunner) {
  return '#' + (await findName(id, runner));
}
export async function labels(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { for (const id of ids) await findLabel(id, runner); } finally { await runner.release(); }
}
`,
  },
  {
    name: 'guard: wrapper passes opts.runner through',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
async function findLabel(id: string, opts: { runner?: QueryRunner } = {}) {
  return '#' + (await findName(id, opts.runner));
}
export async function labels(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { for (const id of ids) await findLabel(id, { runner }); } finally { await runner.release(); }
}
`,
  },
  {
    name: 'guard: the guard is a later parameter (pg client ?? pool.connect())',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function rename(id: string, name: string, client?: PoolClient) {
  const own = client ?? (await pool.connect());
  try { await own.query('update users set name = $2 where id = $1', [id, name]); } finally { if (!client) own.release(); }
}
export async function renameAll(names: Map<string, string>) {
  const client = await pool.connect();
  try { for (const [id, name] of names) await rename(id, name, client); } finally { client.release(); }
}
`,
  },
];

const guardInvalid: Invalid[] = [
  {
    name: 'guard if (!runner): no runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  let own: QueryRunner | undefined;
  if (!runner) {
    own = dataSource.createQueryRunner();
    runner = own;
  }
  try { return await runner.query('select name from users where id = $1', [id]); } finally { await own?.release(); }
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 12, column: 31, endLine: 12, endColumn: 43,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard runner ?? acquire: no runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 8, column: 31, endLine: 8, endColumn: 43,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard if (runner) return …; acquire: no runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  if (runner) return runner.query('select name from users where id = $1', [id]);
  const own = dataSource.createQueryRunner();
  try { return await own.query('select name from users where id = $1', [id]); } finally { await own.release(); }
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 9, column: 31, endLine: 9, endColumn: 43,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard parameter default: no runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner: QueryRunner = dataSource.createQueryRunner()) {
  return runner.query('select name from users where id = $1', [id]);
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 7, column: 31, endLine: 7, endColumn: 43,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard options object opts?.runner ?? acquire: no runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, opts?: { runner?: QueryRunner }) {
  const active = opts?.runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!opts?.runner) await active.release(); }
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 8, column: 31, endLine: 8, endColumn: 43,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard destructured options { runner } = {}: no runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, { runner }: { runner?: QueryRunner } = {}) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 8, column: 31, endLine: 8, endColumn: 43,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard runner ? runner : acquire: no runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner ? runner : dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (active !== runner) await active.release(); }
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 8, column: 31, endLine: 8, endColumn: 43,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard runner === undefined ? acquire : runner: no runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner === undefined ? dataSource.createQueryRunner() : runner;
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (active !== runner) await active.release(); }
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 8, column: 31, endLine: 8, endColumn: 43,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard if (runner == null): no runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner | null) {
  let active = runner;
  if (runner == null) active = dataSource.createQueryRunner();
  try { return await active!.query('select name from users where id = $1', [id]); } finally { if (active !== runner) await active!.release(); }
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 9, column: 31, endLine: 9, endColumn: 43,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard runner ??= acquire: no runner lent in the loop',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const lent = runner !== undefined;
  runner ??= dataSource.createQueryRunner();
  try { return await runner.query('select name from users where id = $1', [id]); } finally { if (!lent) await runner.release(); }
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 9, column: 31, endLine: 9, endColumn: 43,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard: explicit undefined does not lend',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
export async function names(ids: string[]) {
  for (const id of ids) await findName(id, undefined);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 8, column: 31, endLine: 8, endColumn: 54,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard: void 0 does not lend',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
export async function names(ids: string[]) {
  return Promise.all(ids.map(async (id) => findName(id, void 0)));
}
`,
    errors: [
      {
        messageId: 'openerConcurrently', line: 8, column: 44, endLine: 8, endColumn: 64,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'guard: passed straight through a wrapper, not lent',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
async function findLabel(id: string, runner?: QueryRunner) {
  return '#' + (await findName(id, runner));
}
export async function labels(ids: string[]) {
  for (const id of ids) await findLabel(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 11, column: 31, endLine: 11, endColumn: 44,
        data: { callee: 'findLabel', resource: 'query runner', chain: 'findLabel → findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard: wrapper never lends, so lending to the wrapper does not help',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
async function findLabel(id: string, runner?: QueryRunner) {
  return '#' + (await findName(id));
}
export async function labels(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { for (const id of ids) await findLabel(id, runner); } finally { await runner.release(); }
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 12, column: 37, endLine: 12, endColumn: 58,
        data: { callee: 'findLabel', resource: 'query runner', chain: 'findLabel → findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard: an unguarded second acquisition still opens when the runner is lent',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function audit(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  const log = dataSource.createQueryRunner();
  try {
    await active.query('select $1', [id]);
    await log.query('insert into audit values ($1)', [id]);
  } finally {
    await log.release();
    if (!runner) await active.release();
  }
}
export async function auditAll(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { for (const id of ids) await audit(id, runner); } finally { await runner.release(); }
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 16, column: 37, endLine: 16, endColumn: 54,
        data: { callee: 'audit', resource: 'query runner', chain: 'audit → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard: acquisition in the held branch is not guarded',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function findName(id: string, runner?: QueryRunner) {
  if (runner) {
    const extra = dataSource.createQueryRunner();
    await extra.release();
  }
  return id;
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { for (const id of ids) await findName(id, runner); } finally { await runner.release(); }
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 12, column: 37, endLine: 12, endColumn: 57,
        data: { callee: 'findName', resource: 'query runner', chain: 'findName → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard: the guard is a later parameter, omitted',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function rename(id: string, name: string, client?: PoolClient) {
  const own = client ?? (await pool.connect());
  try { await own.query('update users set name = $2 where id = $1', [id, name]); } finally { if (!client) own.release(); }
}
export async function renameAll(names: Map<string, string>) {
  for (const [id, name] of names) await rename(id, name);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 8, column: 41, endLine: 8, endColumn: 57,
        data: { callee: 'rename', resource: 'pooled client', chain: 'rename → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard if (client) { return … } else { acquire }: lent and not lent',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touch(id: string, client?: PoolClient) {
  if (client) {
    return client.query('select $1', [id]);
  } else {
    const own = await pool.connect();
    try { return await own.query('select $1', [id]); } finally { own.release(); }
  }
}
export async function touchAll(ids: string[]) {
  const client = await pool.connect();
  try { for (const id of ids) await touch(id, client); } finally { client.release(); }
  for (const id of ids) await touch(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 14, column: 31, endLine: 14, endColumn: 40,
        data: { callee: 'touch', resource: 'pooled client', chain: 'touch → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'guard if (!opts.client) acquire: lent as { client } and not lent',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touch(id: string, opts: { client?: PoolClient } = {}) {
  let client = opts.client;
  if (!opts.client) client = await pool.connect();
  try { return await client!.query('select $1', [id]); } finally { if (!opts.client) client!.release(); }
}
export async function touchAll(ids: string[]) {
  const client = await pool.connect();
  try { for (const id of ids) await touch(id, { client }); } finally { client.release(); }
  for (const id of ids) await touch(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 11, column: 31, endLine: 11, endColumn: 40,
        data: { callee: 'touch', resource: 'pooled client', chain: 'touch → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
];

// ------------------------------------------------------------------------------------------------
// Options `kinds` and `iterationMethods`
// ------------------------------------------------------------------------------------------------

const optionsValid: Valid[] = [
  {
    name: 'kinds ["session"]: only a client in the loop',
    options: [{ kinds: ['session'] }],
    code: `import { Pool } from 'pg';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const pool = new Pool({ connectionString: url });
    await pool.end();
  }
}
`,
  },
  {
    name: 'kinds ["client"]: an opener of a session is ignored',
    options: [{ kinds: ['client'] }],
    code: `import { Pool } from 'pg';
const pool = new Pool();
async function touch(id: string) {
  const client = await pool.connect();
  try { await client.query('select $1', [id]); } finally { client.release(); }
}
export async function touchAll(ids: string[]) {
  for (const id of ids) await touch(id);
}
`,
  },
  {
    name: 'kinds ["session"]: an opener of a client is ignored',
    options: [{ kinds: ['session'] }],
    code: `import { Pool } from 'pg';
async function ping(url: string) {
  const pool = new Pool({ connectionString: url });
  await pool.end();
}
export async function pingAll(urls: string[]) {
  for (const url of urls) await ping(url);
}
`,
  },
  {
    name: 'iterationMethods: each is not iterated by default',
    code: `import { Pool } from 'pg';
const pool = new Pool();
declare const jobs: { each(fn: (id: string) => void): void };
export function run() {
  jobs.each((id) => {
    void pool.connect().then((client) => client.release());
  });
}
`,
  },
];

const optionsInvalid: Invalid[] = [
  {
    name: 'kinds default: clients and sessions',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function ping(urls: string[]) {
  for (const url of urls) {
    const own = new Pool({ connectionString: url });
    const client = await pool.connect();
    client.release();
    await own.end();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 17, endLine: 5, endColumn: 52,
        data: { resource: 'pg pool', call: 'new Pool()', loop: '`for…of` loop' },
      },
      {
        messageId: 'acquiredInLoop', line: 6, column: 26, endLine: 6, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'kinds ["session"]: new Pool() in a loop is ignored',
    options: [{ kinds: ['session'] }],
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function ping(urls: string[]) {
  for (const url of urls) {
    const own = new Pool({ connectionString: url });
    const client = await pool.connect();
    client.release();
    await own.end();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 6, column: 26, endLine: 6, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'kinds ["client"]: pool.connect() in a loop is ignored',
    options: [{ kinds: ['client'] }],
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function ping(urls: string[]) {
  for (const url of urls) {
    const own = new Pool({ connectionString: url });
    const client = await pool.connect();
    client.release();
    await own.end();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 5, column: 17, endLine: 5, endColumn: 52,
        data: { resource: 'pg pool', call: 'new Pool()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'iterationMethods ["each"]: each callback is iterated',
    options: [{ iterationMethods: ['each'] }],
    code: `import { Pool } from 'pg';
const pool = new Pool();
declare const jobs: { each(fn: (id: string) => void): void };
export function run() {
  jobs.each((id) => {
    void pool.connect().then((client) => client.release());
  });
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 6, column: 10, endLine: 6, endColumn: 24,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`each` callback' },
      },
    ],
  },
  {
    name: 'iterationMethods ["each"]: built-in methods still iterate',
    options: [{ iterationMethods: ['each'] }],
    code: `import { Pool } from 'pg';
const pool = new Pool();
export function checkoutAll(ids: string[]) {
  return ids.map((id) => pool.connect());
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 26, endLine: 4, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'iterationMethods ["each"]: async each inside Promise.all',
    options: [{ iterationMethods: ['each'] }],
    code: `import { Pool } from 'pg';
const pool = new Pool();
declare const jobs: { each<T>(fn: (id: string) => T): T[] };
export async function run() {
  await Promise.all(jobs.each(async (id) => {
    const client = await pool.connect();
    client.release();
  }));
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 6, column: 26, endLine: 6, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', wrapper: 'Promise.all', loop: '`each` callback' },
      },
    ],
  },
];

// ------------------------------------------------------------------------------------------------
// Callback-scoped transactions and `checkScopedTransactions`
// ------------------------------------------------------------------------------------------------

const scopedValid: Valid[] = [
  {
    name: 'scoped typeorm dataSource.transaction(cb): not reported by default',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function saveAll(ids: string[]) {
  for (const id of ids) await dataSource.transaction(async (manager) => manager.query('update t set x = 1 where id = $1', [id]));
}
`,
  },
  {
    name: 'scoped typeorm dataSource.transaction(cb): not reported with checkScopedTransactions false',
    options: [{ checkScopedTransactions: false }],
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function saveAll(ids: string[]) {
  for (const id of ids) await dataSource.transaction(async (manager) => manager.query('update t set x = 1 where id = $1', [id]));
}
`,
  },
  {
    name: 'scoped knex db.transaction(cb): not reported by default',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function saveAll(ids: string[]) {
  for (const id of ids) await db.transaction(async (trx) => trx('users').where({ id }).update({ seen: true }));
}
`,
  },
  {
    name: 'scoped knex db.transaction(cb): not reported with checkScopedTransactions false',
    options: [{ checkScopedTransactions: false }],
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function saveAll(ids: string[]) {
  for (const id of ids) await db.transaction(async (trx) => trx('users').where({ id }).update({ seen: true }));
}
`,
  },
  {
    name: 'scoped mongodb session.withTransaction(cb): not reported by default',
    code: `import type { ClientSession, Collection } from 'mongodb';
export async function addAll(session: ClientSession, users: Collection, names: string[]) {
  for (const name of names) await session.withTransaction(async () => users.insertOne({ name }, { session }));
}
`,
  },
  {
    name: 'scoped mongodb session.withTransaction(cb): not reported with checkScopedTransactions false',
    options: [{ checkScopedTransactions: false }],
    code: `import type { ClientSession, Collection } from 'mongodb';
export async function addAll(session: ClientSession, users: Collection, names: string[]) {
  for (const name of names) await session.withTransaction(async () => users.insertOne({ name }, { session }));
}
`,
  },
  {
    name: 'scoped prisma.$transaction(cb): not reported by default',
    code: `import { PrismaClient } from './prisma/client.js';
const prisma = new PrismaClient();
export async function loadAll(tenants: string[]) {
  for (const tenant of tenants) await prisma.$transaction(async (tx) => tx.user.findMany({ where: { tenant } }));
}
`,
  },
  {
    name: 'scoped prisma.$transaction(cb): not reported with checkScopedTransactions false',
    options: [{ checkScopedTransactions: false }],
    code: `import { PrismaClient } from './prisma/client.js';
const prisma = new PrismaClient();
export async function loadAll(tenants: string[]) {
  for (const tenant of tenants) await prisma.$transaction(async (tx) => tx.user.findMany({ where: { tenant } }));
}
`,
  },
  {
    name: 'scoped neo4j session.executeWrite(cb): not reported by default',
    code: `import type { Session } from 'neo4j-driver';
export async function saveAll(session: Session, ids: string[]) {
  for (const id of ids) await session.executeWrite((tx) => tx.run('CREATE (n {id: $id})', { id }));
}
`,
  },
  {
    name: 'scoped neo4j session.executeWrite(cb): not reported with checkScopedTransactions false',
    options: [{ checkScopedTransactions: false }],
    code: `import type { Session } from 'neo4j-driver';
export async function saveAll(session: Session, ids: string[]) {
  for (const id of ids) await session.executeWrite((tx) => tx.run('CREATE (n {id: $id})', { id }));
}
`,
  },
  {
    name: 'scoped sequelize.transaction(cb): not reported by default',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function saveAll(ids: string[]) {
  for (const id of ids) await sequelize.transaction(async (transaction) => sequelize.query('select 1', { transaction }));
}
`,
  },
  {
    name: 'scoped sequelize.transaction(cb): not reported with checkScopedTransactions false',
    options: [{ checkScopedTransactions: false }],
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function saveAll(ids: string[]) {
  for (const id of ids) await sequelize.transaction(async (transaction) => sequelize.query('select 1', { transaction }));
}
`,
  },
  {
    name: 'scoped through an opener: not reported by default',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function save(id: string) {
  await dataSource.transaction(async (manager) => manager.query('update t set x = 1 where id = $1', [id]));
}
export async function saveAll(ids: string[]) {
  for (const id of ids) await save(id);
}
`,
  },
  {
    name: 'scoped with checkScopedTransactions and kinds ["client"]: not reported',
    options: [{ checkScopedTransactions: true, kinds: ['client'] }],
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function saveAll(ids: string[]) {
  for (const id of ids) await db.transaction(async (trx) => trx('users').where({ id }).update({ seen: true }));
}
`,
  },
];

const scopedInvalid: Invalid[] = [
  {
    name: 'scoped typeorm dataSource.transaction(cb): reported with checkScopedTransactions true',
    options: [{ checkScopedTransactions: true }],
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function saveAll(ids: string[]) {
  for (const id of ids) await dataSource.transaction(async (manager) => manager.query('update t set x = 1 where id = $1', [id]));
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 31, endLine: 4, endColumn: 129,
        data: { resource: 'callback-scoped transaction', call: 'dataSource.transaction()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'scoped knex db.transaction(cb): reported with checkScopedTransactions true',
    options: [{ checkScopedTransactions: true }],
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function saveAll(ids: string[]) {
  for (const id of ids) await db.transaction(async (trx) => trx('users').where({ id }).update({ seen: true }));
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 31, endLine: 4, endColumn: 111,
        data: { resource: 'callback-scoped transaction', call: 'db.transaction()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'scoped mongodb session.withTransaction(cb): reported with checkScopedTransactions true',
    options: [{ checkScopedTransactions: true }],
    code: `import type { ClientSession, Collection } from 'mongodb';
export async function addAll(session: ClientSession, users: Collection, names: string[]) {
  for (const name of names) await session.withTransaction(async () => users.insertOne({ name }, { session }));
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 3, column: 35, endLine: 3, endColumn: 110,
        data: { resource: 'callback-scoped transaction', call: 'session.withTransaction()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'scoped prisma.$transaction(cb): reported with checkScopedTransactions true',
    options: [{ checkScopedTransactions: true }],
    code: `import { PrismaClient } from './prisma/client.js';
const prisma = new PrismaClient();
export async function loadAll(tenants: string[]) {
  for (const tenant of tenants) await prisma.$transaction(async (tx) => tx.user.findMany({ where: { tenant } }));
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 39, endLine: 4, endColumn: 113,
        data: { resource: 'callback-scoped transaction', call: 'prisma.$transaction()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'scoped neo4j session.executeWrite(cb): reported with checkScopedTransactions true',
    options: [{ checkScopedTransactions: true }],
    code: `import type { Session } from 'neo4j-driver';
export async function saveAll(session: Session, ids: string[]) {
  for (const id of ids) await session.executeWrite((tx) => tx.run('CREATE (n {id: $id})', { id }));
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 3, column: 31, endLine: 3, endColumn: 99,
        data: { resource: 'callback-scoped transaction', call: 'session.executeWrite()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'scoped sequelize.transaction(cb): reported with checkScopedTransactions true',
    options: [{ checkScopedTransactions: true }],
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function saveAll(ids: string[]) {
  for (const id of ids) await sequelize.transaction(async (transaction) => sequelize.query('select 1', { transaction }));
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop', line: 4, column: 31, endLine: 4, endColumn: 121,
        data: { resource: 'callback-scoped transaction', call: 'sequelize.transaction()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'scoped through an opener: reported with checkScopedTransactions true',
    options: [{ checkScopedTransactions: true }],
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function save(id: string) {
  await dataSource.transaction(async (manager) => manager.query('update t set x = 1 where id = $1', [id]));
}
export async function saveAll(ids: string[]) {
  for (const id of ids) await save(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 7, column: 31, endLine: 7, endColumn: 39,
        data: { callee: 'save', resource: 'callback-scoped transaction', chain: 'save → dataSource.transaction()', loop: '`for…of` loop' },
      },
    ],
  },
];

// ------------------------------------------------------------------------------------------------
// Functions defined in a loop but not called there
// ------------------------------------------------------------------------------------------------

const definedValid: Valid[] = [
  {
    name: 'arrow pushed into a list in a for…of loop',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function handlers(ids: string[]) {
  const list: (() => Promise<PoolClient>)[] = [];
  for (const id of ids) list.push(() => pool.connect());
  return list;
}
`,
  },
  {
    name: 'function declaration in a loop body, stored not called',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function handlers(ids: string[]) {
  const byId = new Map<string, () => Promise<PoolClient>>();
  for (const id of ids) {
    function open() {
      return pool.connect();
    }
    byId.set(id, open);
  }
  return byId;
}
`,
  },
  {
    name: 'event handler registered in a loop',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
import { EventEmitter } from 'node:events';
export function listen(emitter: EventEmitter, events: string[]) {
  for (const event of events) {
    emitter.on(event, async () => {
      const client = await pool.connect();
      client.release();
    });
  }
}
`,
  },
  {
    name: 'class with a method declared in a loop',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function jobs(ids: string[]) {
  const out: unknown[] = [];
  for (const id of ids) {
    out.push(class Job {
      async run() {
        const client = await pool.connect();
        client.release();
        return id;
      }
    });
  }
  return out;
}
`,
  },
  {
    name: 'object literal method in a map callback, not called',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export function tasks(ids: string[]) {
  return ids.map((id) => ({
    id,
    open() {
      return pool.connect();
    },
  }));
}
`,
  },
  {
    name: 'opener referenced in a loop, not called',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touch(id: string) {
  const client = await pool.connect();
  try { await client.query('select $1', [id]); } finally { client.release(); }
}
export function tasks(ids: string[]) {
  const out: ((id: string) => Promise<void>)[] = [];
  for (const id of ids) out.push(touch);
  return out;
}
`,
  },
];

const definedInvalid: Invalid[] = [
  {
    name: 'function defined in a loop and called there',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function touch(ids: string[]) {
  for (const id of ids) {
    const open = () => pool.connect();
    const client = await open();
    client.release();
  }
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 6, column: 26, endLine: 6, endColumn: 32,
        data: { callee: 'open', resource: 'pooled client', chain: 'open → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
];

// ------------------------------------------------------------------------------------------------
// Openers and session factories in the same file
// ------------------------------------------------------------------------------------------------

const openerValid: Valid[] = [
  {
    name: 'function with a nested, uncalled acquiring function is not an opener',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
function makeOpener(id: string) {
  return () => pool.connect();
}
export function openers(ids: string[]) {
  return ids.map((id) => makeOpener(id));
}
`,
  },
  {
    name: 'function that only queries the pool is not an opener',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function count(id: string) {
  return (await pool.query('select count(*) from t where id = $1', [id])).rows[0];
}
export async function countAll(ids: string[]) {
  for (const id of ids) await count(id);
}
`,
  },
];

const openerInvalid: Invalid[] = [
  {
    name: 'same-file opener in a for…of loop',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touch(id: string) {
  const client = await pool.connect();
  try { await client.query('select $1', [id]); } finally { client.release(); }
}
export async function touchAll(ids: string[]) {
  for (const id of ids) await touch(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 8, column: 31, endLine: 8, endColumn: 40,
        data: { callee: 'touch', resource: 'pooled client', chain: 'touch → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'same-file opener chain of three functions in a while loop',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function loadAccount(id: string) {
  const client = await pool.connect();
  try { return (await client.query('select * from accounts where id = $1', [id])).rows[0]; } finally { client.release(); }
}
async function loadName(id: string) {
  return (await loadAccount(id)).name;
}
async function loadLabel(id: string) {
  return '#' + (await loadName(id));
}
export async function drain(queue: string[]) {
  while (queue.length > 0) await loadLabel(queue.pop()!);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 14, column: 34, endLine: 14, endColumn: 57,
        data: { callee: 'loadLabel', resource: 'pooled client', chain: 'loadLabel → loadName → loadAccount → pool.connect()', loop: '`while` loop' },
      },
    ],
  },
  {
    name: 'same-file opener (const arrow) under Promise.allSettled',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const touch = async (id: string) => {
  const client = await pool.connect();
  try { await client.query('select $1', [id]); } finally { client.release(); }
};
export async function touchAll(ids: string[]) {
  return Promise.allSettled(ids.map(async (id) => touch(id)));
}
`,
    errors: [
      {
        messageId: 'openerConcurrently', line: 8, column: 51, endLine: 8, endColumn: 60,
        data: { callee: 'touch', resource: 'pooled client', chain: 'touch → pool.connect()', wrapper: 'Promise.allSettled', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'same-file opener in a reduce callback',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touch(id: string) {
  const client = await pool.connect();
  try { return (await client.query('select $1', [id])).rowCount ?? 0; } finally { client.release(); }
}
export async function total(ids: string[]) {
  return ids.reduce(async (sum, id) => (await sum) + (await touch(id)), Promise.resolve(0));
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 8, column: 61, endLine: 8, endColumn: 70,
        data: { callee: 'touch', resource: 'pooled client', chain: 'touch → pool.connect()', loop: '`reduce` callback' },
      },
    ],
  },
  {
    name: 'opener method called through this in a loop',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export class Accounts {
  async load(id: string) {
    const client = await pool.connect();
    try { return (await client.query('select $1', [id])).rows[0]; } finally { client.release(); }
  }
  async loadAll(ids: string[]) {
    const out: unknown[] = [];
    for (const id of ids) out.push(await this.load(id));
    return out;
  }
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 10, column: 42, endLine: 10, endColumn: 55,
        data: { callee: 'Accounts.load', resource: 'pooled client', chain: 'Accounts.load → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'opener that acquires inside an awaited callback (Promise.all inside the opener)',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touchBatch(ids: string[]) {
  await Promise.all(ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
  }));
}
export async function touchAll(batches: string[][]) {
  for (const batch of batches) await touchBatch(batch);
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { resource: 'pooled client', call: 'pool.connect()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
      {
        messageId: 'openerInLoop', line: 10, column: 38, endLine: 10, endColumn: 55,
        data: { callee: 'touchBatch', resource: 'pooled client', chain: 'touchBatch → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'mutually recursive openers terminate',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function walk(id: string, depth: number): Promise<void> {
  if (depth > 0) await step(id, depth - 1);
}
async function step(id: string, depth: number): Promise<void> {
  const client = await pool.connect();
  client.release();
  await walk(id, depth);
}
export async function walkAll(ids: string[]) {
  for (const id of ids) await walk(id, 3);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 12, column: 31, endLine: 12, endColumn: 42,
        data: { callee: 'walk', resource: 'pooled client', chain: 'walk → step → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'same-file session factory in a loop',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
function checkout() {
  return pool.connect();
}
export async function touchAll(ids: string[]) {
  for (const id of ids) {
    const client = await checkout();
    try { await client.query('select $1', [id]); } finally { client.release(); }
  }
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 8, column: 26, endLine: 8, endColumn: 36,
        data: { callee: 'checkout', resource: 'pooled client', chain: 'checkout → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'same-file session factory returning a local, under Promise.all',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function openRunner() {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  return runner;
}
export async function touchAll(ids: string[]) {
  await Promise.all(ids.map(async (id) => {
    const runner = await openRunner();
    try { await runner.query('select $1', [id]); } finally { await runner.release(); }
  }));
}
`,
    errors: [
      {
        messageId: 'openerConcurrently', line: 10, column: 26, endLine: 10, endColumn: 38,
        data: { callee: 'openRunner', resource: 'query runner', chain: 'openRunner → dataSource.createQueryRunner()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
    ],
  },
];

const openerTypedInvalid: Invalid[] = [
  {
    name: 'typed: opener method called on an instance of a same-file class',
    code: `import { Pool } from 'pg';
const pool = new Pool();
class AccountRepo {
  async load(id: string) {
    const client = await pool.connect();
    try { return (await client.query('select $1', [id])).rows[0]; } finally { client.release(); }
  }
}
const repo = new AccountRepo();
export async function loadAll(ids: string[]) {
  for (const id of ids) await repo.load(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 11, column: 31, endLine: 11, endColumn: 44,
        data: { callee: 'AccountRepo.load', resource: 'pooled client', chain: 'AccountRepo.load → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
];

// ------------------------------------------------------------------------------------------------
// Openers across files (typed: fixtures/loop/*.ts)
// ------------------------------------------------------------------------------------------------

const chainTypedValid: Valid[] = [
  {
    name: 'three-file chain, runner lent to the first link',
    code: `import { dataSource } from './loop/data-source.js';
import { buildCustomerReport } from './loop/customer-report.js';
export async function reports(customerIds: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    const out: string[] = [];
    for (const id of customerIds) out.push(await buildCustomerReport(id, runner));
    return out;
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'middle link called directly, runner lent',
    code: `import { dataSource } from './loop/data-source.js';
import { summarizeOrders } from './loop/order-summary.js';
export async function totals(customerIds: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    let total = 0;
    for (const id of customerIds) total += await summarizeOrders(id, runner);
    return total;
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'lookup helpers with an early-return guard, lent',
    code: `import { dataSource } from './loop/data-source.js';
import { findMerchantName } from './loop/lookups.js';
export async function merchants(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { return await Promise.all(ids.map(async (id) => findMerchantName(id, runner))); } finally { await runner.release(); }
}
`,
  },
];

const chainTypedInvalid: Invalid[] = [
  {
    name: 'three-file chain, no runner lent',
    code: `import { buildCustomerReport } from './loop/customer-report.js';
export async function reports(customerIds: string[]) {
  const out: string[] = [];
  for (const id of customerIds) out.push(await buildCustomerReport(id));
  return out;
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 4, column: 48, endLine: 4, endColumn: 71,
        data: { callee: 'buildCustomerReport', resource: 'query runner', chain: 'buildCustomerReport → summarizeOrders → loadOrders → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'four-link chain through a function that never lends',
    code: `import { printCustomerReport } from './loop/customer-report.js';
export function printAll(customerIds: string[]) {
  customerIds.forEach((id) => void printCustomerReport(id));
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 3, column: 36, endLine: 3, endColumn: 59,
        data: { callee: 'printCustomerReport', resource: 'query runner', chain: 'printCustomerReport → buildCustomerReport → summarizeOrders → loadOrders → dataSource.createQueryRunner()', loop: '`forEach` callback' },
      },
    ],
  },
  {
    name: 'four-link chain under Promise.all',
    code: `import { printCustomerReport } from './loop/customer-report.js';
export async function printAll(customerIds: string[]) {
  await Promise.all(customerIds.map(async (id) => printCustomerReport(id)));
}
`,
    errors: [
      {
        messageId: 'openerConcurrently', line: 3, column: 51, endLine: 3, endColumn: 74,
        data: { callee: 'printCustomerReport', resource: 'query runner', chain: 'printCustomerReport → buildCustomerReport → summarizeOrders → loadOrders → dataSource.createQueryRunner()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
    ],
  },
  {
    name: 'middle link called directly, no runner',
    code: `import { summarizeOrders } from './loop/order-summary.js';
export async function totals(customerIds: string[]) {
  let total = 0;
  for (const id of customerIds) total += await summarizeOrders(id);
  return total;
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 4, column: 48, endLine: 4, endColumn: 67,
        data: { callee: 'summarizeOrders', resource: 'query runner', chain: 'summarizeOrders → loadOrders → dataSource.createQueryRunner()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'session factory in another file',
    code: `import { pool } from './loop/pool.js';
import { checkout } from './factories.js';
export async function touchAll(ids: string[]) {
  for (const id of ids) {
    const client = await checkout(pool);
    try { await client.query('select $1', [id]); } finally { client.release(); }
  }
}
`,
    errors: [
      {
        messageId: 'openerInLoop', line: 5, column: 26, endLine: 5, endColumn: 40,
        data: { callee: 'checkout', resource: 'pooled client', chain: 'checkout → pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'lookup helpers with an early-return guard, not lent',
    code: `import { findMerchantName } from './loop/lookups.js';
export async function merchants(ids: string[]) {
  return Promise.all(ids.map(async (id) => findMerchantName(id)));
}
`,
    errors: [
      {
        messageId: 'openerConcurrently', line: 3, column: 44, endLine: 3, endColumn: 64,
        data: { callee: 'findMerchantName', resource: 'query runner', chain: 'findMerchantName → dataSource.createQueryRunner()', wrapper: 'Promise.all', loop: '`map` callback' },
      },
    ],
  },
];

const chainUntypedValid: Valid[] = [
  {
    name: 'untyped: openers in other files are not followed',
    code: `import { buildCustomerReport } from './loop/customer-report.js';
import { loadAccountName } from './loop/account-name.js';
export async function reports(customerIds: string[]) {
  for (const id of customerIds) {
    await buildCustomerReport(id);
    await loadAccountName(id);
  }
}
`,
  },
];

typed.run('no-session-in-loop (typed, loop forms)', rule, {
  valid: loopValid,
  invalid: loopInvalid,
});
untyped.run('no-session-in-loop (untyped, loop forms)', rule, {
  valid: loopValid,
  invalid: loopInvalid,
});
typed.run('no-session-in-loop (typed, libraries)', rule, {
  valid: [...libraryValid, ...libraryTypedValid],
  invalid: [...libraryInvalid, ...libraryTypedInvalid],
});
untyped.run('no-session-in-loop (untyped, libraries)', rule, {
  valid: [...libraryValid, ...libraryUntypedValid],
  invalid: [...libraryInvalid, ...libraryUntypedInvalid],
});
typed.run('no-session-in-loop (typed, guard parameters)', rule, {
  valid: guardValid,
  invalid: guardInvalid,
});
untyped.run('no-session-in-loop (untyped, guard parameters)', rule, {
  valid: guardValid,
  invalid: guardInvalid,
});
typed.run('no-session-in-loop (typed, options)', rule, {
  valid: optionsValid,
  invalid: optionsInvalid,
});
untyped.run('no-session-in-loop (untyped, options)', rule, {
  valid: optionsValid,
  invalid: optionsInvalid,
});
typed.run('no-session-in-loop (typed, callback-scoped transactions)', rule, {
  valid: scopedValid,
  invalid: scopedInvalid,
});
untyped.run('no-session-in-loop (untyped, callback-scoped transactions)', rule, {
  valid: scopedValid,
  invalid: scopedInvalid,
});
typed.run('no-session-in-loop (typed, defined, not called)', rule, {
  valid: definedValid,
  invalid: definedInvalid,
});
untyped.run('no-session-in-loop (untyped, defined, not called)', rule, {
  valid: definedValid,
  invalid: definedInvalid,
});
typed.run('no-session-in-loop (typed, same-file openers and factories)', rule, {
  valid: openerValid,
  invalid: [...openerInvalid, ...openerTypedInvalid],
});
untyped.run('no-session-in-loop (untyped, same-file openers and factories)', rule, {
  valid: openerValid,
  invalid: openerInvalid,
});
typed.run('no-session-in-loop (typed, openers across files)', rule, {
  valid: chainTypedValid,
  invalid: chainTypedInvalid,
});
untyped.run('no-session-in-loop (untyped, openers across files)', rule, {
  valid: chainUntypedValid,
  invalid: [],
});

// ------------------------------------------------------------------------------------------------
// The widget fixture: fixtures/loop/widget.ts calls two lookups (fixtures/loop/lookups.ts) per
// transaction without lending a runner; fixtures/loop/widget-fixed.ts opens one runner before the
// loop, lends it to both and releases it in finally. The rule runs on the files' own content.
// ------------------------------------------------------------------------------------------------

const WIDGET = path.join(FIXTURES_DIR, 'loop/widget.ts');
const WIDGET_FIXED = path.join(FIXTURES_DIR, 'loop/widget-fixed.ts');

typed.run('no-session-in-loop (typed, widget fixture)', rule, {
  valid: [
    {
      name: 'widget-fixed.ts: one runner opened before the loop and lent to both lookups',
      filename: WIDGET_FIXED,
      code: fs.readFileSync(WIDGET_FIXED, 'utf8'),
    },
  ],
  invalid: [
    {
      name: 'widget.ts: both lookups open a query runner once per transaction',
      filename: WIDGET,
      code: fs.readFileSync(WIDGET, 'utf8'),
      errors: [
        {
          messageId: 'openerInLoop', line: 21, column: 27, endLine: 21, endColumn: 65,
          data: {
            callee: 'findAccountName',
            resource: 'query runner',
            chain: 'findAccountName → dataSource.createQueryRunner()',
            loop: '`for…of` loop',
          },
        },
        {
          messageId: 'openerInLoop', line: 22, column: 28, endLine: 22, endColumn: 68,
          data: {
            callee: 'findMerchantName',
            resource: 'query runner',
            chain: 'findMerchantName → dataSource.createQueryRunner()',
            loop: '`for…of` loop',
          },
        },
      ],
    },
  ],
});

untyped.run('no-session-in-loop (untyped, widget fixture)', rule, {
  valid: [
    {
      name: 'widget.ts untyped: the lookups live in another file, which untyped mode does not follow',
      filename: WIDGET,
      code: fs.readFileSync(WIDGET, 'utf8'),
    },
  ],
  invalid: [],
});
