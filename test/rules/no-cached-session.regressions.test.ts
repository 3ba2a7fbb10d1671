/**
 * no-cached-session regressions: NestJS decorators recognised by imported name and module only,
 * a shorthand `{ scope }` read through its local constant, and one report per store when both
 * branches of a conditional acquire. The tables run typed (fixtures project) and untyped.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageId } from '../../rules/no-cached-session.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

type Invalid = InvalidTestCase<MessageId, []>;
type Valid = ValidTestCase<[]>;

const typed = createRuleTesterWithTypes();
const untyped = createRuleTesterUntyped();

const valid: Valid[] = [
  {
    name: 'Injectable from a package other than NestJS or Angular is not a singleton',
    code: `
import { Injectable } from 'some-di';
import type { Driver, Session } from 'neo4j-driver';
@Injectable()
export class Graph {
  private s: Session;
  constructor(d: Driver) {
    this.s = d.session();
  }
  async close() { await this.s.close(); }
}
`,
  },
  {
    name: 'a local function named Injectable is not a singleton decorator',
    code: `
import type { Driver, Session } from 'neo4j-driver';
function Injectable() { return (target: unknown) => target; }
@Injectable()
export class Graph {
  private s: Session;
  constructor(d: Driver) {
    this.s = d.session();
  }
  async close() { await this.s.close(); }
}
`,
  },
  {
    name: 'nest: shorthand { scope } holding Scope.REQUEST',
    code: `
import { Injectable, Scope } from '@nestjs/common';
import type { Driver, Session } from 'neo4j-driver';
const scope = Scope.REQUEST;
@Injectable({ scope })
export class Graph {
  private s: Session;
  constructor(d: Driver) {
    this.s = d.session();
  }
  async close() { await this.s.close(); }
}
`,
  },
];

const invalid: Invalid[] = [
  {
    name: 'nest: Injectable imported under another name',
    code: `
import { Injectable as Provider } from '@nestjs/common';
import type { Driver, Session } from 'neo4j-driver';
@Provider()
export class Graph {
  private s: Session;
  constructor(d: Driver) {
    this.s = d.session();
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 8, column: 5, endLine: 8, endColumn: 26 }],
  },
  {
    name: 'neo4j-driver: both branches of a conditional into a module-level let, reported once',
    code: `
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
let session: Session | undefined;
export function open(read: boolean) {
  session = read ? driver.session({ defaultAccessMode: neo4j.session.READ }) : driver.session();
  return session;
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 97 }],
  },
];

valid.push(
  {
    name: 'a session stored in a test set-up hook belongs to the suite',
    code: `
import neo4j, { type Session } from 'neo4j-driver';
declare function beforeAll(fn: () => unknown): void;
declare function afterAll(fn: () => unknown): void;
const driver = neo4j.driver('neo4j://localhost');
let session: Session;
beforeAll(() => {
  session = driver.session();
});
afterAll(async () => {
  await session.close();
});
`,
  },
);

// An in-flight registry: the entry is deleted again in the same function, so the collection holds the
// session for its unit of work only.
valid.push({
  name: 'in-flight registries: `active.add(client)` and `byRequest.set(id, session)` deleted again in the `finally` that releases them',
  code: `import { Pool, type PoolClient } from 'pg';
import neo4j, { type Session } from 'neo4j-driver';

const pool = new Pool();
const driver = neo4j.driver('neo4j://localhost');

const active = new Set<PoolClient>();
export async function runTracked<T>(fn: (c: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  active.add(client); // FP
  try {
    return await fn(client);
  } finally {
    active.delete(client);
    client.release();
  }
}
export const inFlight = () => active.size;

const byRequest = new Map<string, Session>();
export async function withRequestSession<T>(id: string, fn: (s: Session) => Promise<T>): Promise<T> {
  const session = driver.session();
  byRequest.set(id, session); // FP
  try {
    return await fn(session);
  } finally {
    byRequest.delete(id);
    await session.close();
  }
}
`,
});
invalid.push({
  name: 'registries whose entry is not deleted: another collection deleted from, another key deleted',
  code: `import { Pool, type PoolClient } from 'pg';
import neo4j, { type Session } from 'neo4j-driver';
const pool = new Pool();
const driver = neo4j.driver('neo4j://localhost');
const active = new Set<PoolClient>();
const finished = new Set<PoolClient>();
export async function neverRemoved(sql: string) {
  const client = await pool.connect();
  active.add(client);
  try {
    return await client.query(sql);
  } finally {
    finished.delete(client);
    client.release();
  }
}
const byRequest = new Map<string, Session>();
export async function otherKey(id: string, previous: string) {
  const session = driver.session();
  byRequest.set(id, session);
  try {
    return await session.run('RETURN 1');
  } finally {
    byRequest.delete(previous);
    await session.close();
  }
}
`,
  errors: [
    { messageId: 'cachedSession', line: 9 },
    { messageId: 'cachedSession', line: 20 },
  ],
});

invalid.push({
  name: 'CommonJS singletons: `module.exports = new X()`, `exports.name = new X()` and `module.exports = { name: new X() }` make one instance at module scope',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
class OrderService {
  private conn?: PoolClient;
  async client() {
    if (!this.conn) this.conn = await pool.connect();
    return this.conn;
  }
}
class UserService {
  private conn?: PoolClient;
  async client() {
    this.conn ??= await pool.connect();
    return this.conn;
  }
}
class InvoiceService {
  private conn?: PoolClient;
  async client() {
    this.conn ??= await pool.connect();
    return this.conn;
  }
}
module.exports = new OrderService();
exports.users = new UserService();
module.exports.services = { invoices: new InvoiceService() };
`,
  errors: [
    { messageId: 'cachedSession', line: 6 },
    { messageId: 'cachedSession', line: 13 },
    { messageId: 'cachedSession', line: 20 },
  ],
});
valid.push({
  name: 'CommonJS: a class exported as itself (`module.exports = OrderService`) or made by an exported factory is no singleton',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
class OrderService {
  private conn?: PoolClient;
  async client() {
    this.conn ??= await pool.connect();
    return this.conn;
  }
  release() {
    this.conn?.release();
  }
}
module.exports = OrderService;
exports.create = () => new OrderService();
`,
});

valid.push({
  name: 'a per-connection registry: the entry is deleted (and the session closed) in the `close` listener the same function registers',
  code: `import { EventEmitter } from 'node:events';
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('bolt://localhost');
const live = new Map<string, Session>();
export function onConnection(id: string, socket: EventEmitter): void {
  const session = driver.session();
  live.set(id, session);
  socket.on('close', async () => {
    live.delete(id);
    await session.close();
  });
}
`,
});
invalid.push({
  name: 'a per-connection registry whose listener closes the session but leaves the entry, or deletes another key',
  code: `import { EventEmitter } from 'node:events';
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('bolt://localhost');
const live = new Map<string, Session>();
export function onConnection(id: string, socket: EventEmitter): void {
  const session = driver.session();
  live.set(id, session);
  socket.on('close', () => void session.close());
}
export function onOtherConnection(id: string, previous: string, socket: EventEmitter): void {
  const session = driver.session();
  live.set(id, session);
  socket.on('close', async () => {
    live.delete(previous);
    await session.close();
  });
}
`,
  errors: [
    { messageId: 'cachedSession', line: 7 },
    { messageId: 'cachedSession', line: 12 },
  ],
});

invalid.push({
  name: 'what a callback-scoped API hands its callback, stored in a module variable: a callback-form connection, a transaction, a managed neo4j transaction',
  code: `import mysql from 'mysql2';
import { Pool, type PoolClient } from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import neo4j, { type ManagedTransaction } from 'neo4j-driver';
const connections = mysql.createPool({});
const pool = new Pool();
const dataSource = new DataSource({ type: 'postgres' });
const driver = neo4j.driver('bolt://localhost');
let reportConnection: mysql.PoolConnection | undefined;
let listener: PoolClient | undefined;
let current: EntityManager | undefined;
let lastTx: ManagedTransaction | undefined;
export function getReportConnection(cb: (error: Error | null, conn?: mysql.PoolConnection) => void) {
  if (reportConnection) return cb(null, reportConnection);
  connections.getConnection((err, conn) => {
    if (err) return cb(err);
    reportConnection = conn;
    cb(null, conn);
  });
}
export function listen(cb: (error?: Error) => void) {
  pool.connect((err, client) => {
    if (err || !client) return cb(err);
    listener = client;
    cb();
  });
}
export function remember() {
  return dataSource.transaction(async (manager) => {
    current = manager;
    await manager.query('SELECT 1');
  });
}
export async function rememberTx() {
  const session = driver.session();
  try {
    await session.executeWrite(async (tx) => {
      lastTx = tx;
      await tx.run('RETURN 1');
    });
  } finally {
    await session.close();
  }
}
`,
  errors: [
    { messageId: 'cachedSession', line: 17 },
    { messageId: 'cachedSession', line: 24 },
    { messageId: 'cachedSession', line: 30 },
    { messageId: 'cachedSession', line: 38 },
  ],
});
valid.push({
  name: 'callback-scoped resources used inside their scope, and a callback that gets only an error (`conn.beginTransaction((err) => …)`)',
  code: `import mysql from 'mysql2';
import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
let lastError: unknown;
export function begin(conn: mysql.PoolConnection) {
  conn.beginTransaction((err) => {
    lastError = err;
    conn.rollback(() => conn.release());
  });
}
export function count() {
  return dataSource.transaction(async (manager) => {
    const scoped = manager;
    return scoped.query('SELECT count(*) FROM orders');
  });
}
`,
});

invalid.push({
  name: 'class expressions made once at module scope: `new (class { … })()`, and `const Service = class { … }` with `new Service()`',
  code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export const reporting = new (class {
  private runner?: QueryRunner;
  async monthly() {
    this.runner ??= dataSource.createQueryRunner();
    return this.runner.query('SELECT 1');
  }
})();
const Billing = class {
  private runner?: QueryRunner;
  async invoices() {
    this.runner ??= dataSource.createQueryRunner();
    return this.runner.query('SELECT 1');
  }
};
export const billing = new Billing();
`,
  errors: [
    { messageId: 'cachedSession', line: 6 },
    { messageId: 'cachedSession', line: 13 },
  ],
});
valid.push({
  name: 'a class expression made per request is no singleton',
  code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
const Billing = class {
  private runner?: QueryRunner;
  async invoices() {
    this.runner ??= dataSource.createQueryRunner();
    return this.runner.query('SELECT 1');
  }
  async close() {
    await this.runner?.release();
  }
};
export async function handle() {
  const billing = new Billing();
  try {
    return await billing.invoices();
  } finally {
    await billing.close();
  }
}
`,
});

valid.push({
  name: 'generic-pool: the pool is the shared singleton; what `pool.use(fn)` lends stays in its callback',
  code: `import genericPool from 'generic-pool';
import { Client } from 'pg';
export const clients = genericPool.createPool({ create: async () => new Client(), destroy: async (client) => client.end() });
export function countUsers() {
  return clients.use((client) => client.query('SELECT count(*) FROM users'));
}
`,
});
invalid.push({
  name: 'generic-pool: a borrowed resource cached in a module variable stays borrowed',
  code: `import genericPool from 'generic-pool';
import { Client } from 'pg';
const clients = genericPool.createPool({ create: async () => new Client(), destroy: async (client) => client.end() });
let shared: Client | undefined;
export async function getClient() {
  shared ??= await clients.acquire();
  return shared;
}
`,
  errors: [
    {
      messageId: 'cachedSession',
      line: 6,
      data: {
        resource: 'pooled resource',
        call: 'clients.acquire()',
        where: 'module-level variable \`shared\`',
        why: 'it stays borrowed, so the pool has one resource fewer for everyone else, and concurrent callers share it and its state',
        shared: 'pool',
      },
    },
  ],
});

typed.run('no-cached-session (regressions, typed)', rule, { valid, invalid });
untyped.run('no-cached-session (regressions, untyped)', rule, { valid, invalid });
