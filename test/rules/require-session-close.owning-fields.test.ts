/**
 * `require-session-close`, owning fields: a session stored in an instance field of an ordinary
 * (non-singleton) class is owned by the class. It is reported at the storing statement
 * (`fieldNeverReleased`) unless some method of the class releases the field: the catalog release
 * method on `this.field` (also `?.`, `!`), `this.field[Symbol.asyncDispose]()`, a configured or
 * project closer (see the regressions file), or a local read from the field and released. Fields of singletons and module-level stores are
 * `no-cached-session`'s. The tables run typed (fixtures project) and untyped.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageId } from '../../rules/require-session-close.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

type Invalid = InvalidTestCase<MessageId, []>;
type Valid = ValidTestCase<[]>;

const typed = createRuleTesterWithTypes();
const untyped = createRuleTesterUntyped();

const invalid: Invalid[] = [
  {
    name: 'typeorm: constructor store, no method releases',
    code: `
import type { DataSource, QueryRunner } from 'typeorm';
export class Importer {
  private readonly runner: QueryRunner;
  constructor(ds: DataSource) {
    this.runner = ds.createQueryRunner();
  }
  async run(sql: string) {
    return this.runner.query(sql);
  }
}
`,
    errors: [
      {
        messageId: 'fieldNeverReleased',
        line: 6,
        column: 5,
        endLine: 6,
        endColumn: 42,
        data: { resource: 'query runner', where: 'field `runner` of `Importer`', className: 'Importer', field: 'runner', release: 'release' },
      },
    ],
  },
  {
    name: 'neo4j-driver: field initializer, no method releases',
    code: `
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export class GraphQuery {
  private readonly session = driver.session();
  async count() {
    return this.session.run('MATCH (n) RETURN count(n)');
  }
}
`,
    errors: [{ messageId: 'fieldNeverReleased', line: 5, column: 3, endLine: 5, endColumn: 47 }],
  },
  {
    name: 'knex: the field holds the promise of a transaction, which methods only await and query',
    code: `
import knex, { type Knex } from 'knex';
const db = knex({ client: 'pg' });
export class ImportSession {
  private readonly trx: Promise<Knex.Transaction>;
  constructor() {
    this.trx = db.transaction();
  }
  async add(row: object) {
    const trx = await this.trx;
    await trx('rows').insert(row);
  }
  count() {
    return this.trx.then((trx) => trx('rows').count());
  }
}
`,
    errors: [{ messageId: 'fieldNeverReleased', line: 7 }],
  },
  {
    name: 'pg: lazy ??= in a method, no method releases',
    code: `
import type { Pool, PoolClient } from 'pg';
export class Batch {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async add(sql: string) {
    this.client ??= await this.pool.connect();
    await this.client.query(sql);
  }
}
`,
    errors: [{ messageId: 'fieldNeverReleased', line: 7, column: 5, endLine: 7, endColumn: 47 }],
  },
  {
    name: 'mongodb: through a local variable, no method releases',
    code: `
import type { ClientSession, MongoClient } from 'mongodb';
export class UnitOfWork {
  private session?: ClientSession;
  constructor(private readonly client: MongoClient) {}
  start() {
    const session = this.client.startSession();
    session.startTransaction();
    this.session = session;
  }
}
`,
    errors: [{ messageId: 'fieldNeverReleased', line: 9, column: 5, endLine: 9, endColumn: 28 }],
  },
  {
    name: 'mysql2: releases another field only',
    code: `
import type { Pool, PoolConnection } from 'mysql2/promise';
export class Copier {
  private source?: PoolConnection;
  private target?: PoolConnection;
  constructor(private readonly pool: Pool) {}
  async open() {
    this.source = await this.pool.getConnection();
    this.target = await this.pool.getConnection();
  }
  close() {
    this.source?.release();
  }
}
`,
    errors: [{ messageId: 'fieldNeverReleased', line: 9, column: 5, endLine: 9, endColumn: 51 }],
  },
  {
    name: 'playwright-core: private # field, page never closed',
    code: `
import type { Browser, Page } from 'playwright-core';
export class Crawler {
  #page?: Page;
  constructor(private readonly browser: Browser) {}
  async visit(url: string) {
    this.#page = await this.browser.newPage();
    await this.#page.goto(url);
  }
}
`,
    errors: [{ messageId: 'fieldNeverReleased', line: 7, column: 5, endLine: 7, endColumn: 47 }],
  },
  {
    name: 'neo4j-driver: transaction in a field, never committed',
    code: `
import type { Session, Transaction } from 'neo4j-driver';
export class Writer {
  private tx?: Transaction;
  constructor(private readonly session: Session) {}
  begin() {
    this.tx = this.session.beginTransaction();
  }
}
`,
    errors: [
      {
        messageId: 'fieldNeverReleased',
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 47,
        data: { resource: 'transaction', where: 'field `tx` of `Writer`', className: 'Writer', field: 'tx', release: 'commit' },
      },
    ],
  },
  {
    name: 'pg: release method referenced, not called',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export class Job {
  client?: PoolClient;
  async start() {
    this.client = await pool.connect();
  }
  done() {
    return this.client?.release;
  }
}
`,
    errors: [{ messageId: 'fieldNeverReleased', line: 7, column: 5, endLine: 7, endColumn: 40 }],
  },
  {
    name: 'mongodb: wrong method called (close instead of endSession)',
    code: `
import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export class Audit {
  session = client.startSession();
  async close() {
    await client.close();
  }
}
`,
    errors: [{ messageId: 'fieldNeverReleased', line: 5, column: 3, endLine: 5, endColumn: 35 }],
  },
  {
    name: 'neo4j-driver: anonymous class expression, no method releases',
    code: `
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export const Query = class {
  session = driver.session();
};
`,
    errors: [
      {
        messageId: 'fieldNeverReleased',
        line: 5,
        column: 3,
        endLine: 5,
        endColumn: 30,
        data: {
          resource: 'Neo4j session',
          where: 'field `session` of `(anonymous class)`',
          className: '(anonymous class)',
          field: 'session',
          release: 'close',
        },
      },
    ],
  },
  {
    name: 'typeorm: passed to a function that is not a configured closer',
    code: `
import type { DataSource, QueryRunner } from 'typeorm';
import { safeClose } from './closers.js';
export class Importer {
  private readonly runner: QueryRunner;
  constructor(ds: DataSource) {
    this.runner = ds.createQueryRunner();
  }
  async close() {
    await safeClose(this.runner);
  }
}
`,
    errors: [{ messageId: 'fieldNeverReleased', line: 7, column: 5, endLine: 7, endColumn: 42 }],
  },
];

const valid: Valid[] = [
  {
    name: 'knex: the field holds the promise of a transaction (a constructor cannot await), finished through `await this.trx`, `(await this.trx).rollback()` and `this.trx.then((t) => t.commit())`',
    code: `
import knex, { type Knex } from 'knex';
const db = knex({ client: 'pg' });
export class ImportSession {
  private readonly trx: Promise<Knex.Transaction>;
  constructor() {
    this.trx = db.transaction();
  }
  async finish() {
    const trx = await this.trx;
    await trx.commit();
  }
}
export class Rollback {
  private readonly trx: Promise<Knex.Transaction> = db.transaction();
  async abort() {
    await (await this.trx).rollback();
  }
}
export class Chained {
  private readonly trx: Promise<Knex.Transaction>;
  constructor() {
    this.trx = db.transaction();
  }
  finish() {
    return this.trx.then((t) => t.commit());
  }
}
`,
  },
  {
    name: 'typeorm: close() releases',
    code: `
import type { DataSource, QueryRunner } from 'typeorm';
export class Importer {
  private readonly runner: QueryRunner;
  constructor(ds: DataSource) {
    this.runner = ds.createQueryRunner();
  }
  async run(sql: string) {
    return this.runner.query(sql);
  }
  async close() {
    await this.runner.release();
  }
}
`,
  },
  {
    name: 'pg: optional-chained release',
    code: `
import type { Pool, PoolClient } from 'pg';
export class Batch {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async add(sql: string) {
    this.client ??= await this.pool.connect();
    await this.client.query(sql);
  }
  end() {
    this.client?.release();
    this.client = undefined;
  }
}
`,
  },
  {
    name: 'playwright-core: Symbol.asyncDispose',
    code: `
import type { Browser, Page } from 'playwright-core';
export class Crawler {
  private page?: Page;
  constructor(private readonly browser: Browser) {}
  async visit(url: string) {
    this.page = await this.browser.newPage();
    await this.page.goto(url);
  }
  async [Symbol.asyncDispose]() {
    await this.page?.[Symbol.asyncDispose]();
  }
}
`,
  },
  {
    name: 'mongodb: alias read into a local and released',
    code: `
import type { ClientSession, MongoClient } from 'mongodb';
export class UnitOfWork {
  private session?: ClientSession;
  constructor(private readonly client: MongoClient) {}
  start() {
    this.session = this.client.startSession();
  }
  async finish() {
    const session = this.session;
    if (session !== undefined) await session.endSession();
  }
}
`,
  },
  {
    name: 'mysql2: second release method destroy',
    code: `
import type { Pool, PoolConnection } from 'mysql2/promise';
export class Exporter {
  private conn?: PoolConnection;
  constructor(private readonly pool: Pool) {}
  async open() {
    this.conn = await this.pool.getConnection();
  }
  abort() {
    this.conn?.destroy();
  }
}
`,
  },
  {
    name: 'neo4j-driver: field initializer, asyncDispose method closes',
    code: `
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export class GraphQuery {
  private readonly session = driver.session();
  async [Symbol.asyncDispose]() {
    await this.session.close();
  }
}
`,
  },
  {
    name: 'neo4j-driver: transaction committed',
    code: `
import type { Session, Transaction } from 'neo4j-driver';
export class Writer {
  private tx?: Transaction;
  constructor(private readonly session: Session) {}
  begin() {
    this.tx = this.session.beginTransaction();
  }
  async commit() {
    await this.tx!.commit();
  }
}
`,
  },
  {
    name: 'playwright-core: private # field closed',
    code: `
import type { Browser, Page } from 'playwright-core';
export class Crawler {
  #page?: Page;
  constructor(private readonly browser: Browser) {}
  async visit(url: string) {
    this.#page = await this.browser.newPage();
  }
  async close() {
    await this.#page?.close();
  }
}
`,
  },
  {
    name: 'mikro-orm: forked em has no release',
    code: `
import { MikroORM, type EntityManager } from '@mikro-orm/core';
const orm = await MikroORM.init({});
export class Work {
  em: EntityManager = orm.em.fork();
}
`,
  },
  {
    name: 'neo4j-driver: a NestJS provider field is no-cached-session\'s, not an owning field',
    code: `
import { Injectable } from '@nestjs/common';
import type { Driver, Session } from 'neo4j-driver';
@Injectable()
export class GraphService {
  private readonly session: Session;
  constructor(driver: Driver) {
    this.session = driver.session();
  }
}
`,
  },
  {
    name: 'pg: a module-level store is no-cached-session\'s, not an owning field',
    code: `
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
let client: PoolClient | undefined;
export async function connect() {
  client = await pool.connect();
}
`,
  },
  {
    name: 'pg, playwright-core: client fields are not owned sessions',
    code: `
import { Pool } from 'pg';
import { chromium, type Browser } from 'playwright-core';
export class Infra {
  pool = new Pool();
  browser?: Browser;
  async start() {
    this.browser = await chromium.launch();
  }
}
`,
  },
  {
    name: 'typeorm: released through a configured closer',
    code: `
import type { DataSource, QueryRunner } from 'typeorm';
import { safeClose } from './closers.js';
export class Importer {
  private readonly runner: QueryRunner;
  constructor(ds: DataSource) {
    this.runner = ds.createQueryRunner();
  }
  async close() {
    await safeClose(this.runner);
  }
}
`,
    settings: { 'session-leaks': { closers: ['safeClose'] } },
  },
];

typed.run('require-session-close (typed): owning fields', rule, { valid, invalid });
untyped.run('require-session-close (untyped): owning fields', rule, { valid, invalid });
