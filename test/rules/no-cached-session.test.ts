/**
 * `no-cached-session`: session-kind resources stored where they outlive their unit of work (module
 * scope, static members, globals, fields of singletons) are reported at the storing statement;
 * client-kind resources (pools, drivers, data sources, Prisma/Mongo clients, browsers) are not.
 * Shared tables run typed (fixtures project) and untyped; cross-file factories need types.
 * NestJS and Angular are not installed: their decorators are recognised from the imports.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageId } from '../../rules/no-cached-session.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

type Invalid = InvalidTestCase<MessageId, []>;
type Valid = ValidTestCase<[]>;

const typed = createRuleTesterWithTypes();
const untyped = createRuleTesterUntyped();

/** The staleness wording per library family (the message's `why` and `shared` placeholders). */
const POOL_STALE = {
  why: 'the pool reclaims the connection or the worker\'s event loop closes ("Event loop is closed"), and concurrent callers share one session and its transaction',
  shared: 'pool or data source',
};
const SERVER_STALE = {
  why: 'the server expires the session ("session not found"), and concurrent callers share one session and its transaction',
  shared: 'client or driver',
};
const BROWSER_STALE = {
  why: 'the page or context may be closed or crashed, and every later caller shares its state',
  shared: 'browser',
};

const cases = {
  valid: [
    // Clients are meant to be shared, wherever they live.
    `
import { PrismaClient } from '@prisma/client';
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = (globalForPrisma.prisma ??= new PrismaClient());
`,
    `
import { Pool } from 'pg';
export const pool = new Pool();
export class Db { static pool = new Pool(); }
`,
    // A session per unit of work, released.
    `
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export async function count() {
  const session = driver.session();
  try { return await session.run('MATCH (n) RETURN count(n)'); } finally { await session.close(); }
}
`,
    // Request-scoped NestJS provider: one instance per request.
    `
import { Injectable, Scope } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
@Injectable({ scope: Scope.REQUEST })
export class UnitOfWork {
  runner: QueryRunner;
  constructor(private readonly ds: DataSource) { this.runner = ds.createQueryRunner(); }
  async close() { await this.runner.release(); }
}
`,
    // An ordinary class created per unit of work may hold its session.
    `
import { DataSource, type QueryRunner } from 'typeorm';
export class Work {
  private runner: QueryRunner;
  constructor(ds: DataSource) { this.runner = ds.createQueryRunner(); }
  async done() { await this.runner.release(); }
}
`,
  ],
  invalid: [
    {
      code: `
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export class Graph {
  static session = driver.session();
}
`,
      errors: [{ messageId: 'cachedSession' as const, line: 5, column: 3, endLine: 5, endColumn: 37 }],
    },
    {
      code: `
import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
const sessions = new Map<string, ClientSession>();
export function sessionFor(userId: string) {
  const session = client.startSession();
  sessions.set(userId, session);
  return session;
}
`,
      errors: [{ messageId: 'cachedSession' as const, line: 7, column: 3, endLine: 7, endColumn: 33 }],
    },
    {
      code: `
import { DataSource, type QueryRunner } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
let runner: QueryRunner | undefined;
export function getRunner() {
  runner ??= ds.createQueryRunner();
  return runner;
}
`,
      errors: [{ messageId: 'cachedSession' as const, line: 6, column: 3, endLine: 6, endColumn: 37 }],
    },
    {
      code: `
import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
@Injectable()
export class UsersService {
  private runner?: QueryRunner;
  constructor(private readonly ds: DataSource) {}
  async find(id: string) {
    this.runner ??= this.ds.createQueryRunner();
    return this.runner.query('select $1', [id]);
  }
}
`,
      errors: [{ messageId: 'cachedSession' as const, line: 9, column: 5, endLine: 9, endColumn: 49 }],
    },
    {
      code: `
import { chromium, type Page } from 'playwright-core';
export async function open() {
  const browser = await chromium.launch();
  (globalThis as any).page = await browser.newPage();
}
`,
      errors: [{ messageId: 'cachedSession' as const, line: 5, column: 3, endLine: 5, endColumn: 54 }],
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Module scope: module-level let/var/const, objects, Maps, Sets, arrays, lazy `??=`/`||=`
// ---------------------------------------------------------------------------------------------

const moduleInvalid: Invalid[] = [
  {
    name: 'pg: module-level let assigned in a function',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
let client: PoolClient | undefined;
export async function connect() {
  client = await pool.connect();
  return client;
}
`,
    errors: [
      {
        messageId: 'cachedSession',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 33,
        data: { resource: 'pooled client', call: 'pool.connect()', where: 'module-level variable `client`', ...POOL_STALE },
      },
    ],
  },
  {
    name: 'mysql2: module-level var assigned in a function',
    code: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ host: 'localhost' });
var conn: mysql.PoolConnection | undefined;
export async function init() {
  conn = await pool.getConnection();
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 37 }],
  },
  {
    name: 'neo4j-driver: module-level const initialised at the top level',
    code: `
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export const session = driver.session();
`,
    errors: [{ messageId: 'cachedSession', line: 4, column: 1, endLine: 4, endColumn: 41 }],
  },
  {
    name: 'pg: module-level object keyed by user',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const cache: Record<string, PoolClient> = {};
export async function clientFor(userId: string) {
  cache[userId] = await pool.connect();
  return cache[userId];
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 40 }],
  },
  {
    name: 'typeorm: module-level Map.set',
    code: `
import { DataSource, type QueryRunner } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
const runners = new Map<string, QueryRunner>();
export function runnerFor(tenant: string) {
  runners.set(tenant, ds.createQueryRunner());
  return runners.get(tenant);
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 47 }],
  },
  {
    name: 'playwright-core: module-level Set.add',
    code: `
import { chromium, type Page } from 'playwright-core';
const browser = await chromium.launch();
const open = new Set<Page>();
export async function track() {
  open.add(await browser.newPage());
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 37 }],
  },
  {
    name: 'mongodb: module-level array push',
    code: `
import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
const idle: ClientSession[] = [];
export function warm() {
  idle.push(client.startSession());
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 36 }],
  },
  {
    name: 'neo4j-driver: lazy ||= of a module-level let',
    code: `
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
let session: Session | undefined;
export function getSession() {
  session ||= driver.session();
  return session;
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 32 }],
  },
  {
    name: 'mysql2: lazy ??= of a module-level object property',
    code: `
import { createPool, type PoolConnection } from 'mysql2/promise';
const pool = createPool({ host: 'localhost' });
const state: { conn?: PoolConnection } = {};
export async function connection() {
  state.conn ??= await pool.getConnection();
  return state.conn;
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 45 }],
  },
  {
    name: 'pg: through local aliases into a module-level array',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const clients: PoolClient[] = [];
export async function borrow() {
  const client = await pool.connect();
  const same = client;
  clients.unshift(same);
  return same;
}
`,
    errors: [{ messageId: 'cachedSession', line: 8, column: 3, endLine: 8, endColumn: 25 }],
  },
  {
    name: 'mikro-orm: forked entity manager at module scope',
    code: `
import { MikroORM } from '@mikro-orm/core';
const orm = await MikroORM.init({});
export const em = orm.em.fork();
`,
    errors: [{ messageId: 'cachedSession', line: 4, column: 1, endLine: 4, endColumn: 33 }],
  },
  {
    name: 'neo4j-driver: transaction in a module-level let',
    code: `
import type { Session, Transaction } from 'neo4j-driver';
let tx: Transaction | undefined;
export function begin(session: Session) {
  tx = session.beginTransaction();
}
`,
    errors: [{ messageId: 'cachedSession', line: 5, column: 3, endLine: 5, endColumn: 35 }],
  },
  {
    name: 'playwright-core: browser context in a module-level let',
    code: `
import { chromium, type BrowserContext } from 'playwright-core';
const browser = await chromium.launch();
let context: BrowserContext | undefined;
export async function setup() {
  context = await browser.newContext();
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 40 }],
  },
  {
    name: 'puppeteer-core: page in a module-level let',
    code: `
import puppeteer, { type Page } from 'puppeteer-core';
const browser = await puppeteer.launch();
let page: Page | undefined;
export async function getPage() {
  page ??= await browser.newPage();
  return page;
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 36 }],
  },
  {
    name: 'pg: module-level Map.set inside a route handler closure',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const byRequest = new Map<string, PoolClient>();
export function register(app: { get(path: string, handler: (id: string) => Promise<void>): void }) {
  app.get('/', async (id) => {
    byRequest.set(id, await pool.connect());
  });
}
`,
    errors: [{ messageId: 'cachedSession', line: 7, column: 5, endLine: 7, endColumn: 45 }],
  },
];

const moduleValid: Valid[] = [
  {
    name: 'neo4j-driver: a local shadowing the module-level let holds a per-call session',
    code: `
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
let session: Session | undefined;
export async function count() {
  let session = driver.session();
  try { return await session.run('RETURN 1'); } finally { await session.close(); }
}
`,
  },
  {
    name: 'mongodb: sessions in a function-local Map',
    code: `
import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function run(ids: string[]) {
  const sessions = new Map<string, ClientSession>();
  for (const id of ids) sessions.set(id, client.startSession());
  for (const s of sessions.values()) await s.endSession();
}
`,
  },
  {
    name: 'clients at module scope: lazy pool, map of pools, drivers by region, browsers array',
    code: `
import { Pool } from 'pg';
import mysql from 'mysql2/promise';
import neo4j, { type Driver } from 'neo4j-driver';
import { chromium, type Browser } from 'playwright-core';
let pool: Pool | undefined;
const pools = new Map<string, mysql.Pool>();
const drivers: Record<string, Driver> = {};
const browsers: Browser[] = [];
export function getPool() {
  pool ??= new Pool();
  return pool;
}
export function tenantPool(tenant: string) {
  pools.set(tenant, mysql.createPool({ database: tenant }));
}
export function driverFor(region: string) {
  drivers[region] = neo4j.driver(\`neo4j://\${region}\`);
}
export async function launch() {
  browsers.push(await chromium.launch());
}
`,
  },
  {
    name: 'clients at module scope: top-level data source, mongo client',
    code: `
import { DataSource } from 'typeorm';
import { MongoClient } from 'mongodb';
export const ds = new DataSource({ type: 'postgres' });
export const mongo = await MongoClient.connect('mongodb://localhost');
let client: MongoClient;
export function init() {
  client = new MongoClient('mongodb://localhost');
}
`,
  },
  {
    name: 'neo4j-driver: collections received as parameters (named cache, window) are not module-level',
    code: `
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export function remember(cache: Map<string, Session>, window: Record<string, Session>, key: string) {
  cache.set(key, driver.session());
  window[key] = driver.session();
}
`,
  },
];

// ---------------------------------------------------------------------------------------------
// Static class members: static fields and collections, via `ClassName.x` or `this.x` in static code
// ---------------------------------------------------------------------------------------------

const staticInvalid: Invalid[] = [
  {
    name: 'pg: static field assigned through the class name',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
class Db {
  static client?: PoolClient;
}
export async function init() {
  Db.client = await pool.connect();
}
`,
    errors: [{ messageId: 'cachedSession', line: 8, column: 3, endLine: 8, endColumn: 36 }],
  },
  {
    name: 'typeorm: this.x in a static method',
    code: `
import type { DataSource, QueryRunner } from 'typeorm';
export class Tx {
  static runner?: QueryRunner;
  static async begin(ds: DataSource) {
    this.runner = ds.createQueryRunner();
    await this.runner.connect();
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 5, endLine: 6, endColumn: 42 }],
  },
  {
    name: 'mongodb: this.x in a static block',
    code: `
import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export class Store {
  static session: ClientSession;
  static {
    this.session = client.startSession();
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 7, column: 5, endLine: 7, endColumn: 42 }],
  },
  {
    name: 'neo4j-driver: ClassName.x in a static block',
    code: `
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export class Graph {
  static session: Session;
  static {
    Graph.session = driver.session();
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 7, column: 5, endLine: 7, endColumn: 38 }],
  },
  {
    name: 'neo4j-driver: static Map through a local variable',
    code: `
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export class Holder {
  static sessions = new Map<string, Session>();
}
export function open(k: string) {
  const s = driver.session();
  Holder.sessions.set(k, s);
  return s;
}
`,
    errors: [
      {
        messageId: 'cachedSession',
        line: 9,
        column: 3,
        endLine: 9,
        endColumn: 29,
        data: { resource: 'Neo4j session', call: 'driver.session()', where: 'static collection `Holder.sessions`', ...SERVER_STALE },
      },
    ],
  },
  {
    name: 'mongodb: per-user static map',
    code: `
import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export class SessionRegistry {
  private static readonly byUser = new Map<string, ClientSession>();
  static forUser(userId: string): ClientSession {
    let session = this.byUser.get(userId);
    if (session === undefined) {
      session = client.startSession();
      this.byUser.set(userId, session);
    }
    return session;
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 10, column: 7, endLine: 10, endColumn: 40 }],
  },
  {
    name: 'playwright-core: static array push in a static method',
    code: `
import { chromium, type Page } from 'playwright-core';
const browser = await chromium.launch();
export class Pages {
  static readonly open: Page[] = [];
  static async add() {
    this.open.push(await browser.newPage());
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 7, column: 5, endLine: 7, endColumn: 45 }],
  },
  {
    name: 'mysql2: private static field, lazy in a static method',
    code: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ host: 'localhost' });
export class Repo {
  static #conn: mysql.PoolConnection | undefined;
  static async conn() {
    Repo.#conn ??= await pool.getConnection();
    return Repo.#conn;
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 7, column: 5, endLine: 7, endColumn: 47 }],
  },
];

const staticValid: Valid[] = [
  {
    name: 'clients in static fields, a static block and a static method',
    code: `
import { DataSource } from 'typeorm';
import { MongoClient } from 'mongodb';
import { Pool } from 'pg';
import { chromium, type Browser } from 'playwright-core';
export class Db {
  static ds = new DataSource({ type: 'postgres' });
  static mongo = new MongoClient('mongodb://localhost');
  static pool: Pool;
  static browser?: Browser;
  static {
    Db.pool = new Pool();
  }
  static async launch() {
    this.browser ??= await chromium.launch();
  }
}
`,
  },
  {
    name: 'clients in static collections',
    code: `
import mysql from 'mysql2/promise';
import neo4j, { type Driver } from 'neo4j-driver';
export class Registry {
  static pools = new Map<string, mysql.Pool>();
  static drivers: Driver[] = [];
  static add(name: string) {
    const pool = mysql.createPool({ database: name });
    this.pools.set(name, pool);
    Registry.drivers.push(neo4j.driver('neo4j://localhost'));
  }
}
`,
  },
];

// ---------------------------------------------------------------------------------------------
// Globals: `globalThis`, `global`, `window` properties
// ---------------------------------------------------------------------------------------------

const globalInvalid: Invalid[] = [
  {
    name: 'typeorm: declared global var, lazy ??=',
    code: `
import { DataSource, type QueryRunner } from 'typeorm';
declare global {
  var runner: QueryRunner | undefined;
}
const ds = new DataSource({ type: 'postgres' });
export function getRunner() {
  globalThis.runner ??= ds.createQueryRunner();
  return globalThis.runner;
}
`,
    errors: [
      {
        messageId: 'cachedSession',
        line: 8,
        column: 3,
        endLine: 8,
        endColumn: 48,
        data: { resource: 'query runner', call: 'ds.createQueryRunner()', where: 'global `globalThis.runner`', ...POOL_STALE },
      },
    ],
  },
  {
    name: 'mongodb: Node global property',
    code: `
import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export function init() {
  (global as any).mongoSession = client.startSession();
}
`,
    errors: [{ messageId: 'cachedSession', line: 5, column: 3, endLine: 5, endColumn: 56 }],
  },
  {
    name: 'playwright-core: window property',
    code: `
import { chromium } from 'playwright-core';
const browser = await chromium.launch();
export async function init() {
  (window as any).page = await browser.newPage();
}
`,
    errors: [{ messageId: 'cachedSession', line: 5, column: 3, endLine: 5, endColumn: 50 }],
  },
  {
    name: 'mysql2: globalThis element access',
    code: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ host: 'localhost' });
export async function init() {
  (globalThis as any)['conn'] = await pool.getConnection();
}
`,
    errors: [{ messageId: 'cachedSession', line: 5, column: 3, endLine: 5, endColumn: 60 }],
  },
  {
    name: 'neo4j-driver: global through a local variable',
    code: `
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export function init() {
  const session = driver.session();
  (globalThis as any).neo4jSession = session;
}
`,
    errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 46 }],
  },
];

const globalValid: Valid[] = [
  {
    name: 'clients in globals: prisma, mongo, browser, pool',
    code: `
import { PrismaClient } from '@prisma/client';
import { MongoClient } from 'mongodb';
import { chromium } from 'playwright-core';
import { Pool } from 'pg';
declare global {
  var prisma: PrismaClient | undefined;
}
export const prisma = (globalThis.prisma ??= new PrismaClient());
(global as any).mongo = new MongoClient('mongodb://localhost');
export async function init() {
  (window as any).browser = await chromium.launch();
  (globalThis as any)['pool'] = new Pool();
}
`,
  },
];

// ---------------------------------------------------------------------------------------------
// Singletons: NestJS default-scope providers/controllers/resolvers, Angular root services,
// classes instantiated once at module scope of their file
// ---------------------------------------------------------------------------------------------

const singletonInvalid: Invalid[] = [
  {
    name: 'di: tsyringe @singleton(), constructor store',
    code: `
import { singleton } from 'tsyringe';
import type { Driver, Session } from 'neo4j-driver';
@singleton()
export class GraphRepository {
  private readonly session: Session;
  constructor(driver: Driver) {
    this.session = driver.session();
  }
}
`,
    errors: [
      {
        messageId: 'cachedSession',
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 37,
        data: { resource: 'Neo4j session', call: 'driver.session()', where: 'field `session` of tsyringe singleton `GraphRepository`', ...SERVER_STALE },
      },
    ],
  },
  {
    name: 'di: TypeDI @Service() (one per container), lazy in a method',
    code: `
import { Service } from 'typedi';
import { Pool, type PoolClient } from 'pg';
@Service()
export class ReportsService {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async report() {
    this.client ??= await this.pool.connect();
    return this.client.query('SELECT 1');
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 9, column: 5, endLine: 9, endColumn: 47 }],
  },
  {
    name: "di: InversifyJS @injectable('Singleton'), field initializer",
    code: `
import { injectable } from 'inversify';
import { DataSource } from 'typeorm';
@injectable('Singleton')
export class OrdersRepo {
  constructor(private readonly ds: DataSource) {}
  private readonly runner = this.ds.createQueryRunner();
}
`,
    errors: [{ messageId: 'cachedSession', line: 7, column: 3, endLine: 7, endColumn: 57 }],
  },
  {
    name: 'nest: Injectable, constructor store through parameter property',
    code: `
import { Injectable } from '@nestjs/common';
import type { Driver, Session } from 'neo4j-driver';
@Injectable()
export class GraphService {
  private readonly session: Session;
  constructor(private readonly driver: Driver) {
    this.session = this.driver.session();
  }
}
`,
    errors: [
      {
        messageId: 'cachedSession',
        line: 8,
        column: 5,
        endLine: 8,
        endColumn: 42,
        data: { resource: 'Neo4j session', call: 'this.driver.session()', where: 'field `session` of NestJS provider `GraphService`', ...SERVER_STALE },
      },
    ],
  },
  {
    name: 'nest: Injectable, field initializer',
    code: `
import { Injectable } from '@nestjs/common';
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
@Injectable()
export class GraphService {
  private readonly session = driver.session();
}
`,
    errors: [{ messageId: 'cachedSession', line: 7, column: 3, endLine: 7, endColumn: 47 }],
  },
  {
    name: 'nest: Injectable, field initializer via parameter property',
    code: `
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
@Injectable()
export class UsersRepo {
  constructor(private readonly ds: DataSource) {}
  private readonly runner = this.ds.createQueryRunner();
}
`,
    errors: [{ messageId: 'cachedSession', line: 7, column: 3, endLine: 7, endColumn: 57 }],
  },
  {
    name: 'nest: Injectable scope DEFAULT, lazy in a method (pg)',
    code: `
import { Injectable, Scope } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
@Injectable({ scope: Scope.DEFAULT })
export class ReportsService {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async report() {
    this.client ??= await this.pool.connect();
    return this.client.query('SELECT 1');
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 9, column: 5, endLine: 9, endColumn: 47 }],
  },
  {
    name: 'nest: Controller, lazy in a method (mysql2)',
    code: `
import { Controller, Get } from '@nestjs/common';
import type { Pool, PoolConnection } from 'mysql2/promise';
@Controller('users')
export class UsersController {
  private conn?: PoolConnection;
  constructor(private readonly pool: Pool) {}
  @Get()
  async list() {
    this.conn = this.conn ?? (await this.pool.getConnection());
    return this.conn.query('SELECT * FROM users');
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 10, column: 5, endLine: 10, endColumn: 64 }],
  },
  {
    name: 'nest: Resolver, constructor store (mongodb)',
    code: `
import { Resolver } from '@nestjs/graphql';
import { MongoClient, type ClientSession } from 'mongodb';
@Resolver()
export class UsersResolver {
  private session: ClientSession;
  constructor(client: MongoClient) {
    this.session = client.startSession();
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 8, column: 5, endLine: 8, endColumn: 42 }],
  },
  {
    name: 'nest: Controller with options object in default scope (playwright page)',
    code: `
import { Controller } from '@nestjs/common';
import type { Browser, Page } from 'playwright-core';
@Controller({ path: 'screenshots' })
export class ScreenshotController {
  private page?: Page;
  constructor(private readonly browser: Browser) {}
  async shoot() {
    this.page ??= await this.browser.newPage();
    return this.page.screenshot();
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 9, column: 5, endLine: 9, endColumn: 48 }],
  },
  {
    name: 'nest: provider through a local variable',
    code: `
import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
@Injectable()
export class TxService {
  private runner?: QueryRunner;
  constructor(private readonly ds: DataSource) {}
  async begin() {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    this.runner = runner;
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 11, column: 5, endLine: 11, endColumn: 26 }],
  },
  {
    name: 'nest: provider per-user map field',
    code: `
import { Injectable } from '@nestjs/common';
import type { Driver, Session } from 'neo4j-driver';
@Injectable()
export class SessionsService {
  private readonly byUser = new Map<string, Session>();
  constructor(private readonly driver: Driver) {}
  forUser(userId: string) {
    if (!this.byUser.has(userId)) this.byUser.set(userId, this.driver.session());
    return this.byUser.get(userId)!;
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 9, column: 5, endLine: 9, endColumn: 82 }],
  },
  {
    name: 'module singleton: export const service = new Service()',
    code: `
import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
class AuditService {
  private readonly session: ClientSession;
  constructor() {
    this.session = client.startSession();
  }
}
export const service = new AuditService();
`,
    errors: [
      {
        messageId: 'cachedSession',
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 42,
        data: { resource: 'MongoDB session', call: 'client.startSession()', where: 'field `session` of module-level singleton `AuditService`', ...SERVER_STALE },
      },
    ],
  },
  {
    name: 'module singleton: export default new Service(), lazy',
    code: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ host: 'localhost' });
class Repo {
  private conn?: mysql.PoolConnection;
  async query(sql: string) {
    this.conn ??= await pool.getConnection();
    return this.conn.query(sql);
  }
}
export default new Repo();
`,
    errors: [{ messageId: 'cachedSession', line: 7, column: 5, endLine: 7, endColumn: 46 }],
  },
  {
    name: 'module singleton: field initializer',
    code: `
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
class Graph {
  session = driver.session();
}
export const graph = new Graph();
`,
    errors: [{ messageId: 'cachedSession', line: 5, column: 3, endLine: 5, endColumn: 30 }],
  },
  {
    name: 'angular: providedIn root, lazy',
    code: `
import { Injectable } from '@angular/core';
import type { Browser, Page } from 'playwright-core';
@Injectable({ providedIn: 'root' })
export class PageService {
  private page?: Page;
  constructor(private readonly browser: Browser) {}
  async current() {
    this.page ??= await this.browser.newPage();
    return this.page;
  }
}
`,
    errors: [
      {
        messageId: 'cachedSession',
        line: 9,
        column: 5,
        endLine: 9,
        endColumn: 48,
        data: { resource: 'page', call: 'this.browser.newPage()', where: 'field `page` of Angular root service `PageService`', ...BROWSER_STALE },
      },
    ],
  },
  {
    name: 'angular: providedIn platform, constructor',
    code: `
import { Injectable } from '@angular/core';
import { MongoClient, type ClientSession } from 'mongodb';
@Injectable({ providedIn: 'platform' })
export class SessionService {
  session: ClientSession;
  constructor(client: MongoClient) {
    this.session = client.startSession();
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 8, column: 5, endLine: 8, endColumn: 42 }],
  },
  {
    name: 'nest: object keyed by user in a provider field',
    code: `
import { Injectable } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
@Injectable()
export class ClientsService {
  private readonly clients: Record<string, PoolClient> = {};
  constructor(private readonly pool: Pool) {}
  async forUser(userId: string) {
    this.clients[userId] ??= await this.pool.connect();
    return this.clients[userId];
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 9, column: 5, endLine: 9, endColumn: 56 }],
  },
  {
    name: 'di: InversifyJS binding in the same file, `bind(X).toSelf().inSingletonScope()` and `bind(id).to(X).inSingletonScope()` in a ContainerModule',
    code: `
import { Container, ContainerModule, injectable } from 'inversify';
import type { Driver, Session } from 'neo4j-driver';
import { DataSource, type QueryRunner } from 'typeorm';
@injectable()
export class GraphRepository {
  private readonly session: Session;
  constructor(driver: Driver) {
    this.session = driver.session();
  }
  async close() { await this.session.close(); }
}
@injectable()
export class OrdersRepository {
  private runner?: QueryRunner;
  constructor(private readonly ds: DataSource) {}
  find() {
    this.runner ??= this.ds.createQueryRunner();
    return this.runner.query('SELECT 1');
  }
}
export const container = new Container();
container.bind(GraphRepository).toSelf().inSingletonScope();
export const orders = new ContainerModule((options) => {
  options.bind<OrdersRepository>(Symbol.for('Orders')).to(OrdersRepository).inSingletonScope();
});
`,
    errors: [
      { messageId: 'cachedSession', line: 9, data: { resource: 'Neo4j session', call: 'driver.session()', where: 'field `session` of InversifyJS singleton `GraphRepository`', ...SERVER_STALE } },
      { messageId: 'cachedSession', line: 18 },
    ],
  },
  {
    name: 'di: tsyringe bindings in the same file, `registerSingleton(X)`, `registerSingleton(token, X)` and `register(token, { useClass: X }, { lifecycle: Lifecycle.Singleton })`',
    code: `
import { container, injectable, Lifecycle } from 'tsyringe';
import type { Driver, Session } from 'neo4j-driver';
import { Pool, type PoolClient } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
@injectable()
export class GraphRepository {
  private readonly session: Session;
  constructor(driver: Driver) { this.session = driver.session(); }
}
@injectable()
export class ReportsRepository {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async report() {
    this.client ??= await this.pool.connect();
    return this.client.query('SELECT 1');
  }
}
@injectable()
export class OrdersRepository {
  private readonly runner: QueryRunner;
  constructor(ds: DataSource) { this.runner = ds.createQueryRunner(); }
}
container.registerSingleton(GraphRepository);
container.registerSingleton('Reports', ReportsRepository);
const singleton = { lifecycle: Lifecycle.Singleton };
container.register('Orders', { useClass: OrdersRepository }, singleton);
`,
    errors: [
      { messageId: 'cachedSession', line: 9, data: { resource: 'Neo4j session', call: 'driver.session()', where: 'field `session` of tsyringe singleton `GraphRepository`', ...SERVER_STALE } },
      { messageId: 'cachedSession', line: 16 },
      { messageId: 'cachedSession', line: 23 },
    ],
  },
];

const singletonValid: Valid[] = [
  {
    name: 'di: tsyringe @injectable(), TypeDI transient service, InversifyJS @injectable() and Request scope make instances per use',
    code: `
import { injectable as tsyringeInjectable } from 'tsyringe';
import { Service } from 'typedi';
import { injectable } from 'inversify';
import type { Driver, Session } from 'neo4j-driver';
import { Pool, type PoolClient } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
@tsyringeInjectable()
export class GraphWork {
  private readonly session: Session;
  constructor(driver: Driver) {
    this.session = driver.session();
  }
  async close() { await this.session.close(); }
}
@Service({ transient: true })
export class ReportWork {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async run() {
    this.client ??= await this.pool.connect();
    return this.client.query('SELECT 1');
  }
  close() { this.client?.release(); }
}
@injectable()
export class OrdersWork {
  private readonly runner: QueryRunner;
  constructor(ds: DataSource) {
    this.runner = ds.createQueryRunner();
  }
  async close() { await this.runner.release(); }
}
@injectable('Request')
export class TenantWork {
  constructor(private readonly ds: DataSource) {}
  private readonly runner = this.ds.createQueryRunner();
  async close() { await this.runner.release(); }
}
`,
  },
  {
    name: 'di: container bindings that make an instance per resolution or per container (InversifyJS default, transient and request scope; tsyringe `register` without a lifecycle or `ContainerScoped`), and a singleton binding of a class that keeps only a pool',
    code: `
import { Container, injectable } from 'inversify';
import { container as tsyringe, injectable as tsyringeInjectable, Lifecycle } from 'tsyringe';
import type { Driver, Session } from 'neo4j-driver';
import { Pool, type PoolClient } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
@injectable()
export class GraphWork {
  private readonly session: Session;
  constructor(driver: Driver) { this.session = driver.session(); }
  async close() { await this.session.close(); }
}
@injectable()
export class OrdersWork {
  private readonly runner: QueryRunner;
  constructor(ds: DataSource) { this.runner = ds.createQueryRunner(); }
  async close() { await this.runner.release(); }
}
@injectable()
export class TenantWork {
  private readonly runner: QueryRunner;
  constructor(ds: DataSource) { this.runner = ds.createQueryRunner(); }
  async close() { await this.runner.release(); }
}
@tsyringeInjectable()
export class ReportWork {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async run() {
    this.client ??= await this.pool.connect();
    return this.client.query('SELECT 1');
  }
  close() { this.client?.release(); }
}
@tsyringeInjectable()
export class RequestWork {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async run() { this.client ??= await this.pool.connect(); }
  close() { this.client?.release(); }
}
@injectable()
export class PoolHolder {
  readonly pool = new Pool();
  async query(sql: string) { return this.pool.query(sql); }
}
const container = new Container();
container.bind(GraphWork).toSelf();
container.bind(OrdersWork).toSelf().inTransientScope();
container.bind('Tenant').to(TenantWork).inRequestScope();
container.bind(PoolHolder).toSelf().inSingletonScope();
tsyringe.register('Reports', { useClass: ReportWork });
tsyringe.register('Requests', { useClass: RequestWork }, { lifecycle: Lifecycle.ContainerScoped });
`,
  },
  {
    name: 'di: a method named like a container binding on a library that is not a container (`registerSingleton`, `inSingletonScope` of a project class)',
    code: `
import type { Driver, Session } from 'neo4j-driver';
class Registry {
  registerSingleton(type: new (...args: never[]) => unknown) { return type; }
  bind(type: unknown) { return { toSelf: () => ({ inSingletonScope: () => type }) }; }
}
export class GraphWork {
  private readonly session: Session;
  constructor(driver: Driver) { this.session = driver.session(); }
  async close() { await this.session.close(); }
}
const registry = new Registry();
registry.registerSingleton(GraphWork);
registry.bind(GraphWork).toSelf().inSingletonScope();
`,
  },
  {
    name: 'nest: transient provider',
    code: `
import { Injectable, Scope } from '@nestjs/common';
import type { Driver, Session } from 'neo4j-driver';
@Injectable({ scope: Scope.TRANSIENT })
export class GraphWork {
  private readonly session: Session;
  constructor(driver: Driver) {
    this.session = driver.session();
  }
  async close() { await this.session.close(); }
}
`,
  },
  {
    name: 'nest: durable request-scoped provider',
    code: `
import { Injectable, Scope } from '@nestjs/common';
import { Pool, type PoolClient } from 'pg';
@Injectable({ scope: Scope.REQUEST, durable: true })
export class TenantWork {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async run() {
    this.client ??= await this.pool.connect();
    return this.client.query('SELECT 1');
  }
  async close() { this.client?.release(); }
}
`,
  },
  {
    name: 'nest: request-scoped controller',
    code: `
import { Controller, Scope } from '@nestjs/common';
import type { Pool, PoolConnection } from 'mysql2/promise';
@Controller({ path: 'users', scope: Scope.REQUEST })
export class UsersController {
  private conn?: PoolConnection;
  constructor(private readonly pool: Pool) {}
  async list() {
    this.conn ??= await this.pool.getConnection();
    return this.conn.query('SELECT 1');
  }
  async close() { this.conn?.release(); }
}
`,
  },
  {
    name: 'nest: clients in a default-scope provider',
    code: `
import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
import neo4j from 'neo4j-driver';
import { MongoClient } from 'mongodb';
import { DataSource } from 'typeorm';
@Injectable()
export class DbService {
  private readonly pool: Pool;
  private readonly driver = neo4j.driver('neo4j://localhost');
  private readonly ds = new DataSource({ type: 'postgres' });
  private mongo?: MongoClient;
  constructor() {
    this.pool = new Pool();
  }
  async mongoClient() {
    this.mongo ??= await MongoClient.connect('mongodb://localhost');
    return this.mongo;
  }
}
`,
  },
  {
    name: 'module singleton holding clients',
    code: `
import { Pool } from 'pg';
import { chromium, type Browser } from 'playwright-core';
class Infra {
  pool = new Pool();
  browser?: Browser;
  async start() {
    this.browser ??= await chromium.launch();
  }
}
export const infra = new Infra();
`,
  },
  {
    name: 'pg: ordinary class instantiated per call holds its session',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
class Work {
  client?: PoolClient;
  async start() { this.client = await pool.connect(); }
  async done() { this.client?.release(); }
}
export async function handle() {
  const work = new Work();
  await work.start();
  await work.done();
}
`,
  },
  {
    name: 'angular: root service holding a browser',
    code: `
import { Injectable } from '@angular/core';
import { chromium, type Browser } from 'playwright-core';
@Injectable({ providedIn: 'root' })
export class BrowserService {
  private browser?: Browser;
  async get() {
    this.browser ??= await chromium.launch();
    return this.browser;
  }
}
`,
  },
  {
    name: 'angular: Injectable without providedIn',
    code: `
import { Injectable } from '@angular/core';
import type { Browser, Page } from 'playwright-core';
@Injectable()
export class PageHolder {
  private page?: Page;
  constructor(private readonly browser: Browser) {}
  async open() { this.page = await this.browser.newPage(); }
  async close() { await this.page?.close(); }
}
`,
  },
];

// ---------------------------------------------------------------------------------------------
// Project functions: session factories in the same file (typed and untyped)
// ---------------------------------------------------------------------------------------------

const factoryInvalid: Invalid[] = [
  {
    name: 'pg: same-file session factory into a module-level let',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function checkout() {
  return pool.connect();
}
let shared: PoolClient | undefined;
export async function init() {
  shared = await checkout();
}
`,
    errors: [{ messageId: 'cachedSession', line: 9, column: 3, endLine: 9, endColumn: 29 }],
  },
  {
    name: 'typeorm: same-file factory through a local into a static map',
    code: `
import { DataSource, type QueryRunner } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
function newRunner() {
  const runner = ds.createQueryRunner();
  return runner;
}
export class Runners {
  static byTenant = new Map<string, QueryRunner>();
}
export function forTenant(tenant: string) {
  const runner = newRunner();
  Runners.byTenant.set(tenant, runner);
}
`,
    errors: [{ messageId: 'cachedSession', line: 13, column: 3, endLine: 13, endColumn: 40 }],
  },
  {
    name: 'nest: method factory this.open() into singleton field',
    code: `
import { Injectable } from '@nestjs/common';
import type { Driver, Session } from 'neo4j-driver';
@Injectable()
export class GraphService {
  private session?: Session;
  constructor(private readonly driver: Driver) {}
  private open() {
    return this.driver.session();
  }
  current() {
    this.session ??= this.open();
    return this.session;
  }
}
`,
    errors: [{ messageId: 'cachedSession', line: 12, column: 5, endLine: 12, endColumn: 34 }],
  },
];

const factoryValid: Valid[] = [
  {
    name: 'clients through factories, same file and other file',
    code: `
import { Pool } from 'pg';
import { connectDriver } from './cached-session-factories.js';
function makePool() {
  return new Pool();
}
export const pool = makePool();
export const driver = connectDriver('neo4j://localhost');
(globalThis as any).driver ??= connectDriver('neo4j://localhost');
`,
  },
  {
    name: 'pg: session used and released, never stored',
    code: `
import { Pool } from 'pg';
const pool = new Pool();
const log: string[] = [];
export async function run() {
  const client = await pool.connect();
  try {
    log.push(String(client));
    return await client.query('SELECT 1');
  } finally {
    client.release();
  }
}
`,
  },
];

// fixtures/cached-session-factories.ts: `openSession(driver)` returns `driver.session()`,
// `connectDriver(url)` returns `neo4j.driver(url)`. Only a typed run sees into another file.
const CROSS_FILE_MODULE_LET = `
import neo4j, { type Session } from 'neo4j-driver';
import { openSession } from './cached-session-factories.js';
const driver = neo4j.driver('neo4j://localhost');
let current: Session | undefined;
export function init() {
  current = openSession(driver);
}
`;
const CROSS_FILE_STATIC_FIELD = `
import neo4j from 'neo4j-driver';
import { openSession } from './cached-session-factories.js';
const driver = neo4j.driver('neo4j://localhost');
export class Graph {
  static session = openSession(driver);
}
`;

typed.run('no-cached-session (typed)', rule, {
  valid: [...cases.valid, ...moduleValid, ...staticValid, ...globalValid, ...singletonValid, ...factoryValid],
  invalid: [
    ...cases.invalid,
    ...moduleInvalid,
    ...staticInvalid,
    ...globalInvalid,
    ...singletonInvalid,
    ...factoryInvalid,
    {
      name: 'neo4j-driver (typed only): cross-file session factory into a module-level let',
      code: CROSS_FILE_MODULE_LET,
      errors: [{ messageId: 'cachedSession', line: 7, column: 3, endLine: 7, endColumn: 33 }],
    },
    {
      name: 'neo4j-driver (typed only): cross-file session factory into a static field',
      code: CROSS_FILE_STATIC_FIELD,
      errors: [{ messageId: 'cachedSession', line: 6, column: 3, endLine: 6, endColumn: 40 }],
    },
  ],
});

untyped.run('no-cached-session (untyped)', rule, {
  valid: [
    ...cases.valid,
    ...moduleValid,
    ...staticValid,
    ...globalValid,
    ...singletonValid,
    ...factoryValid,
    // Without types, a factory in another file is an unknown call.
    { name: 'neo4j-driver (untyped): cross-file factory into a module-level let is unknown', code: CROSS_FILE_MODULE_LET },
    { name: 'neo4j-driver (untyped): cross-file factory into a static field is unknown', code: CROSS_FILE_STATIC_FIELD },
  ],
  invalid: [...cases.invalid, ...moduleInvalid, ...staticInvalid, ...globalInvalid, ...singletonInvalid, ...factoryInvalid],
});
