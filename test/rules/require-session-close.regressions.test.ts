/**
 * Regression cases for require-session-close fixes: mongoose `Model.startSession()` in typed mode,
 * fluent opener chains, Playwright pages released through their parent, collection fields owned by a
 * class, never-committed transactions (try/catch suggestion), `return await` in the try/finally
 * suggestion, Prisma through a namespace import, setup calls before the try, catalog calls and
 * project factories under another local name (renamed and default imports), and mysql2's callback form.
 * Typed cases are linted as fixtures/file.ts inside the fixtures project.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageId, type Options } from '../../rules/require-session-close.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageId, Options>;

/** Valid in both modes. */
const valid: Valid[] = [
  {
    name: 'regression 2: mongoose `createConnection(uri).asPromise()` closed in finally',
    code: `import mongoose from "mongoose";

export async function ping(uri: string) {
  const conn = await mongoose.createConnection(uri).asPromise();
  try {
    await conn.db?.admin().ping();
  } finally {
    await conn.close();
  }
}
`,
  },
  {
    name: 'regression 2: redis `createClient().on("error", h).connect()` quit in finally',
    code: `import { createClient } from "redis";

export async function readKey(key: string, onError: (error: Error) => void) {
  const client = await createClient().on("error", onError).connect();
  try {
    return await client.get(key);
  } finally {
    await client.quit();
  }
}
`,
  },
  {
    name: 'regression 2: typeorm `new DataSource({...}).initialize()` destroyed in finally',
    code: `import { DataSource } from "typeorm";

export async function countUsers() {
  const ds = await new DataSource({ type: "postgres", url: process.env.DATABASE_URL }).initialize();
  try {
    return await ds.query("SELECT count(*) FROM users");
  } finally {
    await ds.destroy();
  }
}
`,
  },
  {
    name: 'regression 3a: playwright page released by its `await using` browser',
    code: `import { chromium } from "playwright-core";

export async function title(url: string) {
  await using browser = await chromium.launch();
  const page = await browser.newPage();
  await page.goto(url);
  return await page.title();
}
`,
  },
  {
    name: 'regression 3b: playwright browser → context → page, only `browser.close()` in finally',
    code: `import { chromium } from "playwright-core";

export async function title(url: string) {
  const browser = await chromium.launch();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    return await page.title();
  } finally {
    await browser.close();
  }
}
`,
  },
  {
    name: 'regression 3c: playwright browser closed through a local `shutdown(browser)` in finally',
    code: `import { chromium, type Browser } from "playwright-core";

async function shutdown(b: Browser) {
  await b.close();
}

export async function title(url: string) {
  const browser = await chromium.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.title();
  } finally {
    await shutdown(browser);
  }
}
`,
  },
  {
    name: 'regression 3d: playwright browser closed through the `safeClose` closer setting',
    settings: { 'session-leaks': { closers: ['safeClose'] } },
    code: `import { chromium } from "playwright-core";

declare function safeClose(resource: unknown): Promise<void>;

export async function title(url: string) {
  const browser = await chromium.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.title();
  } finally {
    await safeClose(browser);
  }
}
`,
  },
  {
    name: 'regression 4: pages kept in a Map field and closed by `closeAll()`',
    code: `import type { Browser, Page } from "playwright-core";

export class Pages {
  private readonly pages = new Map<string, Page>();

  async open(b: Browser, n: string) {
    const page = await b.newPage();
    this.pages.set(n, page);
  }

  async closeAll() {
    for (const p of this.pages.values()) await p.close();
  }
}
`,
  },
  {
    name: 'regression 8: pg `new Client()` with `await client.connect()` before the try, `end()` in finally',
    code: `import { Client } from "pg";

export async function ping() {
  const client = new Client();
  await client.connect();
  try {
    return await client.query("SELECT 1");
  } finally {
    await client.end();
  }
}
`,
  },
];

/** Same findings and suggestions in both modes. */
const invalid: Invalid[] = [
  {
    name: 'regression 1: mongoose `Model.startSession()` never ended',
    code: `import mongoose, { Schema } from "mongoose";

const schema = new Schema({ name: String });
const User = mongoose.model("User", schema);

export async function rename(id: string, name: string) {
  const session = await User.startSession();
  await User.updateOne({ _id: id }, { name }, { session });
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 7, column: 25, endLine: 7, endColumn: 44,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import mongoose, { Schema } from "mongoose";

const schema = new Schema({ name: String });
const User = mongoose.model("User", schema);

export async function rename(id: string, name: string) {
  const session = await User.startSession();
  try {
    await User.updateOne({ _id: id }, { name }, { session });
  } finally {
    await session.endSession();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 2: mongoose `createConnection(uri).asPromise()` never closed',
    code: `import mongoose from "mongoose";

export async function ping(uri: string) {
  const conn = await mongoose.createConnection(uri).asPromise();
  await conn.db?.admin().ping();
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 4, column: 22, endLine: 4, endColumn: 52,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import mongoose from "mongoose";

export async function ping(uri: string) {
  const conn = await mongoose.createConnection(uri).asPromise();
  try {
    await conn.db?.admin().ping();
  } finally {
    await conn.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 2: redis `createClient().on(...).connect()` never quit',
    code: `import { createClient } from "redis";

export async function readKey(key: string, onError: (error: Error) => void) {
  const client = await createClient().on("error", onError).connect();
  return await client.get(key);
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 4, column: 24, endLine: 4, endColumn: 38,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { createClient } from "redis";

export async function readKey(key: string, onError: (error: Error) => void) {
  const client = await createClient().on("error", onError).connect();
  try {
    return await client.get(key);
  } finally {
    await client.quit();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 2: typeorm `new DataSource({...}).initialize()` never destroyed',
    code: `import { DataSource } from "typeorm";

export async function countUsers() {
  const ds = await new DataSource({ type: "postgres", url: process.env.DATABASE_URL }).initialize();
  return await ds.query("SELECT count(*) FROM users");
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 4, column: 20, endLine: 4, endColumn: 87,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { DataSource } from "typeorm";

export async function countUsers() {
  const ds = await new DataSource({ type: "postgres", url: process.env.DATABASE_URL }).initialize();
  try {
    return await ds.query("SELECT count(*) FROM users");
  } finally {
    await ds.destroy();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 4: pages kept in a Map field that no method closes',
    code: `import type { Browser, Page } from "playwright-core";

export class Pages {
  private readonly pages = new Map<string, Page>();

  async open(b: Browser, n: string) {
    const page = await b.newPage();
    this.pages.set(n, page);
  }
}
`,
    errors: [
      { messageId: 'collectionNeverReleased', line: 8, column: 5, endLine: 8, endColumn: 29, suggestions: [] },
    ],
  },
  {
    name: 'regression 5: knex transaction never committed gets a try/catch suggestion',
    code: `import knex from "knex";

const db = knex({ client: "pg" });

export async function addUser(name: string) {
  const trx = await db.transaction();
  await trx("users").insert({ name });
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 6, column: 21, endLine: 6, endColumn: 37,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import knex from "knex";

const db = knex({ client: "pg" });

export async function addUser(name: string) {
  const trx = await db.transaction();
  try {
    await trx("users").insert({ name });
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 5: sequelize transaction never committed gets a try/catch suggestion',
    code: `import { Sequelize } from "sequelize";

const sequelize = new Sequelize("postgres://localhost/app");

export async function addUser(name: string) {
  const t = await sequelize.transaction();
  await sequelize.query("INSERT INTO users (name) VALUES (?)", { replacements: [name], transaction: t });
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 6, column: 19, endLine: 6, endColumn: 42,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import { Sequelize } from "sequelize";

const sequelize = new Sequelize("postgres://localhost/app");

export async function addUser(name: string) {
  const t = await sequelize.transaction();
  try {
    await sequelize.query("INSERT INTO users (name) VALUES (?)", { replacements: [name], transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 5: never-committed transaction followed by a `return` gets no suggestion',
    code: `import knex from "knex";

const db = knex({ client: "pg" });

export async function addUser(name: string) {
  const trx = await db.transaction();
  const ids = await trx("users").insert({ name });
  return ids;
}
`,
    errors: [
      { messageId: 'neverReleased', line: 6, column: 21, endLine: 6, endColumn: 37, suggestions: [] },
    ],
  },
  {
    name: 'regression 6: returned `client.query(...)` is awaited inside the suggested try, sync `release()`',
    code: `import { Pool } from "pg";

const pool = new Pool();

export async function ping() {
  const client = await pool.connect();
  return client.query("SELECT 1");
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 6, column: 24, endLine: 6, endColumn: 38,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Pool } from "pg";

const pool = new Pool();

export async function ping() {
  const client = await pool.connect();
  try {
    return await client.query("SELECT 1");
  } finally {
    client.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 6: returned `rows.length` is not awaited in the suggested try',
    code: `import { Pool } from "pg";

const pool = new Pool();

export async function count() {
  const client = await pool.connect();
  const { rows } = await client.query("SELECT 1");
  return rows.length;
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 6, column: 24, endLine: 6, endColumn: 38,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Pool } from "pg";

const pool = new Pool();

export async function count() {
  const client = await pool.connect();
  try {
    const { rows } = await client.query("SELECT 1");
    return rows.length;
  } finally {
    client.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 7: Prisma client from a generated path through a namespace import',
    code: `import * as generated from "../generated/prisma";

export async function listUsers() {
  const prisma = new generated.PrismaClient();
  return await prisma.user.findMany();
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 4, column: 18, endLine: 4, endColumn: 46,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import * as generated from "../generated/prisma";

export async function listUsers() {
  const prisma = new generated.PrismaClient();
  try {
    return await prisma.user.findMany();
  } finally {
    await prisma.$disconnect();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 8: neo4j `verifyConnectivity()` before a normal-path `close()` is notReleasedOnThrow',
    code: `import neo4j from "neo4j-driver";

export async function check(uri: string) {
  const driver = neo4j.driver(uri);
  await driver.verifyConnectivity();
  await driver.close();
}
`,
    errors: [
      {
        messageId: 'notReleasedOnThrow', line: 4, column: 18, endLine: 4, endColumn: 35,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import neo4j from "neo4j-driver";

export async function check(uri: string) {
  const driver = neo4j.driver(uri);
  try {
    await driver.verifyConnectivity();
  } finally {
    await driver.close();
  }
}
`,
          },
        ],
      },
    ],
  },
];

const PAGE_FROM_PARAMETER = `import type { Browser } from "playwright-core";

export async function title(browser: Browser, url: string) {
  const page = await browser.newPage();
  await page.goto(url);
  return await page.title();
}
`;

const PAGE_FROM_PARAMETER_TRY_FINALLY = `import type { Browser } from "playwright-core";

export async function title(browser: Browser, url: string) {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    return await page.title();
  } finally {
    await page.close();
  }
}
`;

const SYNC_RETURN = `import { Pool } from "pg";

const pool = new Pool();

export async function quote(value: string) {
  const client = await pool.connect();
  await client.query("SELECT 1");
  return client.escapeLiteral(value);
}
`;

/** Typed only: `await using` from `Symbol.asyncDispose`, `return await` only for thenables. */
const invalidTyped: Invalid[] = [
  {
    name: 'a session factory in another file, imported under another name (`{ checkout as take }`)',
    code: `import { Pool } from 'pg';
import { checkout as take } from './factories.js';
const pool = new Pool();
export async function load() {
  const client = await take(pool);
  await client.query('SELECT 1');
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 5, column: 24, endLine: 5, endColumn: 34,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Pool } from 'pg';
import { checkout as take } from './factories.js';
const pool = new Pool();
export async function load() {
  const client = await take(pool);
  try {
    await client.query('SELECT 1');
  } finally {
    client.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 3: page opened from a parameter browser and never closed (typed)',
    code: PAGE_FROM_PARAMETER,
    errors: [
      {
        messageId: 'neverReleased', line: 4, column: 22, endLine: 4, endColumn: 39,
        suggestions: [
          { messageId: 'suggestTryFinally', output: PAGE_FROM_PARAMETER_TRY_FINALLY },
          {
            messageId: 'suggestAwaitUsing',
            output: `import type { Browser } from "playwright-core";

export async function title(browser: Browser, url: string) {
  await using page = await browser.newPage();
  await page.goto(url);
  return await page.title();
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'regression 6: returned non-thenable `client.escapeLiteral(...)` is not awaited (typed)',
    code: SYNC_RETURN,
    errors: [
      {
        messageId: 'neverReleased', line: 6, column: 24, endLine: 6, endColumn: 38,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Pool } from "pg";

const pool = new Pool();

export async function quote(value: string) {
  const client = await pool.connect();
  try {
    await client.query("SELECT 1");
    return client.escapeLiteral(value);
  } finally {
    client.release();
  }
}
`,
          },
        ],
      },
    ],
  },
];

/** Untyped only. */
const invalidUntyped: Invalid[] = [
  {
    name: 'regression 3: page opened from a parameter browser and never closed (untyped)',
    code: PAGE_FROM_PARAMETER,
    errors: [
      {
        messageId: 'neverReleased', line: 4, column: 22, endLine: 4, endColumn: 39,
        suggestions: [{ messageId: 'suggestTryFinally', output: PAGE_FROM_PARAMETER_TRY_FINALLY }],
      },
    ],
  },
  {
    name: 'regression 6: returned call through the resource is awaited without types (untyped)',
    code: SYNC_RETURN,
    errors: [
      {
        messageId: 'neverReleased', line: 6, column: 24, endLine: 6, endColumn: 38,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Pool } from "pg";

const pool = new Pool();

export async function quote(value: string) {
  const client = await pool.connect();
  try {
    await client.query("SELECT 1");
    return await client.escapeLiteral(value);
  } finally {
    client.release();
  }
}
`,
          },
        ],
      },
    ],
  },
];

createRuleTesterUntyped().run('require-session-close (regressions, pages of a local browser)', rule, {
  valid: [
    {
      name: 'a page of a browser launched here is covered by the browser: one finding, at the browser',
      code: `
import { chromium } from 'playwright-core';
export async function shot(url: string) {
  const browser = await chromium.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
  } finally {
    await browser.close();
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'only the browser is reported when neither is released on the failure path',
      code: `
import { chromium } from 'playwright-core';
export async function shot(url: string) {
  const browser = await chromium.launch();
  const page = await browser.newPage();
  await page.goto(url);
  await browser.close();
}
`,
      errors: [
        {
          messageId: 'notReleasedOnThrow',
          line: 4,
          column: 25,
          endLine: 4,
          endColumn: 42,
          suggestions: [
            {
              messageId: 'suggestTryFinally',
              output: `
import { chromium } from 'playwright-core';
export async function shot(url: string) {
  const browser = await chromium.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
  } finally {
    await browser.close();
  }
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'pages opened per loop iteration pile up while the browser lives on',
      code: `
import { chromium } from 'playwright-core';
export async function crawl(urls: string[]) {
  const browser = await chromium.launch();
  try {
    for (const url of urls) {
      const page = await browser.newPage();
      await page.goto(url);
    }
  } finally {
    await browser.close();
  }
}
`,
      errors: [
        {
          messageId: 'reacquiredBeforeRelease',
          line: 7,
          column: 26,
          endLine: 7,
          endColumn: 43,
          suggestions: [
            {
              messageId: 'suggestTryFinally',
              output: `
import { chromium } from 'playwright-core';
export async function crawl(urls: string[]) {
  const browser = await chromium.launch();
  try {
    for (const url of urls) {
      const page = await browser.newPage();
      try {
        await page.goto(url);
      } finally {
        await page.close();
      }
    }
  } finally {
    await browser.close();
  }
}
`,
            },
          ],
        },
      ],
    },
  ],
});

// Catalog calls under another local name: a renamed import or a default import of the library.
valid.push(
  {
    name: 'node-redis: connect() before the try holds nothing when it fails',
    code: `import { createClient } from 'redis';
export async function getFlag(key: string) {
  const client = createClient({ url: process.env.REDIS_URL });
  await client.connect();
  try {
    return await client.get(key);
  } finally {
    await client.quit();
  }
}
`,
  },
  {
    name: 'ioredis under a default-import name, kept for the process at module level',
    code: `import IORedis from 'ioredis';
export const redis = new IORedis();
`,
  },
);
invalid.push(
  {
    name: "pg's ESM form (`import pg from 'pg'; const { Pool } = pg`): its client released only on success",
    code: `import pg from 'pg';
const { Pool } = pg;
const pool = new Pool();
export async function touch(id: string) {
  const client = await pool.connect();
  await client.query('update items set touched = now() where id = $1', [id]);
  client.release();
}
`,
    errors: [
      {
        messageId: 'notReleasedOnThrow', line: 5, column: 24, endLine: 5, endColumn: 38,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import pg from 'pg';
const { Pool } = pg;
const pool = new Pool();
export async function touch(id: string) {
  const client = await pool.connect();
  try {
    await client.query('update items set touched = now() where id = $1', [id]);
  } finally {
    client.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'ioredis under a default-import name (`import IORedis from "ioredis"`), never quit',
    code: `import IORedis from 'ioredis';
export async function remember(key: string) {
  const redis = new IORedis();
  await redis.set(key, '1');
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 3, column: 17, endLine: 3, endColumn: 30,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import IORedis from 'ioredis';
export async function remember(key: string) {
  const redis = new IORedis();
  try {
    await redis.set(key, '1');
  } finally {
    await redis.quit();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'knex under a default-import name, returned by a same-file factory and never destroyed',
    code: `import knexFactory from 'knex';
function createReportDb(url: string) {
  return knexFactory({ client: 'pg', connection: url });
}
export async function report(url: string) {
  const db = createReportDb(url);
  return db('orders').select('*');
}
`,
    errors: [
      {
        messageId: 'neverReleased', line: 6, column: 14, endLine: 6, endColumn: 33,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import knexFactory from 'knex';
function createReportDb(url: string) {
  return knexFactory({ client: 'pg', connection: url });
}
export async function report(url: string) {
  const db = createReportDb(url);
  try {
    return await db('orders').select('*');
  } finally {
    await db.destroy();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'pg Pool imported under another name (`{ Pool as PgPool }`): its client released only on success',
    code: `import { Pool as PgPool } from 'pg';
const pool = new PgPool();
export async function touch(id: string) {
  const client = await pool.connect();
  await client.query('update items set touched = now() where id = $1', [id]);
  client.release();
}
`,
    errors: [
      {
        messageId: 'notReleasedOnThrow', line: 4, column: 24, endLine: 4, endColumn: 38,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Pool as PgPool } from 'pg';
const pool = new PgPool();
export async function touch(id: string) {
  const client = await pool.connect();
  try {
    await client.query('update items set touched = now() where id = $1', [id]);
  } finally {
    client.release();
  }
}
`,
          },
        ],
      },
    ],
  },
);

// mysql2's callback form hands the connection to the callback, which must release it.
valid.push(
  {
    name: 'mysql2 callback form: released in the query callback, error returned first',
    code: `import mysql from 'mysql2';
const pool = mysql.createPool({ host: 'db' });
export function find(sql: string, done: (error: unknown, rows?: unknown) => void) {
  pool.getConnection((err, conn) => {
    if (err) return done(err);
    conn.query(sql, (queryError, rows) => {
      conn.release();
      done(queryError, rows);
    });
  });
}
`,
  },
  {
    name: 'mysql2 callback form: error thrown, then try/finally',
    code: `import mysql from 'mysql2';
const pool = mysql.createPool({ host: 'db' });
export function touch(sql: string) {
  pool.getConnection((err, conn) => {
    if (err) throw err;
    try {
      conn.query(sql);
    } finally {
      conn.release();
    }
  });
}
`,
  },
  {
    name: 'mysql2 callback form: error checked with != null in a block, or handled in the else branch',
    code: `import mysql from 'mysql2';
const pool = mysql.createPool({ host: 'db' });
export function first(sql: string, done: (error: unknown) => void) {
  pool.getConnection(function (error, connection) {
    if (error != null) {
      done(error);
      return;
    }
    connection.query(sql, (e) => {
      connection.release();
      done(e);
    });
  });
}
export function second(sql: string, done: (error: unknown) => void) {
  pool.getConnection((err, conn) => {
    if (!err) {
      conn.query(sql, () => conn.release());
    } else {
      done(err);
    }
  });
}
`,
  },
);
invalid.push({
  name: 'mysql2 callback form: the connection handed to the callback is never released',
  code: `import mysql from 'mysql2';
const pool = mysql.createPool({ host: 'db' });
export function find(sql: string, done: (error: unknown, rows?: unknown) => void) {
  pool.getConnection((err, conn) => {
    if (err) return done(err);
    conn.query(sql, done);
  });
}
`,
  errors: [{ messageId: 'neverReleased', line: 4, column: 3, endLine: 7, endColumn: 5 }],
});

// pg's callback form hands the client to the callback with a `done` function that releases it.
valid.push(
  {
    name: 'pg callback form: done passed on as the query callback',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export function touch(sql: string) {
  pool.connect((err, client, done) => {
    if (err || !client) return done(err);
    client.query(sql, done);
  });
}
`,
  },
  {
    name: 'pg callback form: nothing to release when `err || !client`, done called in the query callback',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export function touch(sql: string) {
  pool.connect((err, client, done) => {
    if (err || !client) return;
    client.query(sql, () => done());
  });
}
`,
  },
  {
    name: 'pg callback form: client.release() in finally, error thrown first',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export function touch(sql: string) {
  pool.connect(async (err, client) => {
    if (err) throw err;
    try {
      await client!.query(sql);
    } finally {
      client!.release();
    }
  });
}
`,
  },
  {
    name: 'pg callback form: both guards in one test (`!err && client`), error handled in the else branch',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export function names(sql: string, reply: (error: unknown, rows?: unknown[]) => void) {
  pool.connect((err, client, release) => {
    if (!err && client) {
      client.query(sql, (queryError, result) => {
        release(queryError);
        reply(queryError, result?.rows);
      });
    } else {
      reply(err);
    }
  });
}
`,
  },
);
invalid.push(
  {
    name: 'pg callback form: the client is never released (no done, no release)',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export function touch(sql: string, reply: (error: unknown) => void) {
  pool.connect((err, client) => {
    if (err || !client) return reply(err);
    client.query(sql, (queryError) => reply(queryError));
  });
}
`,
    errors: [{ messageId: 'neverReleased', line: 4, column: 3, endLine: 7, endColumn: 5 }],
  },
  {
    name: 'pg callback form: an early return before done leaks the client',
    code: `import { Pool } from 'pg';
const pool = new Pool();
const seen = new Set<string>();
export function touch(id: string, sql: string) {
  pool.connect((err, client, done) => {
    if (err || !client) return;
    if (seen.has(id)) return;
    seen.add(id);
    client.query(sql, () => done());
  });
}
`,
    errors: [{ messageId: 'skippedByExit', line: 5, column: 3, endLine: 10, endColumn: 5 }],
  },
);

// neo4j sessions connect lazily: beginning the transaction before the protecting try holds nothing.
valid.push({
  name: "neo4j: the driver README's explicit transaction, begun before the try that closes the session",
  code: `import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://db');
export async function rename(id: string, name: string) {
  const session = driver.session();
  const txc = session.beginTransaction();
  try {
    await txc.run('MATCH (p {id: $id}) SET p.name = $name', { id, name });
    await txc.commit();
  } catch (error) {
    await txc.rollback();
    throw error;
  } finally {
    await session.close();
  }
}
`,
});
invalid.push({
  name: 'neo4j: a query run before the try still leaks the session when it throws',
  code: `import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://db');
export async function rename(id: string) {
  const session = driver.session();
  const txc = session.beginTransaction();
  const before = await session.run('MATCH (p {id: $id}) RETURN p', { id });
  try {
    await txc.run('MATCH (p {id: $id}) SET p.seen = true', { id });
    await txc.commit();
    return before.records.length;
  } finally {
    await session.close();
  }
}
`,
  errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 19, endLine: 4, endColumn: 35 }],
});

// Disposers: a returned function that releases hands the release to the caller; a `using` value runs it.
valid.push(
  {
    name: 'disposer: a returned function (or an object of functions) that releases the client',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function lease() {
  const client = await pool.connect();
  return () => client.release();
}
export async function open() {
  const client = await pool.connect();
  return { query: (sql: string) => client.query(sql), close: () => client.release() };
}
`,
  },
  {
    name: 'disposer: an object literal declared with await using / using releases the client',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function names() {
  const client = await pool.connect();
  await using _guard = { [Symbol.asyncDispose]: async () => client.release() };
  return (await client.query('select name from users')).rows;
}
export async function count() {
  const client = await pool.connect();
  using _guard = {
    [Symbol.dispose]() {
      client.release();
    },
  };
  return (await client.query('select count(*) from users')).rowCount;
}
`,
  },
  {
    name: 'disposer: a subscriber connection returned as its unsubscribe function',
    code: `import { Redis } from 'ioredis';
const redis = new Redis();
export function watch(onMessage: (message: string) => void) {
  const sub = redis.duplicate();
  sub.on('message', (_channel, message) => onMessage(message));
  return () => sub.quit();
}
`,
  },
);
invalid.push(
  {
    name: 'disposer: a returned function that only queries does not release',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function lease() {
  const client = await pool.connect();
  return () => client.query('select 1');
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 4,
        column: 24,
        endLine: 4,
        endColumn: 38,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Pool } from 'pg';
const pool = new Pool();
export async function lease() {
  const client = await pool.connect();
  try {
    return () => client.query('select 1');
  } finally {
    client.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'disposer: an object with Symbol.asyncDispose that is never disposed (const, not using), or handed on only after a query that may throw',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function names() {
  const client = await pool.connect();
  const guard = { [Symbol.asyncDispose]: async () => client.release() };
  void guard;
  return (await client.query('select name from users')).rows;
}
export async function lease() {
  const client = await pool.connect();
  const guard = { [Symbol.asyncDispose]: async () => client.release() };
  const rows = (await client.query('select name from users')).rows;
  return { guard, rows };
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 4,
        suggestions: [
          { messageId: 'suggestTryFinally', output: `import { Pool } from 'pg';
const pool = new Pool();
export async function names() {
  const client = await pool.connect();
  try {
    const guard = { [Symbol.asyncDispose]: async () => client.release() };
    void guard;
    return (await client.query('select name from users')).rows;
  } finally {
    client.release();
  }
}
export async function lease() {
  const client = await pool.connect();
  const guard = { [Symbol.asyncDispose]: async () => client.release() };
  const rows = (await client.query('select name from users')).rows;
  return { guard, rows };
}
` },
        ],
      },
      { messageId: 'notReleasedOnThrow', line: 10 },
    ],
  },
);

// Promise chains: a release in a fulfilment handler alone leaves the resource held when the promise rejects.
valid.push({
  name: 'promise chain: a fulfilment release backed by a catch, a second then handler, a finally, an earlier catch, or a try',
  code: `import { Pool } from 'pg';
const pool = new Pool();
export function readme(sql: string) {
  return pool.connect().then((client) =>
    client
      .query(sql)
      .then((result) => {
        client.release();
        return result.rows;
      })
      .catch((error: unknown) => {
        client.release();
        throw error;
      }),
  );
}
export async function bothHandlers(sql: string) {
  const client = await pool.connect();
  return client.query(sql).then(
    (result) => {
      client.release();
      return result.rows;
    },
    (error: unknown) => {
      client.release(true);
      throw error;
    },
  );
}
export async function finallyLater(sql: string) {
  const client = await pool.connect();
  return client.query(sql).then((result) => result.rows).finally(() => client.release());
}
export async function catchEarlier(sql: string) {
  const client = await pool.connect();
  return client
    .query(sql)
    .catch((error: unknown) => {
      client.release();
      throw error;
    })
    .then((result) => {
      client.release();
      return result.rows;
    });
}
export async function awaitedInTry(sql: string) {
  const client = await pool.connect();
  try {
    return await client.query(sql).then((result) => {
      client.release();
      return result.rows;
    });
  } catch (error) {
    client.release();
    throw error;
  }
}
`,
});
invalid.push(
  {
    name: 'promise chain: released only in the then handler of a query',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function rows(sql: string) {
  const client = await pool.connect();
  return client.query(sql).then((result) => {
    client.release();
    return result.rows;
  });
}
`,
    errors: [{ messageId: 'releasedOnFulfilmentOnly', line: 4, column: 24, data: { resource: 'pooled client', name: 'client', line: '5' }, endLine: 4, endColumn: 38 }],
  },
  {
    name: "promise chain: node-postgres' promise form without its catch",
    code: `import { Pool } from 'pg';
const pool = new Pool();
export function rows(sql: string) {
  return pool.connect().then((client) =>
    client.query(sql).then((result) => {
      client.release();
      return result.rows;
    }),
  );
}
`,
    errors: [{ messageId: 'releasedOnFulfilmentOnly', line: 4, column: 10, data: { resource: 'pooled client', name: 'client', line: '5' }, endLine: 4, endColumn: 24 }],
  },
  {
    name: 'promise chain: an unmanaged transaction committed in a then handler is not rolled back',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://db');
export async function touch(id: number) {
  const t = await sequelize.transaction();
  return sequelize.query('UPDATE users SET seen = true WHERE id = ?', { replacements: [id], transaction: t }).then(() => t.commit());
}
`,
    errors: [
      {
        messageId: 'notRolledBack',
        line: 4,
        column: 19,
        endLine: 4,
        endColumn: 42,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://db');
export async function touch(id: number) {
  const t = await sequelize.transaction();
  try {
    return await sequelize.query('UPDATE users SET seen = true WHERE id = ?', { replacements: [id], transaction: t }).then(() => t.commit());
  } catch (error) {
    await t.rollback();
    throw error;
  }
}
`,
          },
        ],
      },
    ],
  },
);

// Test fixtures: `await use(value)` resolves when the tests are done, failed or not; a per-test
// fixture (Playwright's `context`) is closed by the runner with what a test opened from it.
valid.push(
  {
    name: 'Playwright Test fixtures: teardown after use(), and a page opened from the context fixture in a test',
    code: `import { test as base, chromium, type Browser, type Page } from '@playwright/test';
export const test = base.extend<{ adminPage: Page }, { sharedBrowser: Browser }>({
  sharedBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch();
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],
  adminPage: async ({ browser }, use) => {
    const context = await browser.newContext();
    await use(await context.newPage());
    await context.close();
  },
});
test('popup', async ({ context }) => {
  const second = await context.newPage();
  await second.goto('https://example.com/popup');
});
`,
  },
  {
    name: 'Vitest fixture: a pool ended after use()',
    code: `import { test as base } from 'vitest';
import { Pool } from 'pg';
export const it = base.extend<{ db: Pool }>({
  db: async ({}, use) => {
    const pool = new Pool();
    await use(pool);
    await pool.end();
  },
});
`,
  },
);
invalidTyped.push({
  name: 'a fixture without teardown, and a page opened from a destructured context outside a test (typed: await using offered)',
  code: `import { test as base, chromium, type Browser, type BrowserContext } from '@playwright/test';
export const test = base.extend<object, { sharedBrowser: Browser }>({
  sharedBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch();
      await use(browser);
    },
    { scope: 'worker' },
  ],
});
export async function scrape({ context }: { context: BrowserContext }, url: string) {
  const page = await context.newPage();
  await page.goto(url);
  return page.title();
}
`,
  errors: [
    { messageId: 'neverReleased', line: 5, column: 29, endLine: 5, endColumn: 46, suggestions: [{ messageId: 'suggestTryFinally', output: `import { test as base, chromium, type Browser, type BrowserContext } from '@playwright/test';
export const test = base.extend<object, { sharedBrowser: Browser }>({
  sharedBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch();
      try {
        await use(browser);
      } finally {
        await browser.close();
      }
    },
    { scope: 'worker' },
  ],
});
export async function scrape({ context }: { context: BrowserContext }, url: string) {
  const page = await context.newPage();
  await page.goto(url);
  return page.title();
}
` }, { messageId: 'suggestAwaitUsing', output: `import { test as base, chromium, type Browser, type BrowserContext } from '@playwright/test';
export const test = base.extend<object, { sharedBrowser: Browser }>({
  sharedBrowser: [
    async ({}, use) => {
      await using browser = await chromium.launch();
      await use(browser);
    },
    { scope: 'worker' },
  ],
});
export async function scrape({ context }: { context: BrowserContext }, url: string) {
  const page = await context.newPage();
  await page.goto(url);
  return page.title();
}
` }] },
    { messageId: 'neverReleased', line: 12, column: 22, endLine: 12, endColumn: 39, suggestions: [{ messageId: 'suggestTryFinally', output: `import { test as base, chromium, type Browser, type BrowserContext } from '@playwright/test';
export const test = base.extend<object, { sharedBrowser: Browser }>({
  sharedBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch();
      await use(browser);
    },
    { scope: 'worker' },
  ],
});
export async function scrape({ context }: { context: BrowserContext }, url: string) {
  const page = await context.newPage();
  try {
    await page.goto(url);
    return await page.title();
  } finally {
    await page.close();
  }
}
` }, { messageId: 'suggestAwaitUsing', output: `import { test as base, chromium, type Browser, type BrowserContext } from '@playwright/test';
export const test = base.extend<object, { sharedBrowser: Browser }>({
  sharedBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch();
      await use(browser);
    },
    { scope: 'worker' },
  ],
});
export async function scrape({ context }: { context: BrowserContext }, url: string) {
  await using page = await context.newPage();
  await page.goto(url);
  return await page.title();
}
` }] },
  ],
});
invalidUntyped.push({
  name: 'a fixture without teardown, and a page opened from a destructured context outside a test',
  code: `import { test as base, chromium, type Browser, type BrowserContext } from '@playwright/test';
export const test = base.extend<object, { sharedBrowser: Browser }>({
  sharedBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch();
      await use(browser);
    },
    { scope: 'worker' },
  ],
});
export async function scrape({ context }: { context: BrowserContext }, url: string) {
  const page = await context.newPage();
  await page.goto(url);
  return page.title();
}
`,
  errors: [
    { messageId: 'neverReleased', line: 5, column: 29, endLine: 5, endColumn: 46, suggestions: [{ messageId: 'suggestTryFinally', output: `import { test as base, chromium, type Browser, type BrowserContext } from '@playwright/test';
export const test = base.extend<object, { sharedBrowser: Browser }>({
  sharedBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch();
      try {
        await use(browser);
      } finally {
        await browser.close();
      }
    },
    { scope: 'worker' },
  ],
});
export async function scrape({ context }: { context: BrowserContext }, url: string) {
  const page = await context.newPage();
  await page.goto(url);
  return page.title();
}
` }] },
    { messageId: 'neverReleased', line: 12, column: 22, endLine: 12, endColumn: 39, suggestions: [{ messageId: 'suggestTryFinally', output: `import { test as base, chromium, type Browser, type BrowserContext } from '@playwright/test';
export const test = base.extend<object, { sharedBrowser: Browser }>({
  sharedBrowser: [
    async ({}, use) => {
      const browser = await chromium.launch();
      await use(browser);
    },
    { scope: 'worker' },
  ],
});
export async function scrape({ context }: { context: BrowserContext }, url: string) {
  const page = await context.newPage();
  try {
    await page.goto(url);
    return await page.title();
  } finally {
    await page.close();
  }
}
` }] },
  ],
});

// Playwright Test discards the worker process after any failure, so a throw in its fixture leaks
// nothing; Vitest keeps the worker, so a throw before use() still leaks there.
valid.push({
  name: "Playwright Test fixture: the docs' authenticated page, set up before use() without try",
  code: `import { test as base, type Page } from '@playwright/test';
export const test = base.extend<{ adminPage: Page }>({
  adminPage: async ({ browser }, use) => {
    const context = await browser.newContext({ storageState: 'playwright/.auth/admin.json' });
    const adminPage = await context.newPage();
    await adminPage.goto('/admin');
    await use(adminPage);
    await context.close();
  },
});
`,
});
invalid.push({
  name: 'Vitest fixture: a query before use() that throws leaks the pooled client',
  code: `import { test as base } from 'vitest';
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export const it = base.extend<{ db: PoolClient }>({
  db: async ({}, use) => {
    const client = await pool.connect();
    await client.query("SET search_path TO test");
    await use(client);
    client.release();
  },
});
`,
  errors: [
    {
      messageId: 'notReleasedOnThrow',
      line: 6,
      column: 26,
      endLine: 6,
      endColumn: 40,
      suggestions: [{ messageId: 'suggestTryFinally', output: `import { test as base } from 'vitest';
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export const it = base.extend<{ db: PoolClient }>({
  db: async ({}, use) => {
    const client = await pool.connect();
    try {
      await client.query("SET search_path TO test");
      await use(client);
    } finally {
      client.release();
    }
  },
});
` }],
    },
  ],
});

// Test bodies: under Playwright Test a failing test discards the worker, so a throw leaks nothing;
// a context never closed still leaks for the rest of the worker, and Vitest keeps its worker.
valid.push({
  name: 'Playwright test body: two contexts closed at the end, without try/finally',
  code: `import { test, expect } from '@playwright/test';
test('two users see the same order', async ({ browser }) => {
  const adminContext = await browser.newContext();
  const userContext = await browser.newContext();
  const adminPage = await adminContext.newPage();
  const userPage = await userContext.newPage();
  await adminPage.goto('/orders/1');
  await userPage.goto('/orders/1');
  await expect(userPage.locator('h1')).toHaveText(await adminPage.locator('h1').innerText());
  await adminContext.close();
  await userContext.close();
});
`,
});
invalid.push({
  name: 'Vitest test body: a pooled client released only on the normal path',
  code: `import { test } from 'vitest';
import { Pool } from 'pg';
const pool = new Pool();
test('reads a row', async () => {
  const client = await pool.connect();
  await client.query('select 1');
  client.release();
});
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 5, column: 24, endLine: 5, endColumn: 38, suggestions: [{ messageId: 'suggestTryFinally', output: `import { test } from 'vitest';
import { Pool } from 'pg';
const pool = new Pool();
test('reads a row', async () => {
  const client = await pool.connect();
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
});
` }] },
  ],
});
invalidTyped.push({
  name: 'Playwright test body: a context never closed (typed: await using offered)',
  code: `import { test } from '@playwright/test';
test('a context that is never closed', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
});
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 3,
      column: 25,
      endLine: 3,
      endColumn: 45,
      suggestions: [{ messageId: 'suggestTryFinally', output: `import { test } from '@playwright/test';
test('a context that is never closed', async ({ browser }) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto('/');
  } finally {
    await context.close();
  }
});
` }, { messageId: 'suggestAwaitUsing', output: `import { test } from '@playwright/test';
test('a context that is never closed', async ({ browser }) => {
  await using context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
});
` }],
    },
  ],
});
invalidUntyped.push({
  name: 'Playwright test body: a context never closed',
  code: `import { test } from '@playwright/test';
test('a context that is never closed', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto('/');
});
`,
  errors: [
    { messageId: 'neverReleased', line: 3, column: 25, endLine: 3, endColumn: 45, suggestions: [{ messageId: 'suggestTryFinally', output: `import { test } from '@playwright/test';
test('a context that is never closed', async ({ browser }) => {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto('/');
  } finally {
    await context.close();
  }
});
` }] },
  ],
});

// A completion callback of an operation on the resource runs once: it releases only if all its paths do.
valid.push({
  name: 'completion callbacks that release on every path (mysql2 transaction with rollback callbacks; destroy or release)',
  code: `import mysql from 'mysql2';
const pool = mysql.createPool({ host: 'db' });
export function transfer(from: number, to: number, cb: (error: unknown) => void) {
  pool.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.beginTransaction((beginError) => {
      if (beginError) {
        conn.release();
        return cb(beginError);
      }
      conn.query('UPDATE accounts SET balance = balance - 1 WHERE id = ?', [from], (debitError) => {
        if (debitError) return conn.rollback(() => { conn.release(); cb(debitError); });
        conn.query('UPDATE accounts SET balance = balance + 1 WHERE id = ?', [to], (creditError) => {
          if (creditError) return conn.rollback(() => { conn.release(); cb(creditError); });
          conn.commit((commitError) => {
            conn.release();
            cb(commitError);
          });
        });
      });
    });
  });
}
export function listen(cb: (rows: unknown) => void) {
  pool.getConnection((err, conn) => {
    if (err) throw err;
    conn.on('error', (error) => {
      if (error.fatal) conn.destroy();
    });
    conn.query('SELECT 1', (queryError, rows) => {
      if (queryError) conn.destroy();
      else conn.release();
      cb(rows);
    });
  });
}
`,
});
invalid.push({
  name: 'completion callbacks that skip the release when the query fails (mysql2 and pg callback forms)',
  code: `import mysql from 'mysql2';
import { Pool } from 'pg';
const pool = mysql.createPool({ host: 'db' });
const pgPool = new Pool();
export function voidInvoice(id: number, cb: (error: unknown) => void) {
  pool.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.query('UPDATE invoices SET void = 1 WHERE id = ?', [id], (queryError) => {
      if (queryError) return cb(queryError);
      conn.release();
      cb(null);
    });
  });
}
export function ping(cb: (error: unknown) => void) {
  pgPool.connect((err, client, done) => {
    if (err || !client) return cb(err);
    client.query('SELECT 1', (queryError) => {
      if (queryError) return cb(queryError);
      done();
      cb(null);
    });
  });
}
`,
  errors: [
    { messageId: 'releasedOnSomePaths', line: 6, column: 3, endLine: 13, endColumn: 5, data: { resource: 'pooled connection', name: 'conn', line: '9' } },
    { messageId: 'releasedOnSomePaths', line: 16, column: 3, endLine: 23, endColumn: 5, data: { resource: 'pooled client', name: 'client', line: '19' } },
  ],
});

// `Object.assign(client, { [Symbol.asyncDispose]: … })` is the client itself; a local closure passed by
// name releases as it would inline.
valid.push({
  name: 'hand-offs through `Object.assign(client, { [Symbol.asyncDispose]: … })`, disposed by the caller; a releasing closure passed by name to a listener; `void sub.connect()` before a returned disposer cannot fail there',
  code: `import { Pool, type PoolClient } from 'pg';
import neo4j, { type Session } from 'neo4j-driver';
import { createClient } from 'redis';
const pool = new Pool();
const driver = neo4j.driver('neo4j://localhost');
export async function leaseClient(): Promise<PoolClient & AsyncDisposable> {
  const c = await pool.connect();
  return Object.assign(c, { [Symbol.asyncDispose]: async () => c.release() });
}
export function graphSession(): Session & AsyncDisposable {
  const s = driver.session();
  return Object.assign(s, { [Symbol.asyncDispose]: () => s.close() });
}
export async function count() {
  await using c = await leaseClient();
  return (await c.query('select 1')).rows;
}
export async function serve() {
  const local = new Pool();
  const shutdown = async () => {
    await local.end();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
export function subscribe(channel: string) {
  const sub = createClient();
  void sub.connect().then(() => sub.subscribe(channel, () => undefined));
  return () => sub.quit();
}
export async function serveDeclared() {
  const local = new Pool();
  async function shutdown() {
    await local.end();
  }
  process.once('SIGTERM', shutdown);
}
`,
});

invalid.push({
  name: 'hand-offs through `Object.assign`: a caller that returns early without releasing what the helper returned; a closure passed by name that does not release',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function leaseClient(): Promise<PoolClient & AsyncDisposable> {
  const c = await pool.connect();
  return Object.assign(c, { [Symbol.asyncDispose]: async () => c.release() });
}
export async function count(skip: boolean) {
  const c = await leaseClient();
  if (skip) return [];
  c.release();
  return [];
}
export async function serve(skip: boolean) {
  const local = new Pool();
  const shutdown = async () => {
    console.log('bye');
  };
  process.once('SIGTERM', shutdown);
  if (skip) return;
  await local.end();
}
`,
  errors: [
    { messageId: 'skippedByExit', line: 8 },
    { messageId: 'skippedByExit', line: 14 },
  ],
});

// A store into a request or context that the function releases later itself only lends the resource;
// a rollback whose rejection a handler swallows cannot fail.
valid.push({
  name: 'loans and swallowed rejections: `ctx.state.db = client` with the release in `finally`; handed to `ctx` after a failed setup was released; `await client.query("ROLLBACK").catch(() => undefined)` before the release',
  code: `import { Pool } from 'pg';
const pool = new Pool();
interface Ctx { state: { db?: unknown } }
export async function middleware(ctx: Ctx, next: () => Promise<void>) {
  const client = await pool.connect();
  ctx.state.db = client;
  try {
    await next();
  } finally {
    client.release();
  }
}
export async function handOver(ctx: Ctx) {
  const client = await pool.connect();
  try {
    await client.query('SET search_path TO app');
  } catch (error) {
    client.release();
    throw error;
  }
  ctx.state.db = client;
}
export async function post(amount: number, from: string) {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('update accounts set balance = balance - $1 where id = $2', [amount, from]);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release(error as Error);
    throw error;
  }
}
`,
});

invalid.push({
  name: 'loans and swallowed rejections: `ctx.state.db = client` released only after `await next()` succeeds; a `.catch` handler that rethrows',
  code: `import { Pool } from 'pg';
const pool = new Pool();
interface Ctx { state: { db?: unknown } }
export async function middleware(ctx: Ctx, next: () => Promise<void>) {
  const client = await pool.connect();
  ctx.state.db = client;
  await next();
  client.release();
}
export async function post(amount: number) {
  const client = await pool.connect();
  try {
    await client.query('select $1::int', [amount]);
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError) => {
      throw rollbackError;
    });
    client.release(error as Error);
    throw error;
  }
}
`,
  errors: [
    {
      messageId: 'notReleasedOnThrow',
      line: 5,
      suggestions: [
        {
          messageId: 'suggestTryFinally',
          output: `import { Pool } from 'pg';
const pool = new Pool();
interface Ctx { state: { db?: unknown } }
export async function middleware(ctx: Ctx, next: () => Promise<void>) {
  const client = await pool.connect();
  try {
    ctx.state.db = client;
    await next();
  } finally {
    client.release();
  }
}
export async function post(amount: number) {
  const client = await pool.connect();
  try {
    await client.query('select $1::int', [amount]);
    client.release();
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError) => {
      throw rollbackError;
    });
    client.release(error as Error);
    throw error;
  }
}
`,
        },
      ],
    },
    { messageId: 'notReleasedOnThrow', line: 11 },
  ],
});

// A `finally` whose release runs only under a success flag releases only on the paths that set it.
valid.push({
  name: 'flags in `finally`: a committed flag guarding the rollback, a released flag guarding a second release, a success flag with the failure released in `catch`',
  code: `import knex from 'knex';
import { Pool } from 'pg';
const db = knex({ client: 'pg' });
const pool = new Pool();
export async function move(id: number) {
  const trx = await db.transaction();
  let committed = false;
  try {
    await trx('stock').where({ id }).decrement('n', 1);
    await trx.commit();
    committed = true;
  } finally {
    if (!committed) await trx.rollback();
  }
}
export async function load(id: number) {
  const client = await pool.connect();
  let released = false;
  try {
    const { rows } = await client.query('select * from items where id = $1', [id]);
    client.release();
    released = true;
    return rows;
  } finally {
    if (!released) client.release();
  }
}
export async function check(id: number) {
  const client = await pool.connect();
  let ok = false;
  try {
    await client.query('select * from items where id = $1', [id]);
    ok = true;
  } catch (error) {
    client.release(true);
    throw error;
  } finally {
    if (ok) client.release();
  }
}
`,
});

invalid.push({
  name: 'flags in `finally`: a release, or a commit, only under a success flag leaves a failure holding the resource',
  code: `import knex from 'knex';
import { Pool } from 'pg';
const db = knex({ client: 'pg' });
const pool = new Pool();
export async function load(id: number) {
  const client = await pool.connect();
  let ok = false;
  try {
    const { rows } = await client.query('select * from items where id = $1', [id]);
    ok = true;
    return rows[0];
  } finally {
    if (ok) client.release();
  }
}
export async function move(id: number) {
  const trx = await db.transaction();
  let done = false;
  try {
    await trx('stock').where({ id }).decrement('n', 1);
    done = true;
  } finally {
    if (done) await trx.commit();
  }
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 6 },
    {
      messageId: 'notRolledBack',
      line: 17,
      suggestions: [
        {
          messageId: 'suggestTryCatch',
          output: `import knex from 'knex';
import { Pool } from 'pg';
const db = knex({ client: 'pg' });
const pool = new Pool();
export async function load(id: number) {
  const client = await pool.connect();
  let ok = false;
  try {
    const { rows } = await client.query('select * from items where id = $1', [id]);
    ok = true;
    return rows[0];
  } finally {
    if (ok) client.release();
  }
}
export async function move(id: number) {
  const trx = await db.transaction();
  try {
    let done = false;
    try {
      await trx('stock').where({ id }).decrement('n', 1);
      done = true;
    } finally {
      if (done) await trx.commit();
    }
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}
`,
        },
      ],
    },
  ],
});

// Closing the parent closes what was opened from it, also when that was opened inline, with no name of its own.
valid.push({
  name: 'closing the parent: a context or page opened inline (`(await browser.newContext()).newPage()`, `await (await browser.newPage()).goto(url)`, `await ctx.newPage()`) from a browser or context this function opened and closes in `finally`',
  code: `import { chromium, type Browser as PwBrowser } from 'playwright-core';
import type { Browser } from 'puppeteer-core';
export async function localeTitle(url: string): Promise<string> {
  const browser = await chromium.launch();
  try {
    const page = await (await browser.newContext({ locale: 'de-DE' })).newPage();
    await page.goto(url);
    return await page.title();
  } finally {
    await browser.close();
  }
}
export async function quickStatus(url: string): Promise<number> {
  const browser = await chromium.launch();
  try {
    const response = await (await browser.newPage()).goto(url);
    return response?.status() ?? 0;
  } finally {
    await browser.close();
  }
}
export async function warm(b: PwBrowser): Promise<void> {
  const ctx = await b.newContext();
  try {
    await ctx.newPage();
  } finally {
    await ctx.close();
  }
}
export async function visit(b: Browser, url: string): Promise<void> {
  const ctx = await b.createBrowserContext();
  try {
    await (await ctx.newPage()).goto(url);
  } finally {
    await ctx.close();
  }
}
`,
});

invalid.push({
  name: 'closing the parent: an inline page of a browser this function did not open is left open, and so is one opened per iteration from a browser that lives on',
  code: `import { chromium, type Browser } from 'playwright-core';
export async function status(browser: Browser, url: string): Promise<number> {
  const response = await (await browser.newPage()).goto(url);
  return response?.status() ?? 0;
}
export async function crawl(urls: string[]): Promise<void> {
  const browser = await chromium.launch();
  try {
    for (const url of urls) await (await browser.newPage()).goto(url);
  } finally {
    await browser.close();
  }
}
`,
  errors: [
    { messageId: 'discarded', line: 3 },
    { messageId: 'discarded', line: 9 },
  ],
});

// A getter that caches what it makes in a Map entry hands out the shared instance: its callers own nothing.
valid.push({
  name: 'a Map-keyed lazy getter is not a factory: `const hit = byTenant.get(t); if (hit) return hit; const created = new Sequelize(…); byTenant.set(t, created); return created`',
  code: `import { Sequelize } from 'sequelize';
import { Pool } from 'pg';
const byTenant = new Map<string, Sequelize>();
export function tenantSequelize(tenant: string): Sequelize {
  const cached = byTenant.get(tenant);
  if (cached) return cached;
  const created = new Sequelize(\`postgres://db/\${tenant}\`);
  byTenant.set(tenant, created);
  return created;
}
const pools = new Map<string, Pool>();
function poolFor(key: string): Pool {
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = new Pool({ database: key });
    pools.set(key, pool);
  }
  return pool;
}
export async function handler(tenant: string) {
  const [rows] = await tenantSequelize(tenant).query('select count(*) from orders');
  await poolFor(tenant).query('select 1');
  return rows;
}
`,
});

invalid.push({
  name: 'a factory that records what it makes in a Map, without a test of the entry, still hands a fresh instance to each caller',
  code: `import { Sequelize } from 'sequelize';
const all = new Map<string, Sequelize>();
export function openTenant(tenant: string): Sequelize {
  const created = new Sequelize(\`postgres://db/\${tenant}\`);
  all.set(tenant, created);
  return created;
}
export async function handler(tenant: string) {
  const [rows] = await openTenant(tenant).query('select count(*) from orders');
  return rows;
}
`,
  errors: [{ messageId: 'discarded', line: 9 }],
});

// A helper that takes an optional lent resource (`trx ?? await db.transaction()`) finishes only what it
// began: a test of the lent one (`if (!trx)`) says whether this function holds anything.
valid.push({
  name: 'lent resources: `trx ?? await db.transaction()` committed and rolled back under `if (!trx)`; pg `lent ?? await pool.connect()` released under `if (!lent)` on both paths; `options.client ? options.client : …`',
  code: `import knex, { type Knex } from 'knex';
import { Pool, type PoolClient } from 'pg';
const db = knex({ client: 'pg' });
const pool = new Pool();
export async function countStock(sku: string, trx?: Knex.Transaction) {
  const tx = trx ?? (await db.transaction());
  try {
    const row = await tx('stock').where({ sku }).first();
    if (!trx) await tx.commit();
    return row;
  } catch (err) {
    if (!trx) await tx.rollback();
    throw err;
  }
}
export async function lookup(id: number, lent?: PoolClient) {
  const client = lent || (await pool.connect());
  try {
    const result = await client.query('select $1::int', [id]);
    if (lent == null) client.release();
    return result;
  } catch (err) {
    if (!lent) client.release();
    throw err;
  }
}
export async function save(row: { id: number }, options: { client?: PoolClient } = {}) {
  const client = options.client ? options.client : await pool.connect();
  try {
    await client.query('insert into t values ($1)', [row.id]);
  } finally {
    if (!options.client) client.release();
  }
  if (options.client) return;
}
`,
});

invalid.push({
  name: 'lent resources: the guard the wrong way round (`if (trx) await tx.commit()`), and no rollback of an own transaction on failure',
  code: `import knex, { type Knex } from 'knex';
const db = knex({ client: 'pg' });
export async function countStock(sku: string, trx?: Knex.Transaction) {
  const tx = trx ?? (await db.transaction());
  const row = await tx('stock').where({ sku }).first();
  if (trx) await tx.commit();
  return row;
}
export async function restock(sku: string, trx?: Knex.Transaction) {
  const tx = trx ?? (await db.transaction());
  await tx('stock').where({ sku }).increment('count', 1);
  if (!trx) await tx.commit();
}
`,
  errors: [
    { messageId: 'skippedByExit', line: 4, data: { resource: 'transaction', name: 'tx', exit: 'return', line: '7' } },
    {
      messageId: 'notRolledBack',
      line: 10,
      suggestions: [
        {
          messageId: 'suggestTryCatch',
          // The rollback the fix adds is guarded like the commit: a lent transaction is the caller's.
          output: `import knex, { type Knex } from 'knex';
const db = knex({ client: 'pg' });
export async function countStock(sku: string, trx?: Knex.Transaction) {
  const tx = trx ?? (await db.transaction());
  const row = await tx('stock').where({ sku }).first();
  if (trx) await tx.commit();
  return row;
}
export async function restock(sku: string, trx?: Knex.Transaction) {
  const tx = trx ?? (await db.transaction());
  try {
    await tx('stock').where({ sku }).increment('count', 1);
    if (!trx) await tx.commit();
  } catch (error) {
    if (!trx) await tx.rollback();
    throw error;
  }
}
`,
        },
      ],
    },
  ],
});

invalid.push({
  name: 'lent resources: a pg client of its own never released; the fix releases it only when it was not lent, and offers no `await using`',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function lookup(id: number, lent?: PoolClient) {
  const client = lent ?? (await pool.connect());
  const result = await client.query('select $1::int', [id]);
  return result;
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 4,
      suggestions: [
        {
          messageId: 'suggestTryFinally',
          output: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function lookup(id: number, lent?: PoolClient) {
  const client = lent ?? (await pool.connect());
  try {
    const result = await client.query('select $1::int', [id]);
    return result;
  } finally {
    if (!lent) client.release();
  }
}
`,
        },
      ],
    },
  ],
});

// A listener for an event that only failure or cancellation emits ('error', 'abort') is not a release
// on the paths that succeed; listeners for events every run emits ('end', 'close') still are.
valid.push({
  name: "failure listeners beside a real release: `client.on('error', …)` with the release in `finally`; a stream released on 'end' and on 'error'; a browser closed in `finally` and on 'abort'; a cleanup called directly and also registered for 'error'",
  code: `import { Pool } from 'pg';
import { chromium } from 'playwright-core';
import type { Readable } from 'node:stream';
const pool = new Pool();
export async function guarded(sql: string) {
  const client = await pool.connect();
  client.on('error', (error) => client.release(error));
  try {
    return (await client.query(sql)).rows;
  } finally {
    client.release();
  }
}
export async function streamed(open: (c: unknown) => Readable) {
  const client = await pool.connect();
  let stream: Readable;
  try {
    stream = open(client);
  } catch (error) {
    client.release();
    throw error;
  }
  stream.on('end', () => client.release());
  stream.on('error', (error) => client.release(error));
  return stream;
}
export async function render(url: string, signal: AbortSignal) {
  const browser = await chromium.launch();
  const onAbort = () => void browser.close();
  try {
    signal.addEventListener('abort', onAbort, { once: true });
    const page = await browser.newPage();
    await page.goto(url);
    return await page.content();
  } finally {
    signal.removeEventListener('abort', onAbort);
    await browser.close();
  }
}
export async function once(sql: string) {
  const client = await pool.connect();
  const cleanup = () => client.release();
  client.once('error', cleanup);
  try {
    await client.query(sql);
  } finally {
    cleanup();
  }
}
`,
});

invalid.push({
  name: "failure listeners only: a pg client released only in `client.on('error', \u2026)`",
  code: `import { Pool } from 'pg';
const pool = new Pool();
export async function onErrorOnly(sql: string) {
  const client = await pool.connect();
  client.on('error', () => client.release());
  const { rows } = await client.query(sql);
  return rows;
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 4,
      suggestions: [{ messageId: 'suggestTryFinally', output: `import { Pool } from 'pg';
const pool = new Pool();
export async function onErrorOnly(sql: string) {
  const client = await pool.connect();
  try {
    client.on('error', () => client.release());
    const { rows } = await client.query(sql);
    return rows;
  } finally {
    client.release();
  }
}
` }],
    },
  ],
});

invalidTyped.push({
  name: "failure listeners only: a browser closed only in an inline 'abort' listener",
  code: `import { chromium } from 'playwright-core';
export async function abortOnly(url: string, signal: AbortSignal) {
  const browser = await chromium.launch();
  signal.addEventListener('abort', () => { void browser.close(); }, { once: true });
  const page = await browser.newPage();
  await page.goto(url);
  return page.content();
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 3,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { chromium } from 'playwright-core';
export async function abortOnly(url: string, signal: AbortSignal) {
  const browser = await chromium.launch();
  try {
    signal.addEventListener('abort', () => { void browser.close(); }, { once: true });
    const page = await browser.newPage();
    await page.goto(url);
    return await page.content();
  } finally {
    await browser.close();
  }
}
` },
        { messageId: 'suggestAwaitUsing', output: `import { chromium } from 'playwright-core';
export async function abortOnly(url: string, signal: AbortSignal) {
  await using browser = await chromium.launch();
  signal.addEventListener('abort', () => { void browser.close(); }, { once: true });
  const page = await browser.newPage();
  await page.goto(url);
  return await page.content();
}
` },
      ],
    },
  ],
});
invalidUntyped.push({
  name: "failure listeners only: a browser closed only in an inline 'abort' listener",
  code: `import { chromium } from 'playwright-core';
export async function abortOnly(url: string, signal: AbortSignal) {
  const browser = await chromium.launch();
  signal.addEventListener('abort', () => { void browser.close(); }, { once: true });
  const page = await browser.newPage();
  await page.goto(url);
  return page.content();
}
`,
  errors: [{ messageId: 'neverReleased', line: 3, suggestions: [{ messageId: 'suggestTryFinally', output: `import { chromium } from 'playwright-core';
export async function abortOnly(url: string, signal: AbortSignal) {
  const browser = await chromium.launch();
  try {
    signal.addEventListener('abort', () => { void browser.close(); }, { once: true });
    const page = await browser.newPage();
    await page.goto(url);
    return await page.content();
  } finally {
    await browser.close();
  }
}
` }] }],
});

invalidTyped.push({
  name: "failure listeners only: a browser closed only by a named function registered for 'abort'",
  code: `import { chromium } from 'playwright-core';
export async function abortByName(url: string, signal: AbortSignal) {
  const browser = await chromium.launch();
  const stop = async () => { await browser.close(); };
  signal.addEventListener('abort', stop);
  const page = await browser.newPage();
  await page.goto(url);
  return page.content();
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 3,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { chromium } from 'playwright-core';
export async function abortByName(url: string, signal: AbortSignal) {
  const browser = await chromium.launch();
  try {
    const stop = async () => { await browser.close(); };
    signal.addEventListener('abort', stop);
    const page = await browser.newPage();
    await page.goto(url);
    return await page.content();
  } finally {
    await browser.close();
  }
}
` },
        { messageId: 'suggestAwaitUsing', output: `import { chromium } from 'playwright-core';
export async function abortByName(url: string, signal: AbortSignal) {
  await using browser = await chromium.launch();
  const stop = async () => { await browser.close(); };
  signal.addEventListener('abort', stop);
  const page = await browser.newPage();
  await page.goto(url);
  return await page.content();
}
` },
      ],
    },
  ],
});
invalidUntyped.push({
  name: "failure listeners only: a browser closed only by a named function registered for 'abort'",
  code: `import { chromium } from 'playwright-core';
export async function abortByName(url: string, signal: AbortSignal) {
  const browser = await chromium.launch();
  const stop = async () => { await browser.close(); };
  signal.addEventListener('abort', stop);
  const page = await browser.newPage();
  await page.goto(url);
  return page.content();
}
`,
  errors: [{ messageId: 'neverReleased', line: 3, suggestions: [{ messageId: 'suggestTryFinally', output: `import { chromium } from 'playwright-core';
export async function abortByName(url: string, signal: AbortSignal) {
  const browser = await chromium.launch();
  try {
    const stop = async () => { await browser.close(); };
    signal.addEventListener('abort', stop);
    const page = await browser.newPage();
    await page.goto(url);
    return await page.content();
  } finally {
    await browser.close();
  }
}
` }] }],
});

invalid.push({
  name: "failure listeners only: the release handed only to `client.once('error', client.release)`",
  code: `import { Pool } from 'pg';
const pool = new Pool();
export async function handedToErrorOnly(sql: string) {
  const client = await pool.connect();
  client.once('error', client.release);
  const { rows } = await client.query(sql);
  return rows;
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 4,
      suggestions: [{ messageId: 'suggestTryFinally', output: `import { Pool } from 'pg';
const pool = new Pool();
export async function handedToErrorOnly(sql: string) {
  const client = await pool.connect();
  try {
    client.once('error', client.release);
    const { rows } = await client.query(sql);
    return rows;
  } finally {
    client.release();
  }
}
` }],
    },
  ],
});

// A release under a test of the resource's own state (catalog `heldWhen` / `releasedWhen`) releases
// on every path where there is something to release.
valid.push({
  name: "state guards: `if (queryRunner.isTransactionActive)` rollback in `catch` and `if (!queryRunner.isReleased)` release; MongoDB `session.inTransaction()`; knex `!trx.isCompleted()`; neo4j `tx.isOpen()`",
  code: `import { DataSource } from 'typeorm';
import { MongoClient } from 'mongodb';
import knex from 'knex';
import neo4j from 'neo4j-driver';
const dataSource = new DataSource({ type: 'postgres' });
const mongo = new MongoClient('mongodb://localhost');
const db = knex({ client: 'pg' });
const driver = neo4j.driver('neo4j://localhost');
export async function guardedInCatch(sql: string) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query(sql);
    await queryRunner.commitTransaction();
  } catch (error) {
    if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    if (!queryRunner.isReleased) await queryRunner.release();
  }
}
export async function mongoTransfer(from: string, to: string) {
  const session = mongo.startSession();
  try {
    session.startTransaction();
    await mongo.db('bank').collection('accounts').updateOne({ _id: from }, { $inc: { balance: -1 } }, { session });
    await mongo.db('bank').collection('accounts').updateOne({ _id: to }, { $inc: { balance: 1 } }, { session });
    await session.commitTransaction();
  } catch (error) {
    if (session.inTransaction()) await session.abortTransaction();
    throw error;
  } finally {
    await session.endSession();
  }
}
export async function knexArchive(id: number) {
  const trx = await db.transaction();
  try {
    await trx('orders').where({ id }).update({ archived: true });
    await trx.commit();
  } catch (error) {
    if (!trx.isCompleted()) await trx.rollback();
    throw error;
  }
}
export async function graphWrite(name: string) {
  const session = driver.session();
  const tx = session.beginTransaction();
  try {
    await tx.run('CREATE (:Person {name: $name})', { name });
    await tx.commit();
  } catch (error) {
    if (tx.isOpen()) await tx.rollback();
    throw error;
  } finally {
    await session.close();
  }
}
`,
});

invalid.push({
  name: "state guards: a rollback under the state tested the wrong way round (`!queryRunner.isTransactionActive`)",
  code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function inverted(sql: string) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query(sql);
    await queryRunner.commitTransaction();
  } catch (error) {
    if (!queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}
`,
  errors: [
    {
      messageId: 'notRolledBack',
      line: 6,
      suggestions: [{ messageId: 'suggestTryCatch', output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function inverted(sql: string) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    try {
      await queryRunner.query(sql);
      await queryRunner.commitTransaction();
    } catch (error) {
      if (!queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
      throw error;
    } finally {
      await queryRunner.release();
    }
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  }
}
` }],
    },
  ],
});

invalid.push({
  name: "state guards: a rollback under a test of something else (`dataSource.isInitialized`)",
  code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function unrelated(sql: string) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query(sql);
    await queryRunner.commitTransaction();
  } catch (error) {
    if (dataSource.isInitialized) await queryRunner.rollbackTransaction();
    throw error;
  } finally {
    await queryRunner.release();
  }
}
`,
  errors: [
    {
      messageId: 'notRolledBack',
      line: 6,
      suggestions: [{ messageId: 'suggestTryCatch', output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function unrelated(sql: string) {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    try {
      await queryRunner.query(sql);
      await queryRunner.commitTransaction();
    } catch (error) {
      if (dataSource.isInitialized) await queryRunner.rollbackTransaction();
      throw error;
    } finally {
      await queryRunner.release();
    }
  } catch (error) {
    await queryRunner.rollbackTransaction();
    throw error;
  }
}
` }],
    },
  ],
});

// Registering a hook or a test runs nothing yet, so it cannot fail between the acquisition and the
// hook that releases it; a suite body runs once, when tests are collected, so no `finally` is suggested there.
valid.push({
  name: 'suite bodies: a client connected in `beforeAll` and ended in `afterAll`, with tests registered between; a data source initialised and destroyed by hooks',
  code: `import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { describe, it, beforeAll, afterAll, expect } from 'vitest';
describe('pings', () => {
  const client = new Client();
  beforeAll(() => client.connect());
  it.each([1, 2])('pings %i', async (n) => {
    expect((await client.query('select $1::int', [n])).rowCount).toBe(1);
  });
  afterAll(() => client.end());
});
describe('data source', () => {
  const ds = new DataSource({ type: 'postgres' });
  beforeAll(async () => {
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
  });
  it('answers', async () => {
    await ds.query('select 1');
  });
});
`,
});
invalid.push({
  name: 'suite bodies: a client never ended, and one whose end hook comes after a call that can throw; no `finally` suggested in a suite body',
  code: `import { Client } from 'pg';
import { describe, it, beforeAll, afterAll } from 'vitest';
function loadConfig(): { url: string } {
  return { url: process.env.DATABASE_URL ?? '' };
}
describe('never ended', () => {
  const client = new Client();
  beforeAll(() => client.connect());
  it('pings', async () => {
    await client.query('select 1');
  });
});
describe('a call that can throw before the hook that ends it', () => {
  const client = new Client();
  beforeAll(() => client.connect());
  const config = loadConfig();
  afterAll(() => client.end());
  it('pings', async () => {
    await client.query(config.url);
  });
});
`,
  errors: [
    { messageId: 'neverReleased', line: 7, suggestions: [] },
    { messageId: 'notReleasedOnThrow', line: 14, suggestions: [] },
  ],
});

// `process.exit()` ends the path with nothing held; a `console` call does not throw, its arguments still may.
valid.push({
  name: '`process.exit()` between the acquisition and the `try` ends the process; `console.info()` there cannot fail',
  code: `import { DataSource } from 'typeorm';
import { Pool } from 'pg';
const pool = new Pool();
export async function migrateCli(argv: string[]) {
  const ds = new DataSource({ type: 'postgres' });
  await ds.initialize();
  if (argv[0] !== 'run') {
    console.error('usage: migrate run');
    process.exit(64);
  }
  try {
    await ds.runMigrations();
  } finally {
    await ds.destroy();
  }
}
export async function checkCli(argv: string[]) {
  const client = await pool.connect();
  if (!argv.length) process.exit(2);
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
}
export async function logged(sql: string) {
  const client = await pool.connect();
  console.info('connected');
  try {
    return await client.query(sql);
  } finally {
    client.release();
  }
}
`,
});
invalid.push({
  name: '`process.exitCode = 2; return;` still skips the release; a `console` call whose argument is a call may still throw',
  code: `import { Pool } from 'pg';
const pool = new Pool();
export async function checkCli(argv: string[]) {
  const client = await pool.connect();
  if (!argv.length) {
    process.exitCode = 2;
    return;
  }
  try {
    await client.query('select 1');
  } finally {
    client.release();
  }
}
export async function loggedWithCall(sql: string, meta: object) {
  const client = await pool.connect();
  console.info(JSON.stringify(meta));
  try {
    return await client.query(sql);
  } finally {
    client.release();
  }
}
`,
  errors: [
    { messageId: 'skippedByExit', line: 4 },
    { messageId: 'notReleasedOnThrow', line: 16, suggestions: [] },
  ],
});

// A lazy getter that keeps a local in its store and returns the local opens once, not per call.
valid.push({
  name: 'lazy getters that store a local and return it (`if (cached) return cached; const client = …; cached = client; return client`), module variable and static field',
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
  name: 'a getter that stores a local without a guard, or under a test of another store, opens on every call',
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
    { messageId: 'discarded', line: 18 },
    { messageId: 'discarded', line: 19 },
  ],
});

// An in-flight registry (the entry deleted again in the same function) is no hand-off, and adding to it
// cannot fail.
valid.push({
  name: 'in-flight registries: added before the `try`, deleted and released in its `finally`',
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
  name: 'an in-flight registry is no hand-off: the client deleted from it but never released',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const active = new Set<PoolClient>();
export async function tracked(sql: string) {
  const client = await pool.connect();
  active.add(client);
  try {
    await client.query(sql);
  } finally {
    active.delete(client);
  }
}
`,
  errors: [{ messageId: 'neverReleased', line: 5, suggestions: [{ messageId: 'suggestTryFinally', output: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const active = new Set<PoolClient>();
export async function tracked(sql: string) {
  const client = await pool.connect();
  try {
    active.add(client);
    try {
      await client.query(sql);
    } finally {
      active.delete(client);
    }
  } finally {
    client.release();
  }
}
` }] }],
});

// A resource passed to a constructor that only keeps it in a field no method releases is lent, not
// handed over: the caller still owns it.
valid.push({
  name: 'constructors: a repository that borrows the runner (the caller releases it in `finally`); a unit of work that releases it (ownership passes); a constructor that hands it on; a borrowing repository returned to the caller, which takes the runner with it',
  code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
class OrderRepository {
  constructor(private readonly runner: QueryRunner) {}
  insert(id: string) {
    return this.runner.query('INSERT INTO orders (id) VALUES ($1)', [id]);
  }
}
class UnitOfWork {
  private readonly runner: QueryRunner;
  constructor(runner: QueryRunner) {
    this.runner = runner;
  }
  async dispose() {
    await this.runner.release();
  }
}
class Forwarding {
  constructor(runner: QueryRunner) {
    register(runner);
  }
}
declare function register(runner: QueryRunner): void;
export async function placeOrder(id: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await new OrderRepository(runner).insert(id);
  } finally {
    await runner.release();
  }
}
export function beginUnit() {
  const runner = dataSource.createQueryRunner();
  return new UnitOfWork(runner);
}
export function forward() {
  const runner = dataSource.createQueryRunner();
  new Forwarding(runner);
}
export function repositoryForCaller() {
  const runner = dataSource.createQueryRunner();
  const orders = new OrderRepository(runner);
  return orders;
}
`,
});
invalid.push({
  name: "constructors: a runner lent to a repository (`this.runner = runner`, no method releases it) and released only on the happy path",
  code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
class OrderRepository {
  private readonly runner: QueryRunner;
  constructor(runner: QueryRunner) {
    this.runner = runner;
  }
  insert(id: string) {
    return this.runner.query('INSERT INTO orders (id) VALUES ($1)', [id]);
  }
}
export async function placeOrder(id: string) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const orders = new OrderRepository(runner);
  await orders.insert(id);
  await runner.release();
}
`,
  errors: [{ messageId: 'notReleasedOnThrow', line: 13, suggestions: [{ messageId: 'suggestTryFinally', output: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
class OrderRepository {
  private readonly runner: QueryRunner;
  constructor(runner: QueryRunner) {
    this.runner = runner;
  }
  insert(id: string) {
    return this.runner.query('INSERT INTO orders (id) VALUES ($1)', [id]);
  }
}
export async function placeOrder(id: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const orders = new OrderRepository(runner);
    await orders.insert(id);
  } finally {
    await runner.release();
  }
}
` }] }],
});
invalid.push({
  name: "constructors: a runner lent inline to a repository with a parameter property, never released",
  code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
class OrderRepository {
  constructor(private readonly runner: QueryRunner) {}
  insert(id: string) {
    return this.runner.query('INSERT INTO orders (id) VALUES ($1)', [id]);
  }
}
export async function placeOrderNoRelease(id: string) {
  const runner = dataSource.createQueryRunner();
  await new OrderRepository(runner).insert(id);
}
`,
  errors: [{ messageId: 'neverReleased', line: 10, suggestions: [{ messageId: 'suggestTryFinally', output: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
class OrderRepository {
  constructor(private readonly runner: QueryRunner) {}
  insert(id: string) {
    return this.runner.query('INSERT INTO orders (id) VALUES ($1)', [id]);
  }
}
export async function placeOrderNoRelease(id: string) {
  const runner = dataSource.createQueryRunner();
  try {
    await new OrderRepository(runner).insert(id);
  } finally {
    await runner.release();
  }
}
` }] }],
});

// A set-up hook that keeps a resource in a variable of its suite leaves its release to the suite's
// teardown: reported when no code of the suite releases that variable.
valid.push({
  name: 'set-up hooks: a module-level pool ended in `afterAll`; a client per test released in `afterEach`; a runner stored through a local and released by a closer',
  code: `import { Pool, type PoolClient } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { describe, it, beforeAll, beforeEach, afterAll, afterEach } from 'vitest';
const pool = new Pool();
const ds = new DataSource({ type: 'postgres' });
let shared: Pool;
beforeAll(() => {
  shared = new Pool();
});
afterAll(async () => {
  await shared.end();
});
async function closeRunner(runner: QueryRunner) {
  await runner.release();
}
describe('client per test', () => {
  let client: PoolClient;
  beforeEach(async () => {
    client = await pool.connect();
  });
  afterEach(() => {
    client.release();
  });
  it('q', async () => {
    await client.query('select 1');
  });
});
describe('runner per test, through a local and a closer', () => {
  let qr: QueryRunner;
  beforeEach(async () => {
    const runner = ds.createQueryRunner();
    await runner.startTransaction();
    qr = runner;
  });
  afterEach(async () => {
    await qr.rollbackTransaction();
    await closeRunner(qr);
  });
  it('q', async () => {
    await qr.query('select 1');
  });
});
`,
});
invalid.push({
  name: 'set-up hooks: a pool with no `afterAll`, a client per test never released, a runner rolled back but never released',
  code: `import { Pool, type PoolClient } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { describe, it, beforeAll, beforeEach, afterEach } from 'vitest';
const pool = new Pool();
const ds = new DataSource({ type: 'postgres' });
describe('pool opened in beforeAll, no afterAll', () => {
  let p: Pool;
  beforeAll(() => {
    p = new Pool();
  });
  it('q', async () => {
    await p.query('select 1');
  });
});
describe('client per test, never released', () => {
  let client: PoolClient;
  beforeEach(async () => {
    client = await pool.connect();
  });
  it('q', async () => {
    await client.query('select 1');
  });
});
describe('runner per test, rolled back but never released', () => {
  let qr: QueryRunner;
  beforeEach(async () => {
    qr = ds.createQueryRunner();
    await qr.startTransaction();
  });
  afterEach(async () => {
    await qr.rollbackTransaction();
  });
  it('q', async () => {
    await qr.query('select 1');
  });
});
`,
  errors: [
    {
      messageId: 'hookNeverReleased',
      line: 9,
      data: { resource: 'pg pool', name: 'p', hook: 'beforeAll', teardown: 'afterAll', releaseCall: 'await p.end()' },
    },
    {
      messageId: 'hookNeverReleased',
      line: 18,
      data: { resource: 'pooled client', name: 'client', hook: 'beforeEach', teardown: 'afterEach', releaseCall: 'client.release()' },
    },
    {
      messageId: 'hookNeverReleased',
      line: 27,
      data: { resource: 'query runner', name: 'qr', hook: 'beforeEach', teardown: 'afterEach', releaseCall: 'await qr.release()' },
    },
  ],
});

// A release in a rejection handler only (`.catch`, the second handler of `.then`) misses every path that succeeds.
valid.push({
  name: 'rejection handlers beside a release on success: both handlers of a chain, a `.catch` that releases before the release that follows, `.then(ok, error)` releasing in both, `.catch(log).finally(close)`',
  code: `import { Pool } from 'pg';
import neo4j from 'neo4j-driver';
const pool = new Pool();
const driver = neo4j.driver('neo4j://localhost');
export function bothHandlers(id: string) {
  return pool.connect().then((client) =>
    client
      .query('select $1::text', [id])
      .then((r) => {
        client.release();
        return r.rows;
      })
      .catch((error) => {
        client.release();
        throw error;
      }),
  );
}
export async function catchThenRelease(sql: string) {
  const client = await pool.connect();
  await client.query(sql).catch((error) => {
    client.release();
    throw error;
  });
  client.release();
}
export function thenWithTwoHandlers() {
  const session = driver.session();
  return session.run('RETURN 1').then(
    async (r) => {
      await session.close();
      return r.records.length;
    },
    async (error) => {
      await session.close();
      throw error;
    },
  );
}
export function catchAndFinally() {
  const session = driver.session();
  return session
    .run('RETURN 1')
    .catch((error) => {
      console.error(error);
      throw error;
    })
    .finally(() => session.close());
}
`,
});
invalid.push({
  name: 'rejection handlers only: a pg client released only in `.catch`, a neo4j session closed only in `.catch`, and only in the second handler of `.then`',
  code: `import { Pool } from 'pg';
import neo4j from 'neo4j-driver';
const pool = new Pool();
const driver = neo4j.driver('neo4j://localhost');
export function listOrders(customerId: string) {
  return pool.connect().then((client) =>
    client
      .query('SELECT * FROM orders WHERE customer_id = $1', [customerId])
      .then((r) => r.rows)
      .catch((error) => {
        client.release();
        throw error;
      }),
  );
}
export function countNodes() {
  const session = driver.session();
  return session
    .run('MATCH (n) RETURN count(n) AS c')
    .then((r) => r.records[0].get('c'))
    .catch(async (error) => {
      await session.close();
      throw error;
    });
}
export function secondHandlerOnly() {
  const session = driver.session();
  return session.run('RETURN 1').then(undefined, async (error) => {
    await session.close();
    throw error;
  });
}
`,
  errors: [
    { messageId: 'releasedOnRejectionOnly', line: 6 },
    { messageId: 'releasedOnRejectionOnly', line: 17 },
    { messageId: 'releasedOnRejectionOnly', line: 27 },
  ],
});

// A `finally` whose every release runs only when the lent resource is there releases nothing of its own.
valid.push({
  name: 'lent guards in `finally` the right way round: `if (lent) { … } else client.release()` and `if (!lent) client.release()`',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function findUser(id: string, lent?: PoolClient) {
  const client = lent ?? (await pool.connect());
  try {
    const { rows } = await client.query('select * from users where id = $1', [id]);
    return rows[0];
  } finally {
    if (lent) {
      console.debug('lent client left to its owner');
    } else {
      client.release();
    }
  }
}
export async function findUserShort(id: string, lent?: PoolClient) {
  const client = lent ?? (await pool.connect());
  try {
    const { rows } = await client.query('select * from users where id = $1', [id]);
    return rows[0];
  } finally {
    if (!lent) client.release();
  }
}
`,
});
invalid.push({
  name: 'a lent guard in `finally` the wrong way round (`if (lent) client.release()`) releases only what the caller lent',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function findUser(id: string, lent?: PoolClient) {
  const client = lent ?? (await pool.connect());
  try {
    const { rows } = await client.query('select * from users where id = $1', [id]);
    return rows[0];
  } finally {
    if (lent) client.release();
  }
}
`,
  errors: [{ messageId: 'skippedByExit', line: 4 }],
});

valid.push({
  name: 'a page opened from the browser a `then` callback receives and closes in `finally` is closed with it',
  code: `import { chromium } from 'playwright-core';
export function title(url: string) {
  return chromium.launch().then(async (browser) => {
    try {
      const page = await browser.newPage();
      await page.goto(url);
      return await page.title();
    } finally {
      await browser.close();
    }
  });
}
`,
});
invalid.push({
  name: 'a browser a `then` callback receives and never closes is reported once, not again at the page opened from it',
  code: `import { chromium } from 'playwright-core';
export function title(url: string) {
  return chromium.launch().then(async (browser) => {
    const page = await browser.newPage();
    await page.goto(url);
    return page.title();
  });
}
`,
  errors: [{ messageId: 'neverReleased', line: 3 }],
});
invalid.push({
  name: 'pages opened per iteration from a `then` callback\'s browser are still reported per iteration',
  code: `import { chromium } from 'playwright-core';
export function visit(urls: string[]) {
  return chromium.launch().then(async (browser) => {
    try {
      for (const url of urls) {
        const page = await browser.newPage();
        await page.goto(url);
      }
    } finally {
      await browser.close();
    }
  });
}
`,
  errors: [
    {
      messageId: 'reacquiredBeforeRelease',
      line: 6,
      suggestions: [
        {
          messageId: 'suggestTryFinally',
          data: { release: 'await page.close()' },
          output: `import { chromium } from 'playwright-core';
export function visit(urls: string[]) {
  return chromium.launch().then(async (browser) => {
    try {
      for (const url of urls) {
        const page = await browser.newPage();
        try {
          await page.goto(url);
        } finally {
          await page.close();
        }
      }
    } finally {
      await browser.close();
    }
  });
}
`,
        },
      ],
    },
  ],
});

valid.push({
  name: 'calls on the resource in `finally` before its release that cannot skip it: a swallowed rejection, a nested `try`, calls not awaited, the release first',
  code: `import { Pool } from 'pg';
import { chromium } from 'playwright-core';
const pool = new Pool();
export async function swallowed() {
  const client = await pool.connect();
  try {
    return (await client.query('SELECT 1')).rows;
  } finally {
    await client.query('RESET ROLE').catch(() => undefined);
    client.release();
  }
}
export async function nested() {
  const client = await pool.connect();
  try {
    return (await client.query('SELECT 1')).rows;
  } finally {
    try {
      await client.query('RESET ROLE');
    } finally {
      client.release();
    }
  }
}
export async function notAwaited() {
  const browser = await chromium.launch();
  try {
    await (await browser.newPage()).goto('https://example.com');
  } finally {
    console.log(browser.contexts().length);
    browser.removeAllListeners('disconnected');
    await browser.close();
  }
}
export async function releasedFirst() {
  const client = await pool.connect();
  try {
    return (await client.query('SELECT 1')).rows;
  } finally {
    client.release();
    await pool.query('SELECT 2');
  }
}
`,
});
invalid.push({
  name: 'an awaited call on the resource in `finally` before its release (`RESET ROLE`, a rollback, an unsubscribe) skips the release when it throws',
  code: `import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createClient } from 'redis';
const pool = new Pool();
const dataSource = new DataSource({ type: 'postgres' });
export async function asRole(role: string) {
  const client = await pool.connect();
  try {
    await client.query(\`SET ROLE \${role}\`);
    return (await client.query('SELECT 1')).rows;
  } finally {
    await client.query('RESET ROLE');
    client.release();
  }
}
export async function transfer() {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    await runner.query('UPDATE accounts SET balance = balance - 1');
    await runner.commitTransaction();
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}
export async function listen(channel: string) {
  const subscriber = createClient();
  await subscriber.connect();
  try {
    await subscriber.subscribe(channel, () => undefined);
  } finally {
    await subscriber.unsubscribe(channel);
    await subscriber.quit();
  }
}
`,
  errors: [
    {
      messageId: 'failingCallBeforeRelease',
      line: 7,
      data: { resource: 'pooled client', name: 'client', call: 'client.query(…)', line: '12', release: 'client.release()' },
    },
    {
      messageId: 'failingCallBeforeRelease',
      line: 17,
      data: { resource: 'query runner', name: 'runner', call: 'runner.rollbackTransaction()', line: '24', release: 'await runner.release()' },
    },
    {
      messageId: 'failingCallBeforeRelease',
      line: 29,
      data: { resource: 'Redis client', name: 'subscriber', call: 'subscriber.unsubscribe(…)', line: '34', release: 'await subscriber.quit()' },
    },
  ],
});

valid.push({
  name: 'callback form: a query callback that names its own error `err` too, and releases on every path of its own',
  code: `import { Pool } from 'pg';
import mysql from 'mysql2';
const pool = new Pool();
const connections = mysql.createPool({});
export function load(id: string, cb: (error: Error | null, rows?: unknown[]) => void) {
  pool.connect((err, client, done) => {
    if (err || !client) return cb(err);
    client.query('SELECT * FROM items WHERE id = $1', [id], (err, result) => {
      done();
      if (err) return cb(err);
      cb(null, result.rows);
    });
  });
}
export function count(cb: (error: Error | null, rows?: unknown) => void) {
  connections.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.query('SELECT COUNT(*) FROM items', (err, rows) => {
      conn.release();
      cb(err, rows);
    });
  });
}
`,
});
invalid.push({
  name: 'callback form: a query callback whose own `err` shadows the connection error does not make its early return release-free',
  code: `import { Pool } from 'pg';
import mysql from 'mysql2';
const pool = new Pool();
const connections = mysql.createPool({});
export function load(id: string, cb: (error: Error | null, rows?: unknown[]) => void) {
  pool.connect((err, client, done) => {
    if (err || !client) return cb(err);
    client.query('SELECT * FROM items WHERE id = $1', [id], (err, result) => {
      if (err) return cb(err);
      done();
      cb(null, result.rows);
    });
  });
}
export function count(cb: (error: Error | null, rows?: unknown) => void) {
  connections.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.query('SELECT COUNT(*) FROM items', (err, rows) => {
      if (err) return cb(err);
      conn.release();
      cb(null, rows);
    });
  });
}
`,
  errors: [
    { messageId: 'releasedOnSomePaths', line: 6 },
    { messageId: 'releasedOnSomePaths', line: 16 },
  ],
});

valid.push({
  name: 'a page a `then` callback receives from a browser this function launched and closes (`.finally(() => browser.close())`, or `finally`) is closed with it',
  code: `import puppeteer from 'puppeteer-core';
import { chromium } from 'playwright-core';
export function thumbnail(url: string, path: string) {
  return puppeteer.launch({}).then((browser) =>
    browser
      .newPage()
      .then((page) => page.goto(url).then(() => page.screenshot({ path })))
      .finally(() => browser.close()),
  );
}
export async function title(url: string) {
  const browser = await chromium.launch();
  try {
    return await browser.newPage().then((page) => page.goto(url).then(() => page.title()));
  } finally {
    await browser.close();
  }
}
`,
});
invalid.push({
  name: 'a page a `then` callback receives from a browser the function was lent is still its own to close',
  code: `import type { Browser } from 'puppeteer-core';
export function title(browser: Browser, url: string) {
  return browser.newPage().then((page) => page.goto(url).then(() => page.title()));
}
`,
  errors: [{ messageId: 'neverReleased', line: 3 }],
});

valid.push({
  name: 'a releaser returned through a local `const`: an object with a closing arrow or method, a closing arrow, an iterator whose `return()` releases',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function lease(): Promise<{ client: PoolClient; close(): void }> {
  const client = await pool.connect();
  const handle = { client, close: () => client.release() };
  return handle;
}
export async function leaseWithMethod() {
  const client = await pool.connect();
  const handle = {
    query: (sql: string) => client.query(sql),
    close() {
      client.release();
    },
  };
  return handle;
}
export async function releaser(): Promise<() => void> {
  const client = await pool.connect();
  const stop = () => client.release();
  return stop;
}
export async function rows(): Promise<AsyncIterableIterator<number>> {
  const client = await pool.connect();
  const iterator: AsyncIterableIterator<number> = {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      return { done: true, value: undefined };
    },
    async return() {
      client.release();
      return { done: true, value: undefined };
    },
  };
  return iterator;
}
`,
});
invalid.push({
  name: 'a releaser in a local that is never returned, and one returned after a query that may throw',
  code: `import { Pool } from 'pg';
const pool = new Pool();
export async function unusedReleaser() {
  const client = await pool.connect();
  const stop = () => client.release();
  const { rows } = await client.query('select 1');
  return rows;
}
export async function lease(role: string) {
  const client = await pool.connect();
  const handle = { close: () => client.release() };
  await client.query(\`SET ROLE \${role}\`);
  return handle;
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 4,
      suggestions: [
        {
          messageId: 'suggestTryFinally',
          output: `import { Pool } from 'pg';
const pool = new Pool();
export async function unusedReleaser() {
  const client = await pool.connect();
  try {
    const stop = () => client.release();
    const { rows } = await client.query('select 1');
    return rows;
  } finally {
    client.release();
  }
}
export async function lease(role: string) {
  const client = await pool.connect();
  const handle = { close: () => client.release() };
  await client.query(\`SET ROLE \${role}\`);
  return handle;
}
`,
        },
      ],
    },
    { messageId: 'notReleasedOnThrow', line: 10 },
  ],
});

valid.push({
  name: 'the promise of a setup call (`client.connect().then(…)`): a lazy getter storing `connect().then(() => client)`, a handler that releases on every path',
  code: `import { Client } from 'pg';
import { MongoClient } from 'mongodb';
import { createClient } from 'redis';
let redis: Promise<ReturnType<typeof createClient>> | undefined;
export function getRedis() {
  if (!redis) {
    const client = createClient({ url: process.env.REDIS_URL });
    redis = client.connect().then(() => client);
  }
  return redis;
}
let mongo: Promise<MongoClient> | undefined;
export function getMongo() {
  if (!mongo) {
    const client = new MongoClient('mongodb://localhost');
    mongo = client.connect().then(() => client);
  }
  return mongo;
}
export function count(sql: string) {
  const client = new Client();
  return client.connect().then(async () => {
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  });
}
`,
});
invalid.push({
  name: 'the promise of a setup call whose handler releases only after a query that may throw',
  code: `import { Client } from 'pg';
export function count(sql: string) {
  const client = new Client();
  return client.connect().then(async () => {
    const result = await client.query(sql);
    await client.end();
    return result.rows;
  });
}
`,
  errors: [{ messageId: 'releasedOnSomePaths', line: 3, data: { resource: 'pg client', name: 'client', line: '5' } }],
});

valid.push({
  name: 'calls that do not throw between the acquisition and its hand-off: listener registrations on any emitter, a clock read in a log line',
  code: `import { EventEmitter } from 'node:events';
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function attach(socket: EventEmitter) {
  const client = await pool.connect();
  socket.on('message', (text: string) => void client.query('INSERT INTO log VALUES ($1)', [text]));
  socket.once('close', () => client.release());
}
export async function acquire(): Promise<PoolClient> {
  const started = Date.now();
  const client = await pool.connect();
  console.debug('acquired in', Date.now() - started, 'ms', performance.now());
  return client;
}
`,
});
invalid.push({
  name: 'a project call between the acquisition and its hand-off may still throw, as may an argument of a registration',
  code: `import { EventEmitter } from 'node:events';
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const metrics = { acquired: 0, inc(): void { this.acquired++; } };
export async function acquire(): Promise<PoolClient> {
  const client = await pool.connect();
  metrics.inc();
  return client;
}
export async function attach(socket: EventEmitter, makeHandler: () => () => void): Promise<PoolClient> {
  const client = await pool.connect();
  socket.on('message', makeHandler());
  return client;
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 6 },
    { messageId: 'notReleasedOnThrow', line: 11 },
  ],
});

valid.push({
  name: 'a MongoDB client kept through its `db()` handle: the serverless tutorial caching only the Db, and the old with-mongodb example caching both',
  code: `import { MongoClient, type Db } from 'mongodb';
const uri = process.env.MONGODB_URI ?? '';
let cachedDb: Db | null = null;
export async function connectToDatabase() {
  if (cachedDb) return cachedDb;
  const client = await MongoClient.connect(uri);
  cachedDb = client.db('app');
  return cachedDb;
}
let cachedClient: MongoClient | null = null;
let cachedDb2: Db | null = null;
export async function connectToDatabase2() {
  if (cachedClient && cachedDb2) return { client: cachedClient, db: cachedDb2 };
  const client = await MongoClient.connect(uri);
  const db = client.db('app');
  cachedClient = client;
  cachedDb2 = db;
  return { client, db };
}
`,
});
invalid.push({
  name: 'a MongoDB client whose `db()` handle is only used inside the function is still never closed',
  code: `import { MongoClient } from 'mongodb';
export async function countUsers(uri: string) {
  const client = await MongoClient.connect(uri);
  const db = client.db('app');
  return db.collection('users').countDocuments();
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 3,
      suggestions: [
        {
          messageId: 'suggestTryFinally',
          output: `import { MongoClient } from 'mongodb';
export async function countUsers(uri: string) {
  const client = await MongoClient.connect(uri);
  try {
    const db = client.db('app');
    return await db.collection('users').countDocuments();
  } finally {
    await client.close();
  }
}
`,
        },
      ],
    },
  ],
});

invalidTyped.push({
  name: 'typed: a factory called through an interface or an abstract method that one project class implements',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export interface ConnectionProvider {
  acquire(): Promise<PoolClient>;
}
export class PrimaryProvider implements ConnectionProvider {
  acquire(): Promise<PoolClient> {
    return pool.connect();
  }
}
export abstract class Repository {
  protected abstract checkout(): Promise<PoolClient>;
  async count(table: string) {
    const client = await this.checkout();
    const { rows } = await client.query(\`SELECT count(*) FROM \${table}\`);
    client.release();
    return rows[0];
  }
}
export class OrdersRepository extends Repository {
  protected checkout() {
    return pool.connect();
  }
}
export async function viaInterface(provider: ConnectionProvider) {
  const client = await provider.acquire();
  const { rows } = await client.query('SELECT 1');
  client.release();
  return rows;
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 14 },
    { messageId: 'notReleasedOnThrow', line: 26 },
  ],
});
valid.push({
  name: 'an interface method with two implementations (which runs is not known), or whose one implementation hands out a shared client',
  code: `import { Pool, type PoolClient } from 'pg';
const primary = new Pool();
const replica = new Pool();
export interface ConnectionProvider {
  acquire(): Promise<PoolClient>;
}
export class PrimaryProvider implements ConnectionProvider {
  acquire(): Promise<PoolClient> {
    return primary.connect();
  }
}
export class ReplicaProvider implements ConnectionProvider {
  acquire(): Promise<PoolClient> {
    return replica.connect();
  }
}
export async function viaInterface(provider: ConnectionProvider) {
  const client = await provider.acquire();
  const { rows } = await client.query('SELECT 1');
  client.release();
  return rows;
}
export interface SharedProvider {
  get(): Promise<PoolClient>;
}
let shared: PoolClient | undefined;
export class LazyProvider implements SharedProvider {
  async get(): Promise<PoolClient> {
    if (shared) return shared;
    const client = await primary.connect();
    shared = client;
    return client;
  }
}
export async function viaShared(provider: SharedProvider) {
  const client = await provider.get();
  return (await client.query('SELECT 1')).rows;
}
`,
});

valid.push({
  name: 'log lines between the acquisition and its try or hand-off do not throw: a logger level method, a debug function, console',
  code: `import createDebug from 'debug';
import { MongoClient } from 'mongodb';
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const debug = createDebug('app:db');
const logger = { info(message: string): void { process.stdout.write(message); } };
export async function initReplSet(uri: string) {
  const con = await MongoClient.connect(uri, { directConnection: true });
  debug('initReplSet: connected to %s', uri);
  try {
    await con.db('admin').command({ replSetInitiate: {} });
  } finally {
    await con.close();
  }
}
export class Accounts {
  private readonly logger = logger;
  async acquire(): Promise<PoolClient> {
    const client = await pool.connect();
    this.logger.info(\`acquired \${client.processID}\`);
    return client;
  }
}
`,
});
valid.push({
  name: 'an assertion that the acquired value is there throws only when nothing was acquired',
  code: `import assert from 'node:assert';
import { MongoClient } from 'mongodb';
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export class Store {
  clientP: Promise<MongoClient>;
  constructor(url: string) {
    const clientP = MongoClient.connect(url);
    assert(!!clientP, 'Client is null|undefined');
    this.clientP = clientP;
  }
  async close() {
    (await this.clientP).close();
  }
}
export async function acquire(): Promise<PoolClient> {
  const client = await pool.connect();
  assert.ok(client !== undefined, 'no client');
  return client;
}
`,
});
invalid.push({
  name: 'a log line whose argument calls the resource, an assertion about something else, and a level method of something not named as a logger may still throw',
  code: `import assert from 'node:assert';
import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const logger = { info(message: string): void { process.stdout.write(message); } };
const audit = { info(client: PoolClient): void { void client; } };
export async function describe(): Promise<PoolClient> {
  const client = await pool.connect();
  logger.info(String(await client.query('SELECT version()')));
  return client;
}
export async function checked(expected: number): Promise<PoolClient> {
  const client = await pool.connect();
  assert(expected > 0, 'expected rows');
  return client;
}
export async function audited(): Promise<PoolClient> {
  const client = await pool.connect();
  audit.info(client);
  return client;
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 7 },
    { messageId: 'notReleasedOnThrow', line: 12 },
    { messageId: 'notReleasedOnThrow', line: 17 },
  ],
});

valid.push({
  name: 'a lazy getter keyed by an own-key test (`in`, `Object.hasOwn`, `hasOwnProperty`) hands out a shared data source',
  code: `import { DataSource, type DataSourceOptions } from 'typeorm';
declare const options: DataSourceOptions;
const instances: Record<string, DataSource> = {};
export async function useDataSource(alias = 'default'): Promise<DataSource> {
  if (Object.prototype.hasOwnProperty.call(instances, alias)) {
    return instances[alias];
  }
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  instances[alias] = dataSource;
  return dataSource;
}
const byName: Record<string, DataSource> = {};
export async function useNamed(alias: string): Promise<DataSource> {
  if (alias in byName) return byName[alias];
  const dataSource = new DataSource(options);
  byName[alias] = dataSource;
  return dataSource;
}
const own: Record<string, DataSource> = {};
export async function useOwn(alias: string): Promise<DataSource> {
  if (!Object.hasOwn(own, alias)) own[alias] = new DataSource(options);
  return own[alias];
}
const legacy: Record<string, DataSource> = {};
export async function useLegacy(alias: string): Promise<DataSource> {
  if (legacy.hasOwnProperty(alias)) return legacy[alias];
  const dataSource = new DataSource(options);
  legacy[alias] = dataSource;
  return dataSource;
}
export async function countUsers() {
  const ds = await useDataSource();
  const named = await useNamed('reports');
  const owned = await useOwn('audit');
  const old = await useLegacy('old');
  return [await ds.query('SELECT 1'), await named.query('SELECT 1'), await owned.query('SELECT 1'), await old.query('SELECT 1')];
}
`,
});
invalid.push({
  name: 'an own-key test of another collection or another key guards nothing: the getter makes a data source per call',
  code: `import { DataSource, type DataSourceOptions } from 'typeorm';
declare const options: DataSourceOptions;
const instances: Record<string, DataSource> = {};
const known: Record<string, boolean> = {};
export async function useDataSource(alias: string): Promise<DataSource> {
  if (alias in known) return instances[alias];
  const dataSource = new DataSource(options);
  instances[alias] = dataSource;
  return dataSource;
}
export async function useOther(alias: string, other: string): Promise<DataSource> {
  if (Object.hasOwn(instances, other)) return instances[alias];
  const dataSource = new DataSource(options);
  instances[alias] = dataSource;
  return dataSource;
}
export async function countUsers() {
  const ds = await useDataSource('main');
  const rows = await ds.query('SELECT 1');
  await ds.destroy();
  const other = await useOther('main', 'replica');
  const more = await other.query('SELECT 1');
  await other.destroy();
  return [rows, more];
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 18 },
    { messageId: 'notReleasedOnThrow', line: 21 },
  ],
});

valid.push({
  name: 'a factory that acquires only under an opt-in flag its callers leave out returns nothing to release (nocobase getTransaction)',
  code: `import { Sequelize, type Transaction } from 'sequelize';
export class Repository {
  constructor(private readonly sequelize: Sequelize) {}
  async getTransaction(options: { transaction?: Transaction }, autoGen = false) {
    if (options.transaction) return options.transaction;
    if (autoGen) return await this.sequelize.transaction();
    return null;
  }
  maybeTransaction(open?: boolean) {
    return open && this.sequelize.transaction();
  }
  async count(options: { transaction?: Transaction }) {
    const transaction = await this.getTransaction(options);
    const other = await this.getTransaction(options, false);
    const none = await this.maybeTransaction();
    return this.sequelize.query('SELECT count(*) FROM items', { transaction: transaction ?? other ?? (none || undefined) });
  }
}
`,
});
invalid.push({
  name: 'the same factory called with the flag set, or with a default that opts in, returns a transaction to finish',
  code: `import { Sequelize, type Transaction } from 'sequelize';
export class Repository {
  constructor(private readonly sequelize: Sequelize) {}
  async getTransaction(options: { transaction?: Transaction }, autoGen = false) {
    if (options.transaction) return options.transaction;
    if (autoGen) return await this.sequelize.transaction();
    return null;
  }
  async begin(autoGen = true) {
    if (!autoGen) return null;
    return this.sequelize.transaction();
  }
  async count(options: { transaction?: Transaction }) {
    const transaction = await this.getTransaction(options, true);
    const begun = await this.begin();
    return this.sequelize.query('SELECT count(*) FROM items', { transaction: transaction ?? begun ?? undefined });
  }
}
`,
  errors: [
    { messageId: 'neverReleased', line: 14 },
    { messageId: 'neverReleased', line: 15 },
  ],
});

valid.push({
  name: 'a returned object whose closer is a local function or const (`return { closeFunction }`) hands the release to the caller',
  code: `import { createClient } from 'redis';
export async function trigger(url: string) {
  const client = createClient({ url });
  await client.connect();
  async function closeFunction() {
    await client.quit();
  }
  return { closeFunction };
}
export async function triggerArrow(url: string) {
  const client = createClient({ url });
  await client.connect();
  const stop = async () => {
    await client.quit();
  };
  return { closeFunction: stop, manualTriggerFunction: async () => undefined };
}
`,
});
invalid.push({
  name: 'a returned closer counts at the return: a call before it may still throw, and a closer that releases nothing releases nothing',
  code: `import { createClient } from 'redis';
export async function trigger(url: string) {
  const client = createClient({ url });
  await client.connect();
  await client.ping();
  async function closeFunction() {
    await client.quit();
  }
  return { closeFunction };
}
export async function poll(url: string) {
  const client = createClient({ url });
  await client.connect();
  const timer = setInterval(() => void client.ping(), 1000);
  function closeFunction() {
    clearInterval(timer);
  }
  return { closeFunction };
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 3 },
    {
      messageId: 'neverReleased',
      line: 12,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { createClient } from 'redis';
export async function trigger(url: string) {
  const client = createClient({ url });
  await client.connect();
  await client.ping();
  async function closeFunction() {
    await client.quit();
  }
  return { closeFunction };
}
export async function poll(url: string) {
  const client = createClient({ url });
  try {
    await client.connect();
    const timer = setInterval(() => void client.ping(), 1000);
    function closeFunction() {
      clearInterval(timer);
    }
    return { closeFunction };
  } finally {
    await client.quit();
  }
}
` },
      ],
    },
  ],
});
valid.push({
  name: 'a factory that assigns a local declared without a value and returns it: callers that release in finally',
  code: `import { MongoClient } from 'mongodb';
async function connect(uri: string, tls: boolean) {
  let client: MongoClient;
  if (tls) client = await MongoClient.connect(uri, { tls: true });
  else client = await MongoClient.connect(uri);
  return client;
}
export async function ping(uri: string) {
  const client = await connect(uri, false);
  try {
    await client.db().command({ ping: 1 });
  } finally {
    await client.close();
  }
}
async function fallback(uri: string, lent?: MongoClient) {
  let client = lent;
  if (!client) client = await MongoClient.connect(uri);
  return client;
}
export async function count(uri: string, shared: MongoClient) {
  const client = await fallback(uri, shared);
  return client.db().collection('users').countDocuments();
}
`,
});
invalid.push({
  name: 'a factory that assigns a local declared without a value and returns it hands its caller a client to close on every path',
  code: `import { MongoClient } from 'mongodb';
async function connect(uri: string, tls: boolean) {
  let client: MongoClient;
  if (tls) client = await MongoClient.connect(uri, { tls: true });
  else client = await MongoClient.connect(uri);
  return client;
}
async function connectOnce(uri: string) {
  let client;
  client = await MongoClient.connect(uri);
  return client;
}
export async function ping(uri: string) {
  const client = await connect(uri, false);
  await client.db().command({ ping: 1 });
  await client.close();
  const other = await connectOnce(uri);
  await other.db().command({ ping: 1 });
  await other.close();
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 14 },
    {
      messageId: 'notReleasedOnThrow',
      line: 17,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { MongoClient } from 'mongodb';
async function connect(uri: string, tls: boolean) {
  let client: MongoClient;
  if (tls) client = await MongoClient.connect(uri, { tls: true });
  else client = await MongoClient.connect(uri);
  return client;
}
async function connectOnce(uri: string) {
  let client;
  client = await MongoClient.connect(uri);
  return client;
}
export async function ping(uri: string) {
  const client = await connect(uri, false);
  await client.db().command({ ping: 1 });
  await client.close();
  const other = await connectOnce(uri);
  try {
    await other.db().command({ ping: 1 });
  } finally {
    await other.close();
  }
}
` },
      ],
    },
  ],
});

valid.push({
  name: 'a set-up call that resolves to the resource hands it on: `return client.connect()` (MongoDB), `return connection.asPromise()` (Mongoose), the lazy getter storing `client.connect()`',
  code: `import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
export function openClient(url: string) {
  const client = new MongoClient(url);
  return client.connect();
}
export async function createConnection(uri: string, lazy: boolean) {
  const connection = mongoose.createConnection(uri);
  if (lazy) return connection;
  return connection.asPromise();
}
export async function createOpenConnection(uri: string) {
  const connection = mongoose.createConnection(uri);
  await connection.asPromise();
  return connection;
}
let mongoPromise: Promise<MongoClient> | undefined;
export function getClient(uri: string) {
  if (!mongoPromise) {
    const client = new MongoClient(uri);
    mongoPromise = client.connect();
  }
  return mongoPromise;
}
`,
});
invalid.push({
  name: 'the set-up call awaited into a local, one that comes after a call that may throw, and an awaited `asPromise()` whose connection is never closed',
  code: `import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
export async function ping(uri: string) {
  const client = new MongoClient(uri);
  const connected = await client.connect();
  await connected.db().command({ ping: 1 });
}
export async function open(uri: string) {
  const client = new MongoClient(uri);
  await client.db('admin').command({ ping: 1 });
  return client.connect();
}
export async function count(uri: string) {
  const connection = mongoose.createConnection(uri);
  await connection.asPromise();
  const users = await connection.db?.collection('users').countDocuments();
  return users;
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 4,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
export async function ping(uri: string) {
  const client = new MongoClient(uri);
  try {
    const connected = await client.connect();
    await connected.db().command({ ping: 1 });
  } finally {
    await client.close();
  }
}
export async function open(uri: string) {
  const client = new MongoClient(uri);
  await client.db('admin').command({ ping: 1 });
  return client.connect();
}
export async function count(uri: string) {
  const connection = mongoose.createConnection(uri);
  await connection.asPromise();
  const users = await connection.db?.collection('users').countDocuments();
  return users;
}
` },
      ],
    },
    { messageId: 'notReleasedOnThrow', line: 9 },
    {
      messageId: 'neverReleased',
      line: 14,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { MongoClient } from 'mongodb';
import mongoose from 'mongoose';
export async function ping(uri: string) {
  const client = new MongoClient(uri);
  const connected = await client.connect();
  await connected.db().command({ ping: 1 });
}
export async function open(uri: string) {
  const client = new MongoClient(uri);
  await client.db('admin').command({ ping: 1 });
  return client.connect();
}
export async function count(uri: string) {
  const connection = mongoose.createConnection(uri);
  try {
    await connection.asPromise();
    const users = await connection.db?.collection('users').countDocuments();
    return users;
  } finally {
    await connection.close();
  }
}
` },
      ],
    },
  ],
});

valid.push({
  name: 'a factory that returns what the caller lends in a parameter it tests itself, when one is lent: the caller owns nothing new',
  code: `import pg from 'pg';
export function poolLet(lent?: pg.Pool) {
  let pool: pg.Pool;
  if (lent) pool = lent;
  else pool = new pg.Pool();
  return pool;
}
export function poolEarlyReturn(lent?: pg.Pool) {
  if (lent) return lent;
  return new pg.Pool();
}
export async function useShared(shared: pg.Pool) {
  const pool = poolLet(shared);
  const other = poolEarlyReturn(shared);
  return [await pool.query('SELECT 1'), await other.query('SELECT 1')];
}
`,
});
invalid.push({
  name: 'the same factories called without a lent pool, or lending through an options object they test by property, return a pool to end on every path',
  code: `import pg from 'pg';
export function poolLet(lent?: pg.Pool) {
  let pool: pg.Pool;
  if (lent) pool = lent;
  else pool = new pg.Pool();
  return pool;
}
export function poolFromOptions(options: { pool?: pg.Pool }) {
  if (options.pool) return options.pool;
  return new pg.Pool();
}
export async function useOwn(options: { pool?: pg.Pool }) {
  const pool = poolLet();
  await pool.query('SELECT 1');
  await pool.end();
  const other = poolFromOptions(options);
  await other.query('SELECT 1');
  await other.end();
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 13 },
    {
      messageId: 'notReleasedOnThrow',
      line: 16,
      suggestions: [
        {
          messageId: 'suggestTryFinally',
          output: `import pg from 'pg';
export function poolLet(lent?: pg.Pool) {
  let pool: pg.Pool;
  if (lent) pool = lent;
  else pool = new pg.Pool();
  return pool;
}
export function poolFromOptions(options: { pool?: pg.Pool }) {
  if (options.pool) return options.pool;
  return new pg.Pool();
}
export async function useOwn(options: { pool?: pg.Pool }) {
  const pool = poolLet();
  await pool.query('SELECT 1');
  await pool.end();
  const other = poolFromOptions(options);
  try {
    await other.query('SELECT 1');
  } finally {
    await other.end();
  }
}
`,
        },
      ],
    },
  ],
});

valid.push({
  name: 'closing the parent: a page or context of a browser this function opened into a \`let\` (assigned later, on both branches, or after \`= null\`), a conditional \`const\`, or a module variable it keeps',
  code: `import puppeteer from 'puppeteer-core';
import { chromium, type Browser } from 'playwright-core';
export async function scrapeBranches(url: string, ws?: string) {
  let browser;
  if (ws) browser = await puppeteer.connect({ browserWSEndpoint: ws });
  else browser = await puppeteer.launch({ headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.content();
  } finally {
    await browser.close();
  }
}
export async function scrapeEither(url: string, ws?: string) {
  const browser = ws ? await puppeteer.connect({ browserWSEndpoint: ws }) : await puppeteer.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.content();
  } finally {
    await browser.close();
  }
}
export async function scrapeNull(url: string) {
  let browser = null;
  try {
    browser = await puppeteer.launch();
    const page = await browser.newPage();
    await page.goto(url);
    return await page.content();
  } finally {
    if (browser) await browser.close();
  }
}
let shared: Browser | undefined;
export async function open(): Promise<void> {
  if (shared) return;
  shared = await chromium.launch();
  const context = await shared.newContext();
  await context.newPage();
}
export async function closeAll(): Promise<void> {
  await shared?.close();
  shared = undefined;
}
`,
});
invalid.push({
  name: 'closing the parent: a browser opened into a \`let\` has the one finding; pages opened per iteration from it, and a page of a module browser another function launched, are their own',
  code: `import puppeteer from 'puppeteer-core';
import { chromium, type Browser } from 'playwright-core';
export async function scrapeLet(url: string) {
  let browser;
  browser = await puppeteer.launch({ headless: true });
  const page = await browser.newPage();
  await page.goto(url);
  const html = await page.content();
  await browser.close();
  return html;
}
export async function scrapeAll(urls: string[]) {
  let browser;
  browser = await puppeteer.launch();
  for (const url of urls) {
    const page = await browser.newPage();
    await page.goto(url);
  }
  await browser.close();
}
let shared: Browser | undefined;
export async function launchShared(): Promise<void> {
  shared ??= await chromium.launch();
}
export async function screenshot(url: string) {
  const page = await shared!.newPage();
  await page.goto(url);
  await page.screenshot({ path: 'shot.png' });
  await page.close();
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 5 },
    {
      messageId: 'notReleasedOnThrow',
      line: 14,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import puppeteer from 'puppeteer-core';
import { chromium, type Browser } from 'playwright-core';
export async function scrapeLet(url: string) {
  let browser;
  browser = await puppeteer.launch({ headless: true });
  const page = await browser.newPage();
  await page.goto(url);
  const html = await page.content();
  await browser.close();
  return html;
}
export async function scrapeAll(urls: string[]) {
  let browser;
  browser = await puppeteer.launch();
  try {
    for (const url of urls) {
      const page = await browser.newPage();
      await page.goto(url);
    }
  } finally {
    await browser.close();
  }
}
let shared: Browser | undefined;
export async function launchShared(): Promise<void> {
  shared ??= await chromium.launch();
}
export async function screenshot(url: string) {
  const page = await shared!.newPage();
  await page.goto(url);
  await page.screenshot({ path: 'shot.png' });
  await page.close();
}
` },
      ],
    },
    {
      messageId: 'reacquiredBeforeRelease',
      line: 16,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import puppeteer from 'puppeteer-core';
import { chromium, type Browser } from 'playwright-core';
export async function scrapeLet(url: string) {
  let browser;
  browser = await puppeteer.launch({ headless: true });
  const page = await browser.newPage();
  await page.goto(url);
  const html = await page.content();
  await browser.close();
  return html;
}
export async function scrapeAll(urls: string[]) {
  let browser;
  browser = await puppeteer.launch();
  for (const url of urls) {
    const page = await browser.newPage();
    try {
      await page.goto(url);
    } finally {
      await page.close();
    }
  }
  await browser.close();
}
let shared: Browser | undefined;
export async function launchShared(): Promise<void> {
  shared ??= await chromium.launch();
}
export async function screenshot(url: string) {
  const page = await shared!.newPage();
  await page.goto(url);
  await page.screenshot({ path: 'shot.png' });
  await page.close();
}
` },
      ],
    },
    {
      messageId: 'notReleasedOnThrow',
      line: 26,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import puppeteer from 'puppeteer-core';
import { chromium, type Browser } from 'playwright-core';
export async function scrapeLet(url: string) {
  let browser;
  browser = await puppeteer.launch({ headless: true });
  const page = await browser.newPage();
  await page.goto(url);
  const html = await page.content();
  await browser.close();
  return html;
}
export async function scrapeAll(urls: string[]) {
  let browser;
  browser = await puppeteer.launch();
  for (const url of urls) {
    const page = await browser.newPage();
    await page.goto(url);
  }
  await browser.close();
}
let shared: Browser | undefined;
export async function launchShared(): Promise<void> {
  shared ??= await chromium.launch();
}
export async function screenshot(url: string) {
  const page = await shared!.newPage();
  try {
    await page.goto(url);
    await page.screenshot({ path: 'shot.png' });
  } finally {
    await page.close();
  }
}
` },
      ],
    },
  ],
});

valid.push({
  name: 'untyped as typed: puppeteer\'s named \`launch\` export, \`ns.default.launch()\` on a namespace import, and a pool a constructor assigns to an undeclared-type field, all released',
  code: `import { launch } from 'puppeteer-core';
import * as ns from 'puppeteer-core';
import { Pool } from 'pg';
export async function named(url: string) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
  } finally {
    await browser.close();
  }
}
export async function viaDefault(html: string) {
  const browser = await ns.default.launch();
  try {
    const page = await browser.newPage();
    await page.setContent(html);
  } finally {
    await browser.close();
  }
}
export class Store {
  pool;
  constructor() {
    this.pool = new Pool();
  }
  async count() {
    const client = await this.pool.connect();
    try {
      return (await client.query('SELECT 1')).rows;
    } finally {
      client.release();
    }
  }
}
`,
});
invalid.push({
  name: 'untyped as typed: the browser of a named \`launch()\` or \`ns.default.launch()\` has the one finding (not its page), and a client from a constructor-assigned pool is not released on throw',
  code: `import { launch } from 'puppeteer-core';
import * as ns from 'puppeteer-core';
import { Pool } from 'pg';
export async function named(url: string) {
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(url);
  await browser.close();
}
export async function viaDefault(html: string) {
  const browser = await ns.default.launch();
  const page = await browser.newPage();
  await page.setContent(html);
  await browser.close();
}
export class Store {
  pool;
  constructor() {
    this.pool = new Pool();
  }
  async count() {
    const client = await this.pool.connect();
    const { rows } = await client.query('SELECT 1');
    client.release();
    return rows;
  }
}
`,
  errors: [
    {
      messageId: 'notReleasedOnThrow',
      line: 5,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { launch } from 'puppeteer-core';
import * as ns from 'puppeteer-core';
import { Pool } from 'pg';
export async function named(url: string) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
  } finally {
    await browser.close();
  }
}
export async function viaDefault(html: string) {
  const browser = await ns.default.launch();
  const page = await browser.newPage();
  await page.setContent(html);
  await browser.close();
}
export class Store {
  pool;
  constructor() {
    this.pool = new Pool();
  }
  async count() {
    const client = await this.pool.connect();
    const { rows } = await client.query('SELECT 1');
    client.release();
    return rows;
  }
}
` },
      ],
    },
    {
      messageId: 'notReleasedOnThrow',
      line: 11,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { launch } from 'puppeteer-core';
import * as ns from 'puppeteer-core';
import { Pool } from 'pg';
export async function named(url: string) {
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(url);
  await browser.close();
}
export async function viaDefault(html: string) {
  const browser = await ns.default.launch();
  try {
    const page = await browser.newPage();
    await page.setContent(html);
  } finally {
    await browser.close();
  }
}
export class Store {
  pool;
  constructor() {
    this.pool = new Pool();
  }
  async count() {
    const client = await this.pool.connect();
    const { rows } = await client.query('SELECT 1');
    client.release();
    return rows;
  }
}
` },
      ],
    },
    { messageId: 'notReleasedOnThrow', line: 22 },
  ],
});

valid.push({
  name: 'a TypeORM query runner made only to read its data source (`createQueryRunner(\'master\').connection`) holds nothing: it connects on first use',
  code: `import type { DataSource } from 'typeorm';
export async function countMaster(ds: DataSource): Promise<number> {
  const master = ds.createQueryRunner('master').dataSource;
  return master.getRepository('Product').count();
}
export async function ping(ds: DataSource) {
  return (ds.createQueryRunner('master').connection).query('SELECT 1');
}
`,
});
invalid.push({
  name: 'a TypeORM query runner made to query through its entity manager is used and never released',
  code: `import type { DataSource } from 'typeorm';
export async function viaManager(ds: DataSource): Promise<number> {
  const manager = ds.createQueryRunner('master').manager;
  return manager.getRepository('Product').count();
}
`,
  errors: [{ messageId: 'discarded', line: 3 }],
});

valid.push({
  name: 'untyped as typed: a pool from a destructured parameter typed by a type literal (\`{ pool }: { pool: pg.Pool }\`), released',
  code: `import pg from 'pg';
export async function count({ pool }: { pool: pg.Pool }) {
  const client = await pool.connect();
  try {
    return (await client.query('SELECT count(*) FROM users')).rows;
  } finally {
    client.release();
  }
}
`,
});
invalid.push({
  name: 'untyped as typed: a client from a destructured, renamed or not, parameter\'s pool, never released (payload\'s connectWithReconnect) or not on throw',
  code: `import pg from 'pg';
export async function connectWithReconnect({ pool: shared }: { pool: pg.Pool }) {
  const client = await shared.connect();
  client.prependListener('error', () => undefined);
}
export async function count({ pool }: { pool: pg.Pool }) {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT count(*) FROM users');
  client.release();
  return rows;
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 3,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import pg from 'pg';
export async function connectWithReconnect({ pool: shared }: { pool: pg.Pool }) {
  const client = await shared.connect();
  try {
    client.prependListener('error', () => undefined);
  } finally {
    client.release();
  }
}
export async function count({ pool }: { pool: pg.Pool }) {
  const client = await pool.connect();
  const { rows } = await client.query('SELECT count(*) FROM users');
  client.release();
  return rows;
}
` },
      ],
    },
    { messageId: 'notReleasedOnThrow', line: 7 },
  ],
});

valid.push({
  name: 'a default-export client constructed through a namespace import (`new IORedis.default()`), quit in finally',
  code: `import * as IORedis from 'ioredis';
export async function touch(key: string) {
  const redis = new IORedis.default();
  try {
    await redis.set(key, 'v');
  } finally {
    await redis.quit();
  }
}
`,
});
invalid.push({
  name: 'a default-export client constructed through a namespace import (\`new IORedis.default()\`) is a client like \`new IORedis.Redis()\`: not quit on throw',
  code: `import * as IORedis from 'ioredis';
export async function touch(key: string) {
  const redis = new IORedis.default();
  await redis.set(key, 'v');
  await redis.quit();
}
export async function touchNamed(key: string) {
  const redis = new IORedis.Redis();
  await redis.set(key, 'v');
  await redis.quit();
}
`,
  errors: [
    {
      messageId: 'notReleasedOnThrow',
      line: 3,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import * as IORedis from 'ioredis';
export async function touch(key: string) {
  const redis = new IORedis.default();
  try {
    await redis.set(key, 'v');
  } finally {
    await redis.quit();
  }
}
export async function touchNamed(key: string) {
  const redis = new IORedis.Redis();
  await redis.set(key, 'v');
  await redis.quit();
}
` },
      ],
    },
    {
      messageId: 'notReleasedOnThrow',
      line: 8,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import * as IORedis from 'ioredis';
export async function touch(key: string) {
  const redis = new IORedis.default();
  await redis.set(key, 'v');
  await redis.quit();
}
export async function touchNamed(key: string) {
  const redis = new IORedis.Redis();
  try {
    await redis.set(key, 'v');
  } finally {
    await redis.quit();
  }
}
` },
      ],
    },
  ],
});

valid.push({
  name: 'held from connect(): a pg client never connected (made to read its settings) holds nothing, and a throw before its `connect()` leaves nothing behind',
  code: `import pg from 'pg';
function createStatement(name: string): string {
  if (name === '""') throw new Error('no schema');
  return \`CREATE SCHEMA \${name}\`;
}
export function databaseName(config: pg.ClientConfig) {
  const client = new pg.Client(config);
  return client.database;
}
export async function createSchema(config: pg.ClientConfig, schema: string) {
  const client = new pg.Client(config);
  const sql = createStatement(client.escapeIdentifier(schema));
  try {
    await client.connect();
    await client.query(sql);
  } finally {
    await client.end();
  }
}
`,
});
invalid.push({
  name: 'held from connect(): a query after the connect may still throw, and a client passed to a helper that may connect it is held from its making',
  code: `import pg from 'pg';
declare function connectWithRetry(client: pg.Client): Promise<void>;
export async function createSchema(config: pg.ClientConfig, schema: string) {
  const client = new pg.Client(config);
  const name = client.escapeIdentifier(schema);
  await client.connect();
  await client.query(\`CREATE SCHEMA \${name}\`);
  await client.end();
}
export async function viaHelper(config: pg.ClientConfig) {
  const client = new pg.Client(config);
  await connectWithRetry(client);
  await client.query('SELECT 1');
  await client.end();
}
`,
  errors: [
    {
      messageId: 'notReleasedOnThrow',
      line: 4,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import pg from 'pg';
declare function connectWithRetry(client: pg.Client): Promise<void>;
export async function createSchema(config: pg.ClientConfig, schema: string) {
  const client = new pg.Client(config);
  try {
  const name = client.escapeIdentifier(schema);
  await client.connect();
  await client.query(\`CREATE SCHEMA \${name}\`);
  } finally {
    await client.end();
  }
}
export async function viaHelper(config: pg.ClientConfig) {
  const client = new pg.Client(config);
  await connectWithRetry(client);
  await client.query('SELECT 1');
  await client.end();
}
` },
      ],
    },
    {
      messageId: 'notReleasedOnThrow',
      line: 11,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import pg from 'pg';
declare function connectWithRetry(client: pg.Client): Promise<void>;
export async function createSchema(config: pg.ClientConfig, schema: string) {
  const client = new pg.Client(config);
  const name = client.escapeIdentifier(schema);
  await client.connect();
  await client.query(\`CREATE SCHEMA \${name}\`);
  await client.end();
}
export async function viaHelper(config: pg.ClientConfig) {
  const client = new pg.Client(config);
  try {
    await connectWithRetry(client);
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}
` },
      ],
    },
  ],
});

valid.push({
  name: 'a \`knex.transaction(callback)\` whose callback is typed \`any\` is callback-scoped, typed as untyped; a session handed to the function\'s own error-first callback (\`cb(null, session)\`) is handed on',
  code: `import knex from 'knex';
import { MongoClient, type ClientSession } from 'mongodb';
const db = knex({ client: 'pg' });
const client = new MongoClient('mongodb://localhost');
export function createTransaction(connection: typeof db, callback: any) {
  return connection.transaction(callback);
}
export async function migrate() {
  await createTransaction(db, async (trx: typeof db) => trx('migrations').insert({ name: 'x' }));
}
export function beginTransaction(cb: (err: Error | null, session?: ClientSession) => void) {
  const session = client.startSession();
  session.startTransaction({ readPreference: 'primary' });
  cb(null, session);
}
`,
});
invalid.push({
  name: 'a session lent to a callback parameter that is not an error-first completion (\`return work(session)\`, \`audit(session)\`) is still this function\'s to end',
  code: `import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function withSession<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
  const session = client.startSession();
  return work(session);
}
export function beginTransaction(cb: (err: Error | null, session?: ClientSession) => void, audit: (session: ClientSession) => void) {
  const session = client.startSession();
  audit(session);
  cb(null);
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 4,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function withSession<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
  const session = client.startSession();
  try {
    return await work(session);
  } finally {
    await session.endSession();
  }
}
export function beginTransaction(cb: (err: Error | null, session?: ClientSession) => void, audit: (session: ClientSession) => void) {
  const session = client.startSession();
  audit(session);
  cb(null);
}
` },
      ],
    },
    {
      messageId: 'neverReleased',
      line: 8,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function withSession<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {
  const session = client.startSession();
  return work(session);
}
export function beginTransaction(cb: (err: Error | null, session?: ClientSession) => void, audit: (session: ClientSession) => void) {
  const session = client.startSession();
  try {
    audit(session);
    cb(null);
  } finally {
    session.endSession();
  }
}
` },
      ],
    },
  ],
});

valid.push({
  name: 'a library required inside the function (\`const Redis = require(\'ioredis\')\`): its client quit in finally; a project module required the same way is no library',
  code: `export async function localRequire(key: string) {
  const Redis = require('ioredis');
  const redis = new Redis({ host: 'localhost' });
  try {
    await redis.set(key, 'value');
  } finally {
    await redis.quit();
  }
}
export function notALibrary() {
  const Redis = require('./fake-redis');
  return new Redis().ping();
}
`,
});
invalid.push({
  name: 'a library required inside the function, whole or destructured, makes a client like a top-level require does: not released on throw',
  code: `export async function localRequire(key: string) {
  const Redis = require('ioredis');
  const redis = new Redis({ host: 'localhost' });
  await redis.set(key, 'value');
  await redis.quit();
}
export async function localDestructured(sql: string) {
  const { Pool } = require('pg');
  const pool = new Pool();
  const result = await pool.query(sql);
  await pool.end();
  return result.rows;
}
`,
  errors: [
    {
      messageId: 'notReleasedOnThrow',
      line: 3,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `export async function localRequire(key: string) {
  const Redis = require('ioredis');
  const redis = new Redis({ host: 'localhost' });
  try {
    await redis.set(key, 'value');
  } finally {
    await redis.quit();
  }
}
export async function localDestructured(sql: string) {
  const { Pool } = require('pg');
  const pool = new Pool();
  const result = await pool.query(sql);
  await pool.end();
  return result.rows;
}
` },
      ],
    },
    { messageId: 'notReleasedOnThrow', line: 9 },
  ],
});

invalid.push({
  name: 'held from connect(): a pg client a session factory returns is already set up, so the caller holds it from the call (probe round 5)',
  code: `import pg from 'pg';
async function connectWithRetry(url: string, attempts = 10): Promise<pg.Client> {
  for (let i = 0; ; i++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (i + 1 >= attempts) throw err;
    }
  }
}
export async function countRows(url: string, table: string): Promise<number> {
  const client = await connectWithRetry(url);
  const res = await client.query(\`SELECT count(*) FROM \${pg.escapeIdentifier(table)}\`);
  await client.end();
  return Number(res.rows[0].count);
}
`,
  errors: [{ messageId: 'notReleasedOnThrow', line: 15 }],
});

valid.push({
  name: 'building a date, an error or an empty collection between the acquisition and its try or hand-off does not throw',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function names(ids: string[]) {
  const client = await pool.connect();
  const seen = new Set<string>();
  const byId = new Map([['a', 1]]);
  const started = new Date();
  const controller = new AbortController();
  try {
    const { rows } = await client.query('SELECT name FROM users WHERE id = ANY($1)', [ids]);
    for (const row of rows) seen.add(row.name);
    return { names: [...seen], byId, started, signal: controller.signal };
  } finally {
    client.release();
  }
}
export async function acquire(): Promise<PoolClient> {
  const client = await pool.connect();
  const failure = new Error('not used');
  void failure;
  return client;
}
`,
});
invalid.push({
  name: 'a collection built from a call, and a constructor that validates its arguments, may still throw before the hand-off',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
declare function loadIds(): string[];
export async function acquire(): Promise<PoolClient> {
  const client = await pool.connect();
  const ids = new Set(loadIds());
  void ids;
  return client;
}
export async function format(locale: string): Promise<PoolClient> {
  const client = await pool.connect();
  const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
  void money;
  return client;
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 5 },
    { messageId: 'notReleasedOnThrow', line: 11 },
  ],
});

valid.push({
  name: 'a set-up call that resolves to the resource hands it on: TypeORM `return dataSource.initialize()` (the NestJS database provider recipe), node-redis `return client.connect()`',
  code: `import { createClient } from 'redis';
import { DataSource } from 'typeorm';
export const databaseProviders = [
  {
    provide: 'DATA_SOURCE',
    useFactory: async () => {
      const dataSource = new DataSource({ type: 'postgres' });
      return dataSource.initialize();
    },
  },
];
export async function openRedis(url: string) {
  const client = createClient({ url });
  client.on('error', (error) => console.error(error));
  return client.connect();
}
`,
});
invalid.push({
  name: 'an initialized data source or a connected Redis client used and dropped, and a Redis cluster, whose connect() resolves to nothing',
  code: `import { createClient, createCluster } from 'redis';
import { DataSource } from 'typeorm';

export async function openSource() {
  const dataSource = new DataSource({ type: 'postgres' });
  await dataSource.initialize();
  return dataSource.query('select 1');
}

export async function openCluster(url: string) {
  const cluster = createCluster({ rootNodes: [{ url }] });
  return cluster.connect();
}

export async function ping(url: string) {
  const client = createClient({ url });
  const connected = await client.connect();
  return connected.ping();
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 5,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { createClient, createCluster } from 'redis';
import { DataSource } from 'typeorm';

export async function openSource() {
  const dataSource = new DataSource({ type: 'postgres' });
  try {
    await dataSource.initialize();
    return await dataSource.query('select 1');
  } finally {
    await dataSource.destroy();
  }
}

export async function openCluster(url: string) {
  const cluster = createCluster({ rootNodes: [{ url }] });
  return cluster.connect();
}

export async function ping(url: string) {
  const client = createClient({ url });
  const connected = await client.connect();
  return connected.ping();
}
` },
      ],
    },
    {
      messageId: 'neverReleased',
      line: 11,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { createClient, createCluster } from 'redis';
import { DataSource } from 'typeorm';

export async function openSource() {
  const dataSource = new DataSource({ type: 'postgres' });
  await dataSource.initialize();
  return dataSource.query('select 1');
}

export async function openCluster(url: string) {
  const cluster = createCluster({ rootNodes: [{ url }] });
  try {
    return await cluster.connect();
  } finally {
    await cluster.quit();
  }
}

export async function ping(url: string) {
  const client = createClient({ url });
  const connected = await client.connect();
  return connected.ping();
}
` },
      ],
    },
    {
      messageId: 'neverReleased',
      line: 16,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { createClient, createCluster } from 'redis';
import { DataSource } from 'typeorm';

export async function openSource() {
  const dataSource = new DataSource({ type: 'postgres' });
  await dataSource.initialize();
  return dataSource.query('select 1');
}

export async function openCluster(url: string) {
  const cluster = createCluster({ rootNodes: [{ url }] });
  return cluster.connect();
}

export async function ping(url: string) {
  const client = createClient({ url });
  try {
    const connected = await client.connect();
    return await connected.ping();
  } finally {
    await client.quit();
  }
}
` },
      ],
    },
  ],
});

valid.push({
  name: 'generic-pool: what `pool.acquire()` lends goes back with `pool.release(r)` or `pool.destroy(r)` on every path, through a closer too; `pool.use(fn)` is callback-scoped; returned or kept in a field released by the class',
  code: `import genericPool, { type Pool } from 'generic-pool';
import { Client } from 'pg';
import puppeteer, { type Browser } from 'puppeteer-core';
const pool = genericPool.createPool<Client>({
  create: async () => new Client(),
  destroy: async (client) => { await client.end(); },
});
const browsers = genericPool.createPool<Browser>({ create: () => puppeteer.launch(), destroy: (browser) => browser.close() });
export async function findUser(id: string) {
  const client = await pool.acquire();
  try {
    return await client.query('SELECT * FROM users WHERE id = $1', [id]);
  } finally {
    await pool.release(client);
  }
}
export async function screenshot(url: string) {
  const browser = await browsers.acquire();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.screenshot();
  } catch (error) {
    await browsers.destroy(browser);
    throw error;
  } finally {
    if (browsers.isBorrowedResource(browser)) await browsers.release(browser);
  }
}
export function countUsers() {
  return pool.use((client) => client.query('SELECT count(*) FROM users'));
}
async function giveBack(client: Client) {
  await pool.release(client);
}
export async function touch(id: string) {
  const client = await pool.acquire();
  try {
    await client.query('UPDATE users SET seen = now() WHERE id = $1', [id]);
  } finally {
    await giveBack(client);
  }
}
export function borrow() {
  return pool.acquire();
}
export class Worker {
  private client?: Client;
  constructor(private readonly clients: Pool<Client>) {}
  async start() {
    this.client = await this.clients.acquire();
  }
  async stop() {
    if (this.client) await this.clients.release(this.client);
  }
}
`,
});
invalid.push({
  name: 'generic-pool: a borrowed resource never given back, given back only when nothing throws, or discarded; the fix calls the lender (`this.clients.release(client)`)',
  code: `import genericPool, { type Pool } from 'generic-pool';
import { Client } from 'pg';
import puppeteer, { type Browser } from 'puppeteer-core';
const pool = genericPool.createPool<Client>({
  create: async () => new Client(),
  destroy: async (client) => { await client.end(); },
});
const browsers = genericPool.createPool<Browser>({ create: () => puppeteer.launch(), destroy: (browser) => browser.close() });
export async function findUser(id: string) {
  const client = await pool.acquire();
  return client.query('SELECT * FROM users WHERE id = $1', [id]);
}
export async function screenshot(url: string) {
  const browser = await browsers.acquire();
  const page = await browser.newPage();
  try {
    await page.goto(url);
    return await page.screenshot();
  } finally {
    await page.close();
    await browsers.release(browser);
  }
}
export async function warm() {
  await pool.acquire();
}
export async function touch(this: { clients: Pool<Client> }, id: string) {
  const client = await this.clients.acquire();
  await client.query('UPDATE users SET seen = now() WHERE id = $1', [id]);
  await this.clients.release(client);
}
function borrow() {
  return pool.acquire();
}
export async function count() {
  const client = await borrow();
  return client.query('SELECT count(*) FROM users');
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 10,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import genericPool, { type Pool } from 'generic-pool';
import { Client } from 'pg';
import puppeteer, { type Browser } from 'puppeteer-core';
const pool = genericPool.createPool<Client>({
  create: async () => new Client(),
  destroy: async (client) => { await client.end(); },
});
const browsers = genericPool.createPool<Browser>({ create: () => puppeteer.launch(), destroy: (browser) => browser.close() });
export async function findUser(id: string) {
  const client = await pool.acquire();
  try {
    return await client.query('SELECT * FROM users WHERE id = $1', [id]);
  } finally {
    await pool.release(client);
  }
}
export async function screenshot(url: string) {
  const browser = await browsers.acquire();
  const page = await browser.newPage();
  try {
    await page.goto(url);
    return await page.screenshot();
  } finally {
    await page.close();
    await browsers.release(browser);
  }
}
export async function warm() {
  await pool.acquire();
}
export async function touch(this: { clients: Pool<Client> }, id: string) {
  const client = await this.clients.acquire();
  await client.query('UPDATE users SET seen = now() WHERE id = $1', [id]);
  await this.clients.release(client);
}
function borrow() {
  return pool.acquire();
}
export async function count() {
  const client = await borrow();
  return client.query('SELECT count(*) FROM users');
}
` },
      ],
    },
    { messageId: 'notReleasedOnThrow', line: 14 },
    { messageId: 'discarded', line: 25 },
    {
      messageId: 'notReleasedOnThrow',
      line: 28,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import genericPool, { type Pool } from 'generic-pool';
import { Client } from 'pg';
import puppeteer, { type Browser } from 'puppeteer-core';
const pool = genericPool.createPool<Client>({
  create: async () => new Client(),
  destroy: async (client) => { await client.end(); },
});
const browsers = genericPool.createPool<Browser>({ create: () => puppeteer.launch(), destroy: (browser) => browser.close() });
export async function findUser(id: string) {
  const client = await pool.acquire();
  return client.query('SELECT * FROM users WHERE id = $1', [id]);
}
export async function screenshot(url: string) {
  const browser = await browsers.acquire();
  const page = await browser.newPage();
  try {
    await page.goto(url);
    return await page.screenshot();
  } finally {
    await page.close();
    await browsers.release(browser);
  }
}
export async function warm() {
  await pool.acquire();
}
export async function touch(this: { clients: Pool<Client> }, id: string) {
  const client = await this.clients.acquire();
  try {
    await client.query('UPDATE users SET seen = now() WHERE id = $1', [id]);
  } finally {
    await this.clients.release(client);
  }
}
function borrow() {
  return pool.acquire();
}
export async function count() {
  const client = await borrow();
  return client.query('SELECT count(*) FROM users');
}
` },
      ],
    },
    {
      messageId: 'neverReleased',
      line: 36,
      // The lender is not in sight: the message names a pool, and no fix is offered.
      data: { resource: 'pooled resource', name: 'client', advice: 'call `await pool.release(client)` in a `finally` block so every path releases it' },
    },
  ],

});

valid.push({
  name: 'a set-up call with a callback (pg `client.connect((err) => …)`): when its error is set, the set-up failed and nothing is held',
  code: `import pg from 'pg';
type Done = (error: Error | null, client?: pg.Client) => void;
export function connect(config: pg.ClientConfig, callback: Done) {
  const client = new pg.Client(config);
  client.connect((err) => {
    if (err) return callback(err);
    callback(null, client);
  });
}
export function logNow(config: pg.ClientConfig) {
  const client = new pg.Client(config);
  client.connect((err) => {
    if (err) {
      console.error('connection error', err.stack);
      return;
    }
    client.query('SELECT NOW()', (queryErr, res) => {
      console.log(queryErr ? queryErr.stack : res.rows[0]);
      client.end();
    });
  });
}
`,
});
invalid.push({
  name: 'after a set-up callback, a later callback\'s error is not the set-up\'s: that path still holds the client; a success path that never ends it',
  code: `import pg from 'pg';
type Done = (error: Error | null, rows?: unknown[]) => void;
export function now(config: pg.ClientConfig, callback: Done) {
  const client = new pg.Client(config);
  client.connect((err) => {
    if (err) return callback(err);
    client.query('SELECT NOW()', (queryErr, res) => {
      if (queryErr) return callback(queryErr);
      client.end();
      callback(null, res.rows);
    });
  });
}
export function ping(config: pg.ClientConfig, callback: Done) {
  const client = new pg.Client(config);
  client.connect((err) => {
    if (err) return callback(err);
    client.query('SELECT 1', () => callback(null));
  });
}
`,
  errors: [
    { messageId: 'releasedOnSomePaths', line: 4 },
    {
      messageId: 'neverReleased',
      line: 15,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import pg from 'pg';
type Done = (error: Error | null, rows?: unknown[]) => void;
export function now(config: pg.ClientConfig, callback: Done) {
  const client = new pg.Client(config);
  client.connect((err) => {
    if (err) return callback(err);
    client.query('SELECT NOW()', (queryErr, res) => {
      if (queryErr) return callback(queryErr);
      client.end();
      callback(null, res.rows);
    });
  });
}
export function ping(config: pg.ClientConfig, callback: Done) {
  const client = new pg.Client(config);
  try {
    client.connect((err) => {
      if (err) return callback(err);
      client.query('SELECT 1', () => callback(null));
    });
  } finally {
    client.end();
  }
}
` },
      ],
    },
  ],

});

valid.push({
  name: 'a project function that only returns a construction of an owning class (`makeStore(client)`, a static `Store.create(client)`, an arrow) hands the resource over as the constructor does',
  code: `import { MongoClient } from 'mongodb';
export class Store {
  constructor(readonly client: MongoClient) {}
  static create(client: MongoClient) {
    return new Store(client);
  }
  close() {
    return this.client.close();
  }
}
export function makeStore(client: MongoClient) {
  return new Store(client);
}
const wrap = (client: MongoClient) => new Store(client);
export async function openStore(url: string) {
  const client = await MongoClient.connect(url);
  const store = makeStore(client);
  return store;
}
export async function openStatic(url: string) {
  const client = await MongoClient.connect(url);
  return Store.create(client);
}
export async function openArrow(url: string) {
  const client = await MongoClient.connect(url);
  return wrap(client);
}
`,
});
invalid.push({
  name: 'a project function that returns a construction of a class that only borrows (a repository) lends the resource; one that constructs from something else hands nothing over',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
class Repo {
  constructor(private readonly client: PoolClient) {}
  find(id: string) {
    return this.client.query('SELECT * FROM users WHERE id = $1', [id]);
  }
  static of(client: PoolClient) {
    return new Repo(client);
  }
}
function makeRepo(client: PoolClient) {
  return new Repo(client);
}
function makeOther(client: PoolClient) {
  void client;
  return new Repo(otherClient);
}
declare const otherClient: PoolClient;
export async function find(id: string) {
  const client = await pool.connect();
  const repo = makeRepo(client);
  return repo.find(id);
}
export async function findStatic(id: string) {
  const client = await pool.connect();
  return Repo.of(client).find(id);
}
export async function other() {
  const client = await pool.connect();
  return makeOther(client).find('1');
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 21,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
class Repo {
  constructor(private readonly client: PoolClient) {}
  find(id: string) {
    return this.client.query('SELECT * FROM users WHERE id = $1', [id]);
  }
  static of(client: PoolClient) {
    return new Repo(client);
  }
}
function makeRepo(client: PoolClient) {
  return new Repo(client);
}
function makeOther(client: PoolClient) {
  void client;
  return new Repo(otherClient);
}
declare const otherClient: PoolClient;
export async function find(id: string) {
  const client = await pool.connect();
  try {
    const repo = makeRepo(client);
    return await repo.find(id);
  } finally {
    client.release();
  }
}
export async function findStatic(id: string) {
  const client = await pool.connect();
  return Repo.of(client).find(id);
}
export async function other() {
  const client = await pool.connect();
  return makeOther(client).find('1');
}
` },
      ],
    },
    {
      messageId: 'neverReleased',
      line: 26,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
class Repo {
  constructor(private readonly client: PoolClient) {}
  find(id: string) {
    return this.client.query('SELECT * FROM users WHERE id = $1', [id]);
  }
  static of(client: PoolClient) {
    return new Repo(client);
  }
}
function makeRepo(client: PoolClient) {
  return new Repo(client);
}
function makeOther(client: PoolClient) {
  void client;
  return new Repo(otherClient);
}
declare const otherClient: PoolClient;
export async function find(id: string) {
  const client = await pool.connect();
  const repo = makeRepo(client);
  return repo.find(id);
}
export async function findStatic(id: string) {
  const client = await pool.connect();
  try {
    return await Repo.of(client).find(id);
  } finally {
    client.release();
  }
}
export async function other() {
  const client = await pool.connect();
  return makeOther(client).find('1');
}
` },
      ],
    },
    {
      messageId: 'neverReleased',
      line: 30,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
class Repo {
  constructor(private readonly client: PoolClient) {}
  find(id: string) {
    return this.client.query('SELECT * FROM users WHERE id = $1', [id]);
  }
  static of(client: PoolClient) {
    return new Repo(client);
  }
}
function makeRepo(client: PoolClient) {
  return new Repo(client);
}
function makeOther(client: PoolClient) {
  void client;
  return new Repo(otherClient);
}
declare const otherClient: PoolClient;
export async function find(id: string) {
  const client = await pool.connect();
  const repo = makeRepo(client);
  return repo.find(id);
}
export async function findStatic(id: string) {
  const client = await pool.connect();
  return Repo.of(client).find(id);
}
export async function other() {
  const client = await pool.connect();
  try {
    return await makeOther(client).find('1');
  } finally {
    client.release();
  }
}
` },
      ],
    },
  ],

});

valid.push({
  name: 'a variable holding the promise of the resource: what it resolves to (`const client = await clientP`) is the resource, released in the finally; awaiting it is the acquisition finishing (a rejection holds nothing); stored, the promise is handed on',
  code: `import { MongoClient } from 'mongodb';
export async function promiseHeld(url: string) {
  const clientP = MongoClient.connect(url);
  const client = await clientP;
  try {
    return await client.db('a').collection('b').countDocuments({});
  } finally {
    await client.close();
  }
}
let pending: Promise<MongoClient> | undefined;
export async function later(url: string) {
  const clientP = MongoClient.connect(url);
  pending = clientP;
  return pending;
}
`,
});
invalid.push({
  name: 'a promise of the resource never released through what it resolves to (the message releases `(await clientP)`, and no fix is offered: a finally cannot name the awaited local), and a call that may throw before it is awaited',
  code: `import { MongoClient } from 'mongodb';
declare function check(value: unknown): void;
export async function count(url: string) {
  const clientP = MongoClient.connect(url);
  check(clientP);
  const client = await clientP;
  return client.db('app').collection('users').countDocuments({});
}
export async function countChecked(url: string) {
  const clientP = MongoClient.connect(url);
  check(url);
  const client = await clientP;
  try {
    return await client.db('app').collection('users').countDocuments({});
  } finally {
    await client.close();
  }
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 4,
      data: { resource: 'MongoDB client', name: 'clientP', advice: 'call \`await (await clientP).close()\` in a \`finally\` block so every path releases it' },
    },
    { messageId: 'notReleasedOnThrow', line: 10 },
  ],
});

invalid.push({
  name: 'MongoClient.connect() through a namespace import (`mongodb.MongoClient.connect(url)`), never closed; closed in a finally, silent',
  code: `import * as mongodb from 'mongodb';
export async function clear(url: string) {
  const client = await mongodb.MongoClient.connect(url);
  await client.db('a').collection('b').deleteMany({});
}
export async function clearSafely(url: string) {
  const client = await mongodb.MongoClient.connect(url);
  try {
    await client.db('a').collection('b').deleteMany({});
  } finally {
    await client.close();
  }
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 3,
      suggestions: [{ messageId: 'suggestTryFinally', output: `import * as mongodb from 'mongodb';
export async function clear(url: string) {
  const client = await mongodb.MongoClient.connect(url);
  try {
    await client.db('a').collection('b').deleteMany({});
  } finally {
    await client.close();
  }
}
export async function clearSafely(url: string) {
  const client = await mongodb.MongoClient.connect(url);
  try {
    await client.db('a').collection('b').deleteMany({});
  } finally {
    await client.close();
  }
}
` }],
    },
  ],
});
invalidUntyped.push({
  name: 'untyped: MongoClient.connect() through a whole-module require (`const mongodb = require(\'mongodb\')`)',
  code: `const mongodb = require('mongodb');
export async function clear(url: string) {
  const client = await mongodb.MongoClient.connect(url);
  await client.db('a').collection('b').deleteMany({});
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 3,
      suggestions: [{ messageId: 'suggestTryFinally', output: `const mongodb = require('mongodb');
export async function clear(url: string) {
  const client = await mongodb.MongoClient.connect(url);
  try {
    await client.db('a').collection('b').deleteMany({});
  } finally {
    await client.close();
  }
}
` }],
    },
  ],
});

invalid.push({
  name: 'sequelize-typescript: its Sequelize is the same instance to close (@nestjs/sequelize builds it so)',
  code: `import { Sequelize } from 'sequelize-typescript';
export async function sync(url: string) {
  const sequelize = new Sequelize(url, { models: [] });
  await sequelize.authenticate();
  await sequelize.sync();
}
export async function syncSafely(url: string) {
  const sequelize = new Sequelize(url, { models: [] });
  try {
    await sequelize.authenticate();
    await sequelize.sync();
  } finally {
    await sequelize.close();
  }
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 3,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { Sequelize } from 'sequelize-typescript';
export async function sync(url: string) {
  const sequelize = new Sequelize(url, { models: [] });
  try {
    await sequelize.authenticate();
    await sequelize.sync();
  } finally {
    await sequelize.close();
  }
}
export async function syncSafely(url: string) {
  const sequelize = new Sequelize(url, { models: [] });
  try {
    await sequelize.authenticate();
    await sequelize.sync();
  } finally {
    await sequelize.close();
  }
}
` },
      ],
    },
  ],

});

valid.push({
  name: 'a user catalog entry with no release method at all (`release: []`, `releaseWith: []`) requires nothing',
  settings: {
    'session-leaks': {
      libraries: [
        {
          library: 'acme-db',
          packages: ['@acme/db'],
          acquire: [{ resource: 'Acme handle', kind: 'session', form: 'call', name: 'openHandle', release: [], releaseWith: [] }],
        },
      ],
    },
  },
  code: `import { openHandle } from '@acme/db';
export async function read() {
  const handle = openHandle();
  return handle;
}
export async function touch() {
  const handle = openHandle();
  void handle;
}
`,
});
invalidUntyped.push({
  name: 'untyped: a user catalog entry released only through its lender (`release: []`, `releaseWith: [\'giveBack\']`)',
  settings: {
    'session-leaks': {
      libraries: [
        {
          library: 'acme-db',
          packages: ['@acme/db'],
          acquire: [{ resource: 'Acme handle', kind: 'session', form: 'method', name: 'borrow', on: ['Lender'], release: [], releaseWith: ['giveBack'], distinctive: true }],
        },
      ],
    },
  },
  code: `import type { Lender } from '@acme/db';
export async function touch(lender: Lender) {
  const handle = await lender.borrow();
  void handle;
}
export async function touchSafely(lender: Lender) {
  const handle = await lender.borrow();
  try {
    void handle;
  } finally {
    await lender.giveBack(handle);
  }
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 3,
      data: { resource: 'Acme handle', name: 'handle', advice: 'call \`await lender.giveBack(handle)\` in a \`finally\` block so every path releases it' },
      suggestions: [
        {
          messageId: 'suggestTryFinally',
          output: `import type { Lender } from '@acme/db';
export async function touch(lender: Lender) {
  const handle = await lender.borrow();
  try {
    void handle;
  } finally {
    await lender.giveBack(handle);
  }
}
export async function touchSafely(lender: Lender) {
  const handle = await lender.borrow();
  try {
    void handle;
  } finally {
    await lender.giveBack(handle);
  }
}
`,
        },
      ],
    },
  ],
});

invalid.push({
  name: 'both branches of a conditional acquire the same kind of resource into one variable: one finding, on the first branch',
  code: `import { Pool } from 'pg';
import { Sequelize } from 'sequelize';
declare function check(value: unknown): void;
export async function open(url: string | undefined, options: { dialect: 'postgres' }) {
  const sequelize = url ? new Sequelize(url, options) : new Sequelize(options);
  check(sequelize);
  return sequelize;
}
export async function query(pool: Pool, replica: Pool | undefined) {
  const client = replica ? await replica.connect() : await pool.connect();
  return client.query('select 1');
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 5, column: 27 },
    {
      messageId: 'neverReleased',
      line: 10,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { Pool } from 'pg';
import { Sequelize } from 'sequelize';
declare function check(value: unknown): void;
export async function open(url: string | undefined, options: { dialect: 'postgres' }) {
  const sequelize = url ? new Sequelize(url, options) : new Sequelize(options);
  check(sequelize);
  return sequelize;
}
export async function query(pool: Pool, replica: Pool | undefined) {
  const client = replica ? await replica.connect() : await pool.connect();
  try {
    return await client.query('select 1');
  } finally {
    client.release();
  }
}
` },
      ],
    },
  ],

});

valid.push({
  name: 'into an owning constructor or a wrapper object that is returned, with the release only in the catch (cleaning up a failure): handed on where the work succeeds; released in the finally: released',
  code: `import { EventEmitter } from 'node:events';
import { createClient } from 'redis';
class Store extends EventEmitter {
  constructor(readonly options: { client: unknown }) {
    super();
  }
  async init() {}
}
export async function openStore(url: string) {
  const client = createClient({ url });
  await client.connect();
  try {
    const store = new Store({ client });
    await store.init();
    return store;
  } catch (error) {
    await client.quit();
    throw error;
  }
}
export async function openHolder(url: string) {
  const client = createClient({ url });
  await client.connect();
  try {
    const holder = { client, startedAt: Date.now() };
    await client.ping();
    return holder;
  } catch (error) {
    await client.quit();
    throw error;
  }
}
export async function withStore(url: string) {
  const client = createClient({ url });
  await client.connect();
  try {
    const store = new Store({ client });
    await store.init();
  } finally {
    await client.quit();
  }
}
`,
});
invalid.push({
  name: 'into a wrapper object, a constructor given \`{ client }\`, or a class the analysis cannot see, when the function releases the client itself afterwards: only lent, so a throw before that release leaks it',
  code: `import { EventEmitter } from 'node:events';
import { createClient } from 'redis';
declare function check(value: unknown): void;
class Holder<C> {
  client: C;
  constructor(options: { client: C }) {
    this.client = options.client;
  }
}
class Store extends EventEmitter {
  constructor(readonly client: unknown) {
    super();
  }
}
export async function wrapped(url: string) {
  const client = createClient({ url });
  await client.connect();
  const store = { client };
  check(store.client);
  await client.quit();
}
export async function held(url: string) {
  const client = createClient({ url });
  await client.connect();
  const holder = new Holder({ client });
  check(holder.client);
  await client.quit();
}
export async function stored(url: string) {
  const client = createClient({ url });
  await client.connect();
  const store = new Store(client);
  check(store.client);
  await client.quit();
}
`,
  errors: [
    {
      messageId: 'notReleasedOnThrow',
      line: 16,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { EventEmitter } from 'node:events';
import { createClient } from 'redis';
declare function check(value: unknown): void;
class Holder<C> {
  client: C;
  constructor(options: { client: C }) {
    this.client = options.client;
  }
}
class Store extends EventEmitter {
  constructor(readonly client: unknown) {
    super();
  }
}
export async function wrapped(url: string) {
  const client = createClient({ url });
  try {
    await client.connect();
    const store = { client };
    check(store.client);
  } finally {
    await client.quit();
  }
}
export async function held(url: string) {
  const client = createClient({ url });
  await client.connect();
  const holder = new Holder({ client });
  check(holder.client);
  await client.quit();
}
export async function stored(url: string) {
  const client = createClient({ url });
  await client.connect();
  const store = new Store(client);
  check(store.client);
  await client.quit();
}
` },
      ],
    },
    {
      messageId: 'notReleasedOnThrow',
      line: 23,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { EventEmitter } from 'node:events';
import { createClient } from 'redis';
declare function check(value: unknown): void;
class Holder<C> {
  client: C;
  constructor(options: { client: C }) {
    this.client = options.client;
  }
}
class Store extends EventEmitter {
  constructor(readonly client: unknown) {
    super();
  }
}
export async function wrapped(url: string) {
  const client = createClient({ url });
  await client.connect();
  const store = { client };
  check(store.client);
  await client.quit();
}
export async function held(url: string) {
  const client = createClient({ url });
  try {
    await client.connect();
    const holder = new Holder({ client });
    check(holder.client);
  } finally {
    await client.quit();
  }
}
export async function stored(url: string) {
  const client = createClient({ url });
  await client.connect();
  const store = new Store(client);
  check(store.client);
  await client.quit();
}
` },
      ],
    },
    {
      messageId: 'notReleasedOnThrow',
      line: 30,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { EventEmitter } from 'node:events';
import { createClient } from 'redis';
declare function check(value: unknown): void;
class Holder<C> {
  client: C;
  constructor(options: { client: C }) {
    this.client = options.client;
  }
}
class Store extends EventEmitter {
  constructor(readonly client: unknown) {
    super();
  }
}
export async function wrapped(url: string) {
  const client = createClient({ url });
  await client.connect();
  const store = { client };
  check(store.client);
  await client.quit();
}
export async function held(url: string) {
  const client = createClient({ url });
  await client.connect();
  const holder = new Holder({ client });
  check(holder.client);
  await client.quit();
}
export async function stored(url: string) {
  const client = createClient({ url });
  try {
    await client.connect();
    const store = new Store(client);
    check(store.client);
  } finally {
    await client.quit();
  }
}
` },
      ],
    },
  ],

});

valid.push({
  name: 'a wrapper object holding the pool, with the release only in a hook registered for shutdown: not a release the function makes itself, so the wrapper still hands the pool on',
  code: `import { Pool } from 'pg';
declare function validate(value: unknown): void;
interface App {
  addHook(name: 'onClose', hook: () => Promise<void>): void;
  decorate(name: string, value: unknown): void;
}
export function postgresPlugin(app: App, connectionString: string) {
  const pool = new Pool({ connectionString });
  const db = { pool, query: pool.query.bind(pool) };
  app.addHook('onClose', async () => {
    await pool.end();
  });
  validate(connectionString);
  app.decorate('pg', db);
}
`,
});

valid.push({
  name: "mongodb's callback form before 5.0 (`MongoClient.connect(url, (err, client) => …)`) hands the client to the callback: closed there, in a nested callback, or kept in a module variable through `client.db()`, nothing leaks",
  code: `import { MongoClient, type Db } from 'mongodb';
let db: Db | undefined;
export function init(url: string, done: (err?: Error) => void) {
  MongoClient.connect(url, (err: Error | null, client: MongoClient) => {
    if (err) return done(err);
    db = client.db('app');
    done();
  });
}
export function countUsers(url: string, cb: (err: Error | null, n?: number) => void) {
  MongoClient.connect(url, { maxPoolSize: 1 }, (err: Error | null, client: MongoClient) => {
    if (err) return cb(err);
    client.db('app').collection('users').countDocuments().then(
      (n) => { void client.close(); cb(null, n); },
      (e: Error) => { void client.close(); cb(e); },
    );
  });
}
export const getDb = () => db;
`,
});
invalid.push({
  name: "mongodb's callback form before 5.0: a client the callback is handed and never closes is reported on the call, not as a discarded result",
  code: `import { MongoClient } from 'mongodb';
export function countUsers(url: string, cb: (err: Error | null, n?: number) => void) {
  MongoClient.connect(url, function (err: Error | null, client: MongoClient) {
    if (err) return cb(err);
    client.db('app').collection('users').countDocuments().then((n) => cb(null, n), cb);
  });
}
// The options passed by a parameter of unknown type are not a callback: the promise form, never closed.
export async function countWith(url: any, options: any) {
  const client = await MongoClient.connect(url, options);
  return client.db('app').collection('users').countDocuments();
}
`,
  errors: [
    { messageId: 'neverReleased', line: 3 },
    {
      messageId: 'neverReleased',
      line: 10,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { MongoClient } from 'mongodb';
export function countUsers(url: string, cb: (err: Error | null, n?: number) => void) {
  MongoClient.connect(url, function (err: Error | null, client: MongoClient) {
    if (err) return cb(err);
    client.db('app').collection('users').countDocuments().then((n) => cb(null, n), cb);
  });
}
// The options passed by a parameter of unknown type are not a callback: the promise form, never closed.
export async function countWith(url: any, options: any) {
  const client = await MongoClient.connect(url, options);
  try {
    return await client.db('app').collection('users').countDocuments();
  } finally {
    await client.close();
  }
}
` },
      ],
    },
  ],
});

valid.push({
  name: "ioredis's static `Redis.createClient()` released in a finally, or kept at module level as the app's client; a project class of the same name is not ioredis's",
  code: `import Redis from 'ioredis';
export const shared = Redis.createClient(6379, 'localhost');
export async function pingSafely() {
  const redis = Redis.createClient(6379, 'localhost');
  try {
    return await redis.ping();
  } finally {
    await redis.quit();
  }
}
class Cache {
  static createClient() {
    return new Map<string, string>();
  }
}
export function local() {
  const cache = Cache.createClient();
  return cache.get('a');
}
`,
});

invalid.push({
  name: "ioredis's static `Redis.createClient()` (kept from ioredis 3, `new Redis()` by another name) on the default import and on the named `Redis`, never released",
  code: `import Redis from 'ioredis';
import { Redis as NamedRedis } from 'ioredis';

export async function remember(key: string, value: string) {
  const redis = Redis.createClient(6379, 'localhost');
  await redis.set(key, value);
}

export async function rememberNamed(key: string, value: string) {
  const redis = NamedRedis.createClient(6379, 'localhost');
  await redis.set(key, value);
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 5,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import Redis from 'ioredis';
import { Redis as NamedRedis } from 'ioredis';

export async function remember(key: string, value: string) {
  const redis = Redis.createClient(6379, 'localhost');
  try {
    await redis.set(key, value);
  } finally {
    await redis.quit();
  }
}

export async function rememberNamed(key: string, value: string) {
  const redis = NamedRedis.createClient(6379, 'localhost');
  await redis.set(key, value);
}
` },
      ],
    },
    {
      messageId: 'neverReleased',
      line: 10,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import Redis from 'ioredis';
import { Redis as NamedRedis } from 'ioredis';

export async function remember(key: string, value: string) {
  const redis = Redis.createClient(6379, 'localhost');
  await redis.set(key, value);
}

export async function rememberNamed(key: string, value: string) {
  const redis = NamedRedis.createClient(6379, 'localhost');
  try {
    await redis.set(key, value);
  } finally {
    await redis.quit();
  }
}
` },
      ],
    },
  ],
});

valid.push({
  name: 'compiled CommonJS: `(0, mysql2_1.createConnection)(…)` released in a finally, and an assertion called as `(0, strict_1.default)(…)` on a module bound through an interop helper (`__importDefault`, esbuild\'s `__toESM`) is a presence check that cannot throw holding anything',
  code: `declare function __importDefault<T>(mod: T): { default: T };
declare function __toESM<T>(mod: T, isNodeMode?: number): T;
const strict_1 = __importDefault(require('node:assert/strict'));
const node_assert = __toESM(require('node:assert'), 1);
const mongodb_1 = require('mongodb');
const mysql2_1 = require('mysql2/promise');
export class Store {
  clientP: Promise<{ close(): Promise<void> }>;
  constructor(url?: string) {
    let clientP;
    if (url) clientP = mongodb_1.MongoClient.connect(url);
    else throw new Error('no url');
    (0, strict_1.default)(!!clientP, 'Client is null|undefined');
    (0, node_assert.default)(clientP);
    this.clientP = clientP;
  }
  close() {
    return this.clientP.then((client) => client.close());
  }
}
export async function countRows() {
  const connection = await (0, mysql2_1.createConnection)({ host: 'localhost' });
  try {
    const [rows] = await connection.query('SELECT 1');
    return rows;
  } finally {
    await connection.end();
  }
}
`,
});

invalid.push({
  name: 'compiled CommonJS: the library required through an interop helper (`__importStar(require(…))`, `__importDefault(require(…)).default`) and an imported function called as `(0, mysql2_1.createConnection)(…)` are recognised as the plain `require` is',
  code: `declare function __importStar<T>(mod: T): T;
declare function __importDefault<T>(mod: T): { default: T };
const neo4j_driver_1 = __importStar(require('neo4j-driver'));
const mysql2_1 = require('mysql2/promise');
const ioredis_1 = __importDefault(require('ioredis'));
export async function fromTemp(url: string, create: (driver: unknown) => Promise<string>) {
  const driver = neo4j_driver_1.driver(url);
  const database = await create(driver);
  await driver.close();
  return database;
}
export async function countRows() {
  const connection = await (0, mysql2_1.createConnection)({ host: 'localhost' });
  const [rows] = await connection.query('SELECT 1');
  return rows;
}
export async function remember(key: string, value: string) {
  const redis = new ioredis_1.default();
  await redis.set(key, value);
}
const neo4j_driver_2 = __importDefault(require('neo4j-driver'));
export async function fromTempDefault(url: string, create: (driver: unknown) => Promise<string>) {
  const driver = neo4j_driver_2.default.driver(url);
  const database = await create(driver);
  await driver.close();
  return database;
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 7 },
    {
      messageId: 'neverReleased',
      line: 13,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `declare function __importStar<T>(mod: T): T;
declare function __importDefault<T>(mod: T): { default: T };
const neo4j_driver_1 = __importStar(require('neo4j-driver'));
const mysql2_1 = require('mysql2/promise');
const ioredis_1 = __importDefault(require('ioredis'));
export async function fromTemp(url: string, create: (driver: unknown) => Promise<string>) {
  const driver = neo4j_driver_1.driver(url);
  const database = await create(driver);
  await driver.close();
  return database;
}
export async function countRows() {
  const connection = await (0, mysql2_1.createConnection)({ host: 'localhost' });
  try {
    const [rows] = await connection.query('SELECT 1');
    return rows;
  } finally {
    await connection.end();
  }
}
export async function remember(key: string, value: string) {
  const redis = new ioredis_1.default();
  await redis.set(key, value);
}
const neo4j_driver_2 = __importDefault(require('neo4j-driver'));
export async function fromTempDefault(url: string, create: (driver: unknown) => Promise<string>) {
  const driver = neo4j_driver_2.default.driver(url);
  const database = await create(driver);
  await driver.close();
  return database;
}
` },
      ],
    },
    {
      messageId: 'neverReleased',
      line: 18,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `declare function __importStar<T>(mod: T): T;
declare function __importDefault<T>(mod: T): { default: T };
const neo4j_driver_1 = __importStar(require('neo4j-driver'));
const mysql2_1 = require('mysql2/promise');
const ioredis_1 = __importDefault(require('ioredis'));
export async function fromTemp(url: string, create: (driver: unknown) => Promise<string>) {
  const driver = neo4j_driver_1.driver(url);
  const database = await create(driver);
  await driver.close();
  return database;
}
export async function countRows() {
  const connection = await (0, mysql2_1.createConnection)({ host: 'localhost' });
  const [rows] = await connection.query('SELECT 1');
  return rows;
}
export async function remember(key: string, value: string) {
  const redis = new ioredis_1.default();
  try {
    await redis.set(key, value);
  } finally {
    await redis.quit();
  }
}
const neo4j_driver_2 = __importDefault(require('neo4j-driver'));
export async function fromTempDefault(url: string, create: (driver: unknown) => Promise<string>) {
  const driver = neo4j_driver_2.default.driver(url);
  const database = await create(driver);
  await driver.close();
  return database;
}
` },
      ],
    },
    { messageId: 'notReleasedOnThrow', line: 23 },
  ],
});

valid.push({
  name: 'a closure a project factory returns (`withConnection(f)` returning `async (client) => { try { … } finally { await client.end(); } }`), called on the client directly or through a const, releases it; a pg client only passed to it is held from there on, not from its construction',
  code: `import { Client, Pool } from 'pg';

function withConnection<T>(f: (client: Client) => Promise<T>) {
  return async (client: Client): Promise<T> => {
    try {
      await client.connect();
      return await f(client);
    } finally {
      await client.end();
    }
  };
}

function withoutRelease<T>(f: (client: Client) => Promise<T>) {
  return async (client: Client): Promise<T> => {
    await client.connect();
    return f(client);
  };
}

const pool = new Pool();
const releasing = (run: (client: import('pg').PoolClient) => Promise<void>) => async (client: import('pg').PoolClient) => {
  try {
    await run(client);
  } finally {
    client.release();
  }
};

export async function createDb(name: string) {
  const client = new Client({ database: 'postgres' });
  client.on('error', (err) => console.error(err.message));
  const runWith = withConnection(async (c) => {
    await c.query(\`CREATE DATABASE "\${name}"\`);
  });
  return runWith(client);
}

export async function dropDb(name: string) {
  const client = new Client({ database: 'postgres' });
  return withConnection((c) => c.query(\`DROP DATABASE "\${name}"\`))(client);
}

export async function checkout() {
  const client = await pool.connect();
  await releasing(async (c) => { await c.query('SELECT 1'); })(client);
}

export async function migrate(config: { client?: Client; database: string }, ensure: boolean) {
  if (config.client) return withConnection(async () => undefined)(config.client);
  if (ensure) {
    const client = new Client({ database: 'postgres' });
    const runWith = withConnection(async (c) => c.query('SELECT 1'));
    await runWith(client);
  }
  {
    const client = new Client({ database: config.database });
    client.on('error', () => undefined);
    const runWith = withConnection(async (c) => c.query('SELECT 2'));
    return runWith(client);
  }
}
`,
});
invalid.push({
  name: 'a closure a project factory returns that connects the client without ending it does not release it',
  code: `import { Client } from 'pg';
function withoutRelease<T>(f: (client: Client) => Promise<T>) {
  return async (client: Client): Promise<T> => {
    await client.connect();
    return f(client);
  };
}


export async function leakyDb(name: string) {
  const client = new Client({ database: 'postgres' });
  const runWith = withoutRelease((c) => c.query(\`CREATE DATABASE "\${name}"\`));
  return runWith(client);
}
`,
  errors: [
    {
      messageId: 'neverReleased',
      line: 11,
      suggestions: [
        { messageId: 'suggestTryFinally', output: `import { Client } from 'pg';
function withoutRelease<T>(f: (client: Client) => Promise<T>) {
  return async (client: Client): Promise<T> => {
    await client.connect();
    return f(client);
  };
}


export async function leakyDb(name: string) {
  const client = new Client({ database: 'postgres' });
  try {
  const runWith = withoutRelease((c) => c.query(\`CREATE DATABASE "\${name}"\`));
  return await runWith(client);
  } finally {
    await client.end();
  }
}
` },
      ],
    },
  ],
});

valid.push({
  name: 'compiled `async` code (`__awaiter(this, …, function* () { const client = yield pool.connect(); … })`): `yield` there is an `await`, so a release in a finally and a returned client are seen; a real generator yielding a client hands it to its consumer',
  code: `import { Pool, type PoolClient } from 'pg';
declare function __awaiter<T>(thisArg: unknown, args: unknown, P: unknown, generator: () => Generator<unknown, T, any>): Promise<T>;
const pool = new Pool();
export function count() {
  return __awaiter(this, void 0, void 0, function* () {
    const client = yield pool.connect();
    try {
      const { rows } = yield client.query('SELECT count(*) FROM users');
      return rows[0];
    } finally {
      client.release();
    }
  });
}
export function checkout() {
  return __awaiter(this, void 0, void 0, function* () {
    const client = yield pool.connect();
    return client;
  });
}
// A real generator hands what it yields to its consumer.
export function* clients(): Generator<Promise<PoolClient>> {
  yield pool.connect();
}
`,
});
invalid.push({
  name: 'compiled `async` code: what `yield` gives in an `__awaiter` generator is the resource, not a hand-off, so leaks there are reported (no fix offered: a generator cannot `await`)',
  code: `import type { Browser } from 'puppeteer';
import { Pool } from 'pg';
declare function __awaiter<T>(thisArg: unknown, args: unknown, P: unknown, generator: () => Generator<unknown, T, any>): Promise<T>;
const pool = new Pool();
export function createResources(browser: Browser) {
  return __awaiter(this, void 0, void 0, function* () {
    const context = yield browser.createBrowserContext();
    const page = yield context.newPage();
    return { context, page };
  });
}
export function count() {
  return __awaiter(this, void 0, void 0, function* () {
    const client = yield pool.connect();
    const { rows } = yield client.query('SELECT count(*) FROM users');
    return rows[0];
  });
}
`,
  errors: [
    { messageId: 'notReleasedOnThrow', line: 7 },
    { messageId: 'neverReleased', line: 14 },
  ],
});

createRuleTesterWithTypes().run('require-session-close (regressions, typed)', rule, {
  valid,
  invalid: [...invalid, ...invalidTyped],
});

createRuleTesterUntyped().run('require-session-close (regressions, untyped)', rule, {
  valid,
  invalid: [...invalid, ...invalidUntyped],
});
