/**
 * no-session-in-loop regressions: retry loops (and loops that only look like them), overload
 * implementations, `null` guards, function references as iteration callbacks, callbacks run by other
 * calls (and IIFEs), untyped methods of same-file class instances, spread arguments, non-async
 * `Promise.all` callbacks. Shared tables run typed (fixtures
 * project) and untyped; the Typed table needs the checker.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageId, type Options } from '../../rules/no-session-in-loop.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageId, Options>;

const typed = createRuleTesterWithTypes();
const untyped = createRuleTesterUntyped();

const POOLED = { resource: 'pooled client' };

const valid: Valid[] = [
  {
    name: 'retry loop: a new client per attempt, returned on success, closed when connecting fails',
    code: `
import { MongoClient } from 'mongodb';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export async function connectWithRetry(url: string): Promise<MongoClient> {
  for (let attempt = 1; ; attempt++) {
    const client = new MongoClient(url);
    try {
      await client.connect();
      return client;
    } catch (error) {
      await client.close();
      if (attempt >= 5) throw error;
      await sleep(1000 * attempt);
    }
  }
}
`,
  },
  {
    name: 'retry loop: a pooled client per attempt in while (true), released in finally, the loop left on success',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function queryWithRetry(sql: string): Promise<unknown[]> {
  let attempt = 0;
  while (true) {
    const client = await pool.connect();
    try {
      const result = await client.query(sql);
      return result.rows;
    } catch (error) {
      if (++attempt > 3) throw error;
    } finally {
      client.release();
    }
  }
}
`,
  },
  {
    name: 'retry loop whose failed attempt is an explicit throw (a health check) caught in the loop',
    code: `
import { Client } from 'pg';
export async function connectWhenReady(): Promise<Client> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    const client = new Client();
    try {
      await client.connect();
      const { rows } = await client.query('select 1 as ok');
      if (rows.length !== 1) throw new Error('not ready');
      return client;
    } catch (error) {
      lastError = error;
      await client.end();
    }
  }
  throw lastError;
}
`,
  },
  {
    name: 'retry loop around a session opener: the next attempt starts only after the previous one failed',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
async function loadAccount(id: string): Promise<unknown> {
  const client = await pool.connect();
  try {
    return (await client.query('select * from accounts where id = $1', [id])).rows[0];
  } finally {
    client.release();
  }
}
export async function loadWithRetry(id: string): Promise<unknown> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await loadAccount(id);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
`,
  },
  {
    name: "a project class's own connect, reached in a loop through next(): named like a catalog call, opens nothing",
    code: `
class Stream {
  connect(): Stream { return this; }
  next(): Stream { return this.connect(); }
}
export function drain(streams: Stream[]) {
  for (const stream of streams) stream.next();
}
`,
  },
  {
    name: 'guard parameter given a real client: lent, not opened',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touch(id: string, client?: PoolClient | null) {
  const own = client ?? (await pool.connect());
  try { await own.query('select $1', [id]); } finally { if (!client) own.release(); }
}
export async function run(ids: string[]) {
  const client = await pool.connect();
  try { for (const id of ids) await touch(id, client); } finally { client.release(); }
}
`,
  },
  {
    name: 'function reference whose only acquisition is guarded by parameter 1 (filled by the element index)',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touch(id: string, client?: PoolClient) {
  const own = client ?? (await pool.connect());
  try { await own.query('select $1', [id]); } finally { if (!client) own.release(); }
}
export async function run(ids: string[]) {
  await Promise.all(ids.map(touch));
}
`,
  },
  {
    name: 'callbacks stored by push and on in a loop are not run there',
    code: `
import { EventEmitter } from 'node:events';
import { Pool } from 'pg';
const pool = new Pool();
export function run(ids: string[], emitter: EventEmitter) {
  const list: (() => Promise<unknown>)[] = [];
  for (const id of ids) {
    list.push(() => pool.connect());
    emitter.on('x', () => pool.connect());
  }
  return list;
}
`,
  },
  {
    name: 'spread arguments may supply the guard parameter',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touch(id: string, client?: PoolClient) {
  const own = client ?? (await pool.connect());
  try { await own.query('select $1', [id]); } finally { if (!client) own.release(); }
}
export async function run(pairs: [string, PoolClient][]) {
  for (const pair of pairs) await touch(...pair);
}
`,
  },
];

const invalid: Invalid[] = [
  {
    name: 'ioredis under a default-import name, a client per key',
    code: `
import IORedis from 'ioredis';
export async function warm(keys: string[]) {
  for (const key of keys) {
    const client = new IORedis();
    try { await client.set(key, '1'); } finally { await client.quit(); }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop',
        line: 5,
        column: 20,
        endLine: 5,
        endColumn: 33,
        data: { resource: 'Redis client', call: 'new IORedis()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'polling loop: a successful poll that finds nothing runs the next iteration, which checks out another client',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
export async function nextJob(): Promise<unknown> {
  while (true) {
    const client = await pool.connect();
    try {
      const { rows } = await client.query('select * from jobs limit 1');
      if (rows.length > 0) return rows[0];
    } finally {
      client.release();
    }
    await sleep(1000);
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop',
        line: 7,
        column: 26,
        endLine: 7,
        endColumn: 40,
        data: { ...POOLED, call: 'pool.connect()', loop: '`while` loop' },
      },
    ],
  },
  {
    name: 'a catch that only logs: a successful iteration goes on to the next element, which checks out another client',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function touchAll(ids: string[]): Promise<void> {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      await client.query('update items set touched = now() where id = $1', [id]);
    } catch (error) {
      console.error(error);
    } finally {
      client.release();
    }
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop',
        line: 6,
        column: 26,
        endLine: 6,
        endColumn: 40,
        data: { ...POOLED, call: 'pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'null passed for the guard parameter opens',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touch(id: string, client?: PoolClient | null) {
  const own = client ?? (await pool.connect());
  try { await own.query('select $1', [id]); } finally { if (!client) own.release(); }
}
export async function run(ids: string[]) {
  for (const id of ids) await touch(id, null);
}
`,
    errors: [
      {
        messageId: 'openerInLoop',
        line: 9,
        column: 31,
        endLine: 9,
        endColumn: 46,
        data: { ...POOLED, callee: 'touch', chain: 'touch → pool.connect()', loop: '`for…of` loop', wrapper: '' },
      },
    ],
  },
  {
    name: 'function reference as the map callback under Promise.all',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
async function touch(id: string) {
  const client = await pool.connect();
  try { await client.query('select $1', [id]); } finally { client.release(); }
}
export async function run(ids: string[]) {
  await Promise.all(ids.map(touch));
}
`,
    errors: [
      {
        messageId: 'openerConcurrently',
        line: 9,
        column: 29,
        endLine: 9,
        endColumn: 34,
        data: { ...POOLED, callee: 'touch', chain: 'touch → pool.connect()', loop: '`map` callback', wrapper: 'Promise.all' },
      },
    ],
  },
  {
    name: 'function reference as the forEach callback',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
function touch(id: string) {
  pool.connect().then((client) => client.release());
}
export function run(ids: string[]) {
  ids.forEach(touch);
}
`,
    errors: [
      {
        messageId: 'openerInLoop',
        line: 8,
        column: 15,
        endLine: 8,
        endColumn: 20,
        data: { ...POOLED, callee: 'touch', chain: 'touch → pool.connect()', loop: '`forEach` callback', wrapper: '' },
      },
    ],
  },
  {
    name: 'function reference whose guard parameter is at index 3 still opens',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function touch(id: string, index: number, all: string[], client?: PoolClient) {
  const own = client ?? (await pool.connect());
  try { await own.query('select $1', [id]); } finally { if (!client) own.release(); }
}
export async function run(ids: string[]) {
  await Promise.all(ids.map(touch));
}
`,
    errors: [
      {
        messageId: 'openerConcurrently',
        line: 9,
        column: 29,
        endLine: 9,
        endColumn: 34,
        data: { ...POOLED, callee: 'touch', chain: 'touch → pool.connect()', loop: '`map` callback', wrapper: 'Promise.all' },
      },
    ],
  },
  {
    name: 'callback run by a local pRetry in a loop',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
async function pRetry<T>(fn: () => Promise<T>) { return fn(); }
export async function run(ids: string[]) {
  for (const id of ids) {
    const c = await pRetry(() => pool.connect());
    c.release();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop',
        line: 7,
        column: 34,
        endLine: 7,
        endColumn: 48,
        data: { ...POOLED, call: 'pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'new Promise executor in a loop',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function run(ids: string[]) {
  for (const id of ids) {
    const c = await new Promise<PoolClient>((resolve) => { pool.connect().then(resolve); });
    c.release();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop',
        line: 6,
        column: 60,
        endLine: 6,
        endColumn: 74,
        data: { ...POOLED, call: 'pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'IIFE in a loop: reported once, at the acquisition, not at the IIFE',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function run(ids: string[]) {
  for (const id of ids) {
    await (async () => { const c = await pool.connect(); c.release(); })();
  }
}
`,
    errors: [
      {
        messageId: 'acquiredInLoop',
        line: 6,
        column: 42,
        endLine: 6,
        endColumn: 56,
        data: { ...POOLED, call: 'pool.connect()', loop: '`for…of` loop' },
      },
    ],
  },
  {
    name: 'method of an instance of a same-file class',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
class Repo {
  async load(id: string) {
    const client = await pool.connect();
    try { return await client.query('select $1', [id]); } finally { client.release(); }
  }
}
export async function run(ids: string[]) {
  const repo = new Repo();
  for (const id of ids) await repo.load(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop',
        line: 12,
        column: 31,
        endLine: 12,
        endColumn: 44,
        data: { ...POOLED, callee: 'Repo.load', chain: 'Repo.load → pool.connect()', loop: '`for…of` loop', wrapper: '' },
      },
    ],
  },
  {
    name: 'non-async map callback under Promise.all is concurrent',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function run(ids: string[]) {
  const clients = await Promise.all(ids.map((id) => pool.connect()));
  clients.forEach((c) => c.release());
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently',
        line: 5,
        column: 53,
        endLine: 5,
        endColumn: 67,
        data: { ...POOLED, call: 'pool.connect()', loop: '`map` callback', wrapper: 'Promise.all' },
      },
    ],
  },
  {
    name: 'mapped array under a non-null assertion is still concurrent',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function run(ids: string[]) {
  await Promise.all(ids.map(async (id) => {
    const c = await pool.connect();
    c.release();
  })!);
}
`,
    errors: [
      {
        messageId: 'acquiredConcurrently',
        line: 6,
        column: 21,
        endLine: 6,
        endColumn: 35,
        data: { ...POOLED, call: 'pool.connect()', loop: '`map` callback', wrapper: 'Promise.all' },
      },
    ],
  },
];

const invalidTyped: Invalid[] = [
  {
    name: 'a cross-file opener imported under another name (`{ loadAccountLabel as label }`)',
    code: `
import { loadAccountLabel as label } from './loop/account-name.js';
export async function render(ids: string[]) {
  const labels: string[] = [];
  for (const id of ids) labels.push(await label(id));
  return labels;
}
`,
    errors: [
      {
        messageId: 'openerInLoop',
        line: 5,
        column: 43,
        endLine: 5,
        endColumn: 52,
        data: {
          ...POOLED,
          callee: 'loadAccountLabel',
          chain: 'loadAccountLabel → loadAccount → pool.connect()',
          loop: '`for…of` loop',
          wrapper: '',
        },
      },
    ],
  },
  {
    name: 'a cross-file opener under another name, passed by reference to map under Promise.all',
    code: `
import { loadAccountLabel as label } from './loop/account-name.js';
export async function render(ids: string[]) {
  return Promise.all(ids.map(label));
}
`,
    errors: [
      {
        messageId: 'openerConcurrently',
        line: 4,
        column: 30,
        endLine: 4,
        endColumn: 35,
        data: {
          ...POOLED,
          callee: 'loadAccountLabel',
          chain: 'loadAccountLabel → loadAccount → pool.connect()',
          loop: '`map` callback',
          wrapper: 'Promise.all',
        },
      },
    ],
  },
  {
    name: 'a factory method sharing its name with a method that opens nothing (Stream.next) is still followed',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
class Stream {
  connect(): Stream { return this; }
  next(): Stream { return this.connect(); }
}
class Accounts {
  next(id: string) { return pool.connect(); }
}
export async function run(ids: string[], accounts: Accounts, stream: Stream) {
  for (const id of ids) {
    stream.next();
    const client = await accounts.next(id);
    client.release();
  }
}
`,
    errors: [
      {
        messageId: 'openerInLoop',
        line: 14,
        column: 26,
        endLine: 14,
        endColumn: 43,
        data: { ...POOLED, callee: 'Accounts.next', chain: 'Accounts.next → pool.connect()', loop: '`for…of` loop', wrapper: '' },
      },
    ],
  },
  {
    name: 'opener declared with overloads, called in a for…of (typed)',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
async function touch(id: string): Promise<void>;
async function touch(id: number): Promise<void>;
async function touch(id: string | number): Promise<void> {
  const client = await pool.connect();
  try { await client.query('select $1', [id]); } finally { client.release(); }
}
export async function run(ids: string[]) {
  for (const id of ids) await touch(id);
}
`,
    errors: [
      {
        messageId: 'openerInLoop',
        line: 11,
        column: 31,
        endLine: 11,
        endColumn: 40,
        data: { ...POOLED, callee: 'touch', chain: 'touch → pool.connect()', loop: '`for…of` loop', wrapper: '' },
      },
    ],
  },
  {
    name: 'cross-file function reference as the map callback under Promise.all (typed)',
    code: `
import { loadAccountLabel } from './loop/account-name.js';
export async function render(ids: string[]) {
  return Promise.all(ids.map(loadAccountLabel));
}
`,
    errors: [
      {
        messageId: 'openerConcurrently',
        line: 4,
        column: 30,
        endLine: 4,
        endColumn: 46,
        data: {
          ...POOLED,
          callee: 'loadAccountLabel',
          chain: 'loadAccountLabel → loadAccount → pool.connect()',
          loop: '`map` callback',
          wrapper: 'Promise.all',
        },
      },
    ],
  },
];

// pg's and mysql2's callback forms hand the connection to the callback to release: a checkout per
// call, like their promise forms. Managed callback scopes (`knex.transaction(cb)`) stay unreported.
invalid.push({
  name: 'callback checkouts in loops: pg `pool.connect((err, client, done) => …)` and mysql2 `pool.getConnection((err, conn) => …)`',
  code: `
import pg from 'pg';
import mysql from 'mysql2';
const pool = new pg.Pool();
const mpool = mysql.createPool({ uri: 'mysql://localhost/app' });
export function touchAll(ids: number[]): void {
  for (const id of ids) {
    pool.connect((err, client, done) => {
      if (err || !client) return;
      client.query('update t set seen = now() where id = $1', [id], () => done());
    });
  }
}
export function lockAll(skus: string[]): void {
  skus.forEach((sku) => {
    mpool.getConnection((err, conn) => {
      if (err) return;
      conn.query('select get_lock(?, 5)', [sku], () => conn.release());
    });
  });
}
`,
  errors: [
    { messageId: 'acquiredInLoop', line: 8, data: { resource: 'pooled client', call: 'pool.connect()', loop: '`for…of` loop' } },
    { messageId: 'acquiredInLoop', line: 16, data: { resource: 'pooled connection', call: 'mpool.getConnection()', loop: '`forEach` callback' } },
  ],
});
valid.push({
  name: 'one callback checkout for the whole loop, and a managed callback transaction per iteration (not reported by default)',
  code: `
import pg from 'pg';
import knex from 'knex';
const pool = new pg.Pool();
const db = knex({ client: 'pg' });
export function touchAll(ids: number[]): void {
  pool.connect(async (err, client, done) => {
    if (err || !client) return;
    try {
      for (const id of ids) await client.query('update t set seen = now() where id = $1', [id]);
    } finally {
      done();
    }
  });
}
export async function archiveAll(ids: number[]) {
  for (const id of ids) await db.transaction(async (trx) => trx('orders').where({ id }).update({ archived: true }));
}
`,
});

// Lazy getters open once: the store outlives the call (or the loop) and is filled only while empty.
valid.push({
  name: 'lazy getters in loops (if (!pool) …, ??=, if (client) return client, a static instance), and ??= into a variable declared before the loop',
  code: `
import mysql, { type Pool } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import knex, { type Knex } from 'knex';
import { Pool as PgPool, type PoolClient } from 'pg';
let pool: Pool | undefined;
export function getPool(): Pool {
  if (!pool) pool = mysql.createPool({ connectionLimit: 2 });
  return pool;
}
let redis: Redis | undefined;
const getRedis = () => (redis ??= new Redis());
let nodeRedis: ReturnType<typeof createClient> | undefined;
export async function getNodeRedis() {
  if (nodeRedis) return nodeRedis;
  nodeRedis = createClient();
  await nodeRedis.connect();
  return nodeRedis;
}
export class Database {
  private static instance?: Knex;
  static get(): Knex {
    if (Database.instance === undefined) {
      Database.instance = knex({ client: 'pg' });
    }
    return Database.instance;
  }
}
const pg = new PgPool();
export async function insertAll(rows: string[]): Promise<void> {
  for (const r of rows) {
    await getPool().query('INSERT INTO t (v) VALUES (?)', [r]);
    await (await getNodeRedis()).set(r, '1');
    await Database.get()('t').insert({ v: r });
  }
}
export async function cacheAll(keys: string[]): Promise<void> {
  await Promise.all(keys.map((k) => getRedis().set(k, '1')));
}
export async function lazyInLoop(rows: string[]) {
  let client: PoolClient | undefined;
  try {
    for (const r of rows) {
      client ??= await pg.connect();
      await client.query('select $1', [r]);
    }
  } finally {
    client?.release();
  }
}
`,
});
valid.push({
  name: 'lazy getters keyed by a Map entry (`let p = pools.get(k); if (!p) { p = new Pool(); pools.set(k, p); }`, `if (!pools.has(k)) pools.set(k, …)`, `const hit = pools.get(k); if (hit) return hit; …`) in loops',
  code: `
import { Pool } from 'pg';
import { Sequelize } from 'sequelize';
import mongoose, { type Connection } from 'mongoose';
const byKey = new Map<string, Pool>();
function poolFor(key: string): Pool {
  let pool = byKey.get(key);
  if (!pool) {
    pool = new Pool({ database: key });
    byKey.set(key, pool);
  }
  return pool;
}
const byTenant = new Map<string, Sequelize>();
export function sequelizeFor(tenant: string): Sequelize {
  const cached = byTenant.get(tenant);
  if (cached) return cached;
  const created = new Sequelize(\`postgres://db/\${tenant}\`);
  byTenant.set(tenant, created);
  return created;
}
const connections = new Map<string, Connection>();
function connectionFor(uri: string): Connection {
  if (!connections.has(uri)) connections.set(uri, mongoose.createConnection(uri));
  return connections.get(uri)!;
}
export async function countAll(keys: string[]) {
  for (const key of keys) {
    await poolFor(key).query('select 1');
    await sequelizeFor(key).query('select 1');
    await connectionFor(key).db?.collection('t').countDocuments();
  }
}
`,
});
invalid.push({
  name: 'a Map entry written without a test of that entry opens on every call: unguarded, and guarded on another key',
  code: `
import { Pool } from 'pg';
const byKey = new Map<string, Pool>();
function freshPool(key: string): Pool {
  const pool = new Pool({ database: key });
  byKey.set(key, pool);
  return pool;
}
function wrongKey(key: string, other: string): Pool {
  if (!byKey.has(other)) byKey.set(key, new Pool({ database: key }));
  return byKey.get(key)!;
}
export async function countAll(keys: string[]) {
  for (const key of keys) {
    await freshPool(key).query('select 1');
    await wrongKey(key, 'main').query('select 1');
  }
}
`,
  errors: [
    { messageId: 'openerInLoop', line: 15, data: { resource: 'pg pool', callee: 'freshPool', chain: 'freshPool → new Pool()', loop: '`for…of` loop' } },
    { messageId: 'openerInLoop', line: 16, data: { resource: 'pg pool', callee: 'wrongKey', chain: 'wrongKey → new Pool()', loop: '`for…of` loop' } },
  ],
});
invalid.push({
  name: 'an unguarded store is not lazy (a pool per call), and a ??= in a concurrent map callback opens one per element',
  code: `
import mysql, { type Pool } from 'mysql2/promise';
import { Pool as PgPool, type PoolClient } from 'pg';
let pool: Pool | undefined;
export function makePool(): Pool {
  pool = mysql.createPool({});
  return pool;
}
export async function perCall(rows: string[]) {
  for (const r of rows) {
    await makePool().query('select ?', [r]);
  }
}
const pg = new PgPool();
export async function concurrent(ids: string[]) {
  let client: PoolClient | undefined;
  await Promise.all(
    ids.map(async (id) => {
      client ??= await pg.connect();
      await client.query('select $1', [id]);
    }),
  );
  client?.release();
}
`,
  errors: [
    {
      messageId: 'openerInLoop',
      line: 11,
      column: 11,
      endLine: 11,
      endColumn: 21,
      data: { resource: 'mysql2 pool', callee: 'makePool', chain: 'makePool → mysql.createPool()', loop: '`for…of` loop' },
    },
    {
      messageId: 'acquiredConcurrently',
      line: 19,
      column: 24,
      endLine: 19,
      endColumn: 36,
      data: { ...POOLED, call: 'pg.connect()', loop: '`map` callback', wrapper: 'Promise.all' },
    },
  ],
});

// A test or hook registered in a loop runs later, one test at a time, as `test.each` does.
valid.push({
  name: 'tests and hooks registered in a loop: `for…of` around `it`, `forEach` around `test.concurrent`, a `describe` per driver with `beforeAll`',
  code: `
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { describe, it, test, beforeAll, afterAll } from 'vitest';
const pool = new Pool();
const roles = ['admin', 'viewer'];
describe('roles', () => {
  for (const role of roles) {
    it(\`reads as \${role}\`, async () => {
      const client = await pool.connect();
      try {
        await client.query(\`SET ROLE \${role}\`);
      } finally {
        client.release();
      }
    });
  }
  roles.forEach((role) => {
    test.concurrent(\`writes as \${role}\`, async () => {
      const client = await pool.connect();
      try {
        await client.query(\`SET ROLE \${role}\`);
      } finally {
        client.release();
      }
    });
  });
});
for (const type of ['postgres', 'mysql'] as const) {
  describe(\`on \${type}\`, () => {
    let ds: DataSource;
    beforeAll(async () => {
      ds = new DataSource({ type } as never);
      await ds.initialize();
    });
    afterAll(async () => {
      await ds.destroy();
    });
    it('answers', async () => {
      await ds.query('select 1');
    });
  });
}
`,
});
invalid.push({
  name: 'tests in a loop: a checkout in the loop itself, and a local named like a runner (`test`) whose `map` callback is an iteration',
  code: `
import { Pool } from 'pg';
import { describe, it } from 'vitest';
const pool = new Pool();
describe('roles', () => {
  for (const role of ['admin', 'viewer']) {
    const client = pool.connect();
    it(role, async () => {
      (await client).release();
    });
  }
});
export async function run(test: string[]) {
  await Promise.all(test.map(async (sql) => {
    const client = await pool.connect();
    try {
      await client.query(sql);
    } finally {
      client.release();
    }
  }));
}
`,
  errors: [
    { messageId: 'acquiredInLoop', line: 7 },
    { messageId: 'acquiredConcurrently', line: 15 },
  ],
});

// A transaction per batch on a connection or session held across the loop checks nothing out per
// iteration; the runner or session opened per batch still does, and is reported once, at its acquisition.
valid.push({
  name: 'a transaction per batch on one MongoDB session and on one mysql2 connection',
  code: `import { MongoClient } from 'mongodb';
import mysql from 'mysql2/promise';
import type { QueryRunner } from 'typeorm';
import { DataSource } from 'typeorm';
const mongo = new MongoClient('mongodb://localhost');
const pool = mysql.createPool({});
const dataSource = new DataSource({ type: 'postgres' });
export async function mongoBatches(batches: object[][]) {
  const session = mongo.startSession();
  try {
    for (const docs of batches) {
      session.startTransaction();
      try {
        await mongo.db().collection('c').insertMany(docs, { session });
        await session.commitTransaction();
      } catch (error) {
        await session.abortTransaction();
        throw error;
      }
    }
  } finally {
    await session.endSession();
  }
}
export async function mysqlBatches(batches: number[][]) {
  const conn = await pool.getConnection();
  try {
    for (const ids of batches) {
      await conn.beginTransaction();
      try {
        await conn.query('UPDATE t SET x = 1 WHERE id IN (?)', [ids]);
        await conn.commit();
      } catch (error) {
        await conn.rollback();
        throw error;
      }
    }
  } finally {
    conn.release();
  }
}
`,
});
invalid.push({
  name: 'a query runner and a MongoDB session opened per batch are reported at their acquisition, not at the transaction',
  code: `import { DataSource } from 'typeorm';
import { MongoClient } from 'mongodb';
const dataSource = new DataSource({ type: 'postgres' });
const mongo = new MongoClient('mongodb://localhost');
export async function runnerPerBatch(batches: number[][]) {
  for (const ids of batches) {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.query('UPDATE t SET x = 1 WHERE id = ANY($1)', [ids]);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
  }
}
export async function sessionPerBatch(batches: object[][]) {
  for (const docs of batches) {
    const session = mongo.startSession();
    try {
      session.startTransaction();
      await mongo.db().collection('c').insertMany(docs, { session });
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
  }
}
`,
  errors: [
    { messageId: 'acquiredInLoop', line: 7 },
    { messageId: 'acquiredInLoop', line: 19 },
  ],
});

// A lazy getter that keeps a local in its store and returns the local opens once, not per iteration.
valid.push({
  name: 'lazy getters that store a local and return it, called in a loop',
  code: `import { MongoClient } from 'mongodb';
import { Pool } from 'pg';
let cachedClient: MongoClient | null = null;
async function connectToDatabase(): Promise<MongoClient> {
  if (cachedClient) return cachedClient;
  const client = await MongoClient.connect('mongodb://localhost');
  cachedClient = client;
  return client;
}
export async function listProducts() {
  const client = await connectToDatabase();
  return client.db('shop').collection('products').find().limit(20).toArray();
}
export async function countAll(names: string[]) {
  let total = 0;
  for (const name of names) {
    const client = await connectToDatabase();
    total += await client.db('shop').collection(name).countDocuments();
  }
  return total;
}
class Database {
  private static instance: Pool | undefined;
  static get(): Pool {
    if (Database.instance) return Database.instance;
    const pool = new Pool();
    Database.instance = pool;
    return pool;
  }
}
export async function useStatic() {
  const pool = Database.get();
  return pool.query('select 1');
}
`,
});
invalid.push({
  name: 'a getter that stores a local without a guard, or under a test of another store, opens per iteration',
  code: `import { MongoClient } from 'mongodb';
let cachedClient: MongoClient | null = null;
let other: MongoClient | null = null;
async function reconnect(): Promise<MongoClient> {
  const client = await MongoClient.connect('mongodb://localhost');
  cachedClient = client;
  return client;
}
async function wrongGuard(): Promise<MongoClient> {
  if (other) return other;
  const client = await MongoClient.connect('mongodb://localhost');
  cachedClient = client;
  return client;
}
export async function countAll(names: string[]) {
  let total = 0;
  for (const name of names) {
    total += await (await reconnect()).db('shop').collection(name).countDocuments();
    total += await (await wrongGuard()).db('shop').collection(name).countDocuments();
  }
  return total;
}
`,
  errors: [
    { messageId: 'openerInLoop', line: 18 },
    { messageId: 'openerInLoop', line: 19 },
  ],
});

// Iteration helpers that take the collection first: the first function literal after it runs per element.
valid.push({
  name: 'later callbacks that do not iterate: the final `done` of `async.eachSeries`, and a callback of an unknown helper (`retry(3, …)`)',
  code: `import { Pool } from 'pg';
declare const async: {
  eachSeries<T>(items: T[], iteratee: (item: T, next: () => void) => void, done: (error?: Error) => void): void;
};
declare function retry<T>(times: number, attempt: () => Promise<T>): Promise<T>;
const pool = new Pool();
export function afterAll(ids: string[]) {
  async.eachSeries(ids, (id, next) => next(), async () => {
    const client = await pool.connect();
    try {
      await client.query('select 1');
    } finally {
      client.release();
    }
  });
}
export async function retried() {
  return retry(3, async () => {
    const client = await pool.connect();
    try {
      return await client.query('select 1');
    } finally {
      client.release();
    }
  });
}
`,
});
invalid.push({
  name: 'later callbacks that iterate: `async.eachSeries(ids, cb)`, `async.mapLimit(ids, 4, cb)`, `pMap(ids, cb, options)`, `_.map(ids, cb)`',
  code: `import { Pool } from 'pg';
declare const async: {
  eachSeries<T>(items: T[], iteratee: (item: T) => Promise<void>, done?: (error?: Error) => void): Promise<void>;
  mapLimit<T, R>(items: T[], limit: number, iteratee: (item: T) => Promise<R>): Promise<R[]>;
};
declare function pMap<T, R>(items: T[], mapper: (item: T) => Promise<R>, options?: { concurrency: number }): Promise<R[]>;
declare const _: { map<T, R>(items: T[], fn: (item: T) => R): R[] };
const pool = new Pool();
export async function series(ids: string[]) {
  await async.eachSeries(ids, async (id) => {
    const client = await pool.connect();
    try {
      await client.query('select $1', [id]);
    } finally {
      client.release();
    }
  });
}
export async function limited(ids: string[]) {
  return async.mapLimit(ids, 4, async (id) => {
    const client = await pool.connect();
    try {
      return await client.query('select $1', [id]);
    } finally {
      client.release();
    }
  });
}
export async function mapped(ids: string[]) {
  return pMap(ids, async (id) => {
    const client = await pool.connect();
    try {
      return await client.query('select $1', [id]);
    } finally {
      client.release();
    }
  }, { concurrency: 2 });
}
export function lodash(ids: string[]) {
  return _.map(ids, async (id) => {
    const client = await pool.connect();
    try {
      return await client.query('select $1', [id]);
    } finally {
      client.release();
    }
  });
}
`,
  errors: [
    { messageId: 'acquiredInLoop', line: 11 },
    { messageId: 'acquiredInLoop', line: 21 },
    { messageId: 'acquiredInLoop', line: 31 },
    { messageId: 'acquiredInLoop', line: 41 },
  ],
});
invalid.push({
  name: 'a project helper named in `iterationMethods` whose callback comes after the collection',
  code: `
import { Pool } from 'pg';
declare function forEachChunk<T>(rows: T[], size: number, fn: (chunk: T[]) => Promise<void>): Promise<void>;
const pool = new Pool();
export async function load(rows: string[]) {
  await forEachChunk(rows, 100, async (chunk) => {
    const client = await pool.connect();
    try {
      await client.query('insert into t select unnest($1::text[])', [chunk]);
    } finally {
      client.release();
    }
  });
}
`,
  options: [{ iterationMethods: ['forEachChunk'] }],
  errors: [{ messageId: 'acquiredInLoop', line: 7 }],
});

valid.push({
  name: 'an acquisition behind an opt-in flag the caller leaves out (`autoGen = false`, `withTransaction?: boolean`) opens nothing',
  code: `import { Sequelize, type Transaction } from 'sequelize';
export class Repository {
  constructor(private readonly sequelize: Sequelize) {}
  async getTransaction(options: { transaction?: Transaction }, autoGen = false) {
    if (options.transaction) return options.transaction;
    if (autoGen) return await this.sequelize.transaction();
    return null;
  }
  async count(options: { transaction?: Transaction }) {
    const transaction = await this.getTransaction(options);
    return this.sequelize.query('SELECT count(*) FROM items', { transaction: transaction ?? undefined });
  }
  async sync(id: string, withTransaction?: boolean) {
    if (!withTransaction) return this.sequelize.query('UPDATE items SET synced = true WHERE id = ?', { replacements: [id] });
    const transaction = await this.sequelize.transaction();
    try {
      await this.sequelize.query('UPDATE items SET synced = true WHERE id = ?', { replacements: [id], transaction });
      await transaction.commit();
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
  }
  async createMany(options: { transaction?: Transaction; records: string[] }) {
    for (const id of options.records) {
      await this.count({ transaction: options.transaction });
      await this.sync(id);
      await this.sync(id, false);
    }
  }
}
`,
});
invalid.push({
  name: 'the same opt-in flag passed as true, or a default that opts in, opens one per iteration',
  code: `import { Sequelize } from 'sequelize';
export class Repository {
  constructor(private readonly sequelize: Sequelize) {}
  async sync(id: string, withTransaction = false) {
    if (!withTransaction) return this.sequelize.query('UPDATE items SET synced = true WHERE id = ?', { replacements: [id] });
    const transaction = await this.sequelize.transaction();
    try {
      await this.sequelize.query('UPDATE items SET synced = true WHERE id = ?', { replacements: [id], transaction });
      await transaction.commit();
    } catch (error) {
      await transaction.rollback();
      throw error;
    }
  }
  async audit(id: string, safely = true) {
    if (safely) {
      const transaction = await this.sequelize.transaction();
      await transaction.commit();
    }
    return id;
  }
  async syncAll(ids: string[]) {
    for (const id of ids) {
      await this.sync(id, true);
      await this.audit(id);
    }
  }
}
`,
  errors: [
    { messageId: 'openerInLoop', line: 24 },
    { messageId: 'openerInLoop', line: 25 },
  ],
});

valid.push({
  name: 'a TypeORM query runner made only to read its data source, per iteration or in an opener called per iteration, holds nothing',
  code: `import type { DataSource } from 'typeorm';
async function countMaster(ds: DataSource): Promise<number> {
  const master = ds.createQueryRunner('master').dataSource;
  return master.getRepository('Product').count();
}
export async function applyAll(ds: DataSource, ids: number[]): Promise<void> {
  for (const id of ids) {
    await countMaster(ds);
    const connection = ds.createQueryRunner('master').connection;
    await connection.query('SELECT $1', [id]);
  }
}
`,
});

valid.push({
  name: 'a client made for each element and returned as that element (`urls.map((url) => new Pool(…))`, a browser per worker) is a set of clients, not one opened again per iteration',
  code: `import pg from 'pg';
import { chromium } from 'playwright-core';
export function replicaPools(urls: string[], base: pg.PoolConfig): pg.Pool[] {
  return urls.map((connectionString) => new pg.Pool({ ...base, connectionString }));
}
export function replicaPoolsBlock(urls: string[]): pg.Pool[] {
  return urls.map((connectionString) => {
    const pool = new pg.Pool({ connectionString });
    return pool;
  });
}
export async function browsers(count: number) {
  return Promise.all(Array.from({ length: count }, async () => await chromium.launch()));
}
`,
});
invalid.push({
  name: 'a client a map callback uses and drops, and a session per element even when returned, are still opened per element',
  code: `import pg from 'pg';
export async function pingAll(urls: string[]) {
  await Promise.all(urls.map(async (connectionString) => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    await client.end();
  }));
}
export async function checkouts(pool: pg.Pool, ids: string[]) {
  return Promise.all(ids.map(() => pool.connect()));
}
`,
  errors: [
    { messageId: 'acquiredConcurrently', line: 4 },
    { messageId: 'acquiredConcurrently', line: 10 },
  ],
});

valid.push({
  name: 'generic-pool: `pool.use(fn)` per iteration is callback-scoped (reported only with checkScopedTransactions)',
  code: `import genericPool from 'generic-pool';
import { Client } from 'pg';
const clients = genericPool.createPool({ create: async () => new Client(), destroy: async (client) => client.end() });
export async function touchAll(ids: string[]) {
  for (const id of ids) {
    await clients.use((client) => client.query('UPDATE users SET seen = now() WHERE id = $1', [id]));
  }
}
`,
});
invalid.push({
  name: 'generic-pool: `pool.acquire()` once per iteration, and for every element at once',
  code: `import genericPool from 'generic-pool';
import { Client } from 'pg';
const clients = genericPool.createPool({ create: async () => new Client(), destroy: async (client) => client.end() });
export async function touchAll(ids: string[]) {
  for (const id of ids) {
    const client = await clients.acquire();
    try {
      await client.query('UPDATE users SET seen = now() WHERE id = $1', [id]);
    } finally {
      await clients.release(client);
    }
  }
}
export async function touchAtOnce(ids: string[]) {
  await Promise.all(
    ids.map(async (id) => {
      const client = await clients.acquire();
      try {
        await client.query('UPDATE users SET seen = now() WHERE id = $1', [id]);
      } finally {
        await clients.release(client);
      }
    }),
  );
}
`,
  errors: [
    { messageId: 'acquiredInLoop', line: 6 },
    { messageId: 'acquiredConcurrently', line: 17 },
  ],
});

valid.push({
  name: 'a client per element made by a project factory and returned as that element (`Array.from({ length: n }, () => openBrowser())`) is a set of clients, as when the library call is direct',
  code: `import puppeteer, { type Browser } from 'puppeteer-core';

// jest-environment-puppeteer global-init: one browser per Jest worker, all kept and returned.
const openBrowser = async (): Promise<Browser> => puppeteer.launch({});

// A: documented exempt form (Array.from mapper, direct acquisition) - expected silent
export async function startA(n: number): Promise<Browser[]> {
  return Promise.all(Array.from({ length: n }, () => puppeteer.launch({})));
}
// B: Array.from(...).map with direct acquisition - same set of clients, expected silent
export async function startB(n: number): Promise<Browser[]> {
  return Promise.all(Array.from({ length: n }).map(() => puppeteer.launch({})));
}
// C: Array.from mapper through a project factory - expected silent
export async function startC(n: number): Promise<Browser[]> {
  return Promise.all(Array.from({ length: n }, () => openBrowser()));
}
// D: the corpus form: Array.from(...).map through the factory, result kept and returned - expected silent
export async function startD(n: number): Promise<Browser[]> {
  const browsers = await Promise.all(Array.from({ length: n }).map(() => openBrowser()));
  return browsers;
}
`,
});
invalid.push({
  name: 'a client per element from a factory that the callback uses and drops, and sessions per element from a factory, are still reported',
  code: `import puppeteer, { type Browser } from 'puppeteer-core';
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const openBrowser = async (): Promise<Browser> => puppeteer.launch({});
const checkout = (): Promise<PoolClient> => pool.connect();
export async function titles(urls: string[]) {
  return Promise.all(
    urls.map(async (url) => {
      const browser = await openBrowser();
      const page = await browser.newPage();
      await page.goto(url);
      return page.title();
    }),
  );
}
export async function clients(n: number) {
  return Promise.all(Array.from({ length: n }, () => checkout()));
}
`,
  errors: [
    { messageId: 'openerConcurrently', line: 9 },
    { messageId: 'acquiredConcurrently', line: 10 },
    { messageId: 'openerConcurrently', line: 17 },
  ],
});

invalid.push({
  name: "mongodb's callback form before 5.0 in a loop opens a client per iteration, as the promise form does",
  code: `import { MongoClient } from 'mongodb';
export function countAll(urls: string[]) {
  for (const url of urls) {
    MongoClient.connect(url, (err: Error | null, client: MongoClient) => {
      if (err) return;
      void client.db('app').collection('users').countDocuments().finally(() => client.close());
    });
  }
}
`,
  errors: [{ messageId: 'acquiredInLoop', line: 4 }],
});

typed.run('no-session-in-loop (regressions, typed)', rule, { valid, invalid: [...invalid, ...invalidTyped] });
untyped.run('no-session-in-loop (regressions, untyped)', rule, { valid, invalid });
