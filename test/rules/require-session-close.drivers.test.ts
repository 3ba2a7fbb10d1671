/**
 * require-session-close against the real declarations of database and browser drivers installed in
 * node_modules (mongodb, mongoose, neo4j-driver, playwright-core, puppeteer-core, ioredis, redis v4,
 * @mikro-orm/core) and the user settings (`factories`, `closers`). The shared tables run in both
 * modes; where typed mode adds a suggestion (`await using` for types that declare
 * `Symbol.asyncDispose`: neo4j-driver, playwright-core), each mode has its own case.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageId, type Options } from '../../rules/require-session-close.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

const SETTINGS = {
  'session-leaks': { factories: [{ name: 'getDb', release: ['close'] }], closers: ['safeClose'] },
};

/** Valid in both modes. */
const valid: ValidTestCase<Options>[] = [
  {
    name: 'mongodb: try/finally endSession',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function findUser(client: MongoClient, id: string) {
  const session = client.startSession();
  try {
    return await client.db("app").collection("users").findOne({ id }, { session });
  } finally {
    await session.endSession();
  }
}
`,
  },
  {
    name: 'mongodb: guarded endSession in finally',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function findUser(client: MongoClient, id: string) {
  let session: ClientSession | undefined;
  try {
    session = client.startSession();
    return await client.db("app").collection("users").findOne({ id }, { session });
  } finally {
    if (session) await session.endSession();
  }
}
`,
  },
  {
    name: 'mongodb: optional-chained endSession in finally',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function findUser(client: MongoClient, id: string) {
  let session: ClientSession | undefined;
  try {
    session = client.startSession();
    return await client.db("app").collection("users").findOne({ id }, { session });
  } finally {
    await session?.endSession();
  }
}
`,
  },
  {
    name: 'mongodb: catch releases and rethrows',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function findUser(client: MongoClient, id: string) {
  const session = client.startSession();
  let user;
  try {
    user = await client.db("app").collection("users").findOne({ id }, { session });
  } catch (error) {
    await session.endSession();
    throw error;
  }
  await session.endSession();
  return user;
}
`,
  },
  {
    name: 'mongodb: .finally(() => session.endSession())',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export function findUser(client: MongoClient, id: string) {
  const session = client.startSession();
  return client.db("app").collection("users").findOne({ id }, { session }).finally(() => session.endSession());
}
`,
  },
  {
    name: 'mongodb: session returned',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export function openSession(client: MongoClient) {
  const session = client.startSession({ causalConsistency: true });
  return session;
}
`,
  },
  {
    name: 'mongodb: session stored into a field that the class ends',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export class UnitOfWork {
  private session?: ClientSession;
  constructor(private readonly client: MongoClient) {}
  begin() {
    this.session = this.client.startSession();
  }
  async end() {
    await this.session?.endSession();
  }
}
`,
  },
  {
    name: 'mongodb: sessions stored into an array and a map',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

const sessions: ClientSession[] = [];
const byId = new Map<string, ClientSession>();
export function track(client: MongoClient, id: string) {
  const session = client.startSession();
  sessions.push(session);
  const other = client.startSession();
  byId.set(id, other);
}
`,
  },
  {
    name: 'mongodb: session passed to new Repo(session)',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

class Repo {
  constructor(readonly session: ClientSession) {}
}
export function makeRepo(client: MongoClient) {
  const session = client.startSession();
  return new Repo(session);
}
`,
  },
  {
    name: 'mongodb: session.withTransaction(cb) with endSession in finally',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function addUser(client: MongoClient, users: Collection, name: string) {
  const session = client.startSession();
  try {
    await session.withTransaction(async () => {
      await users.insertOne({ name }, { session });
    });
  } finally {
    await session.endSession();
  }
}
`,
  },
  {
    name: 'mongodb: client.withSession(cb)',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function addUser(client: MongoClient, users: Collection, name: string) {
  await client.withSession(async (session) => {
    await session.withTransaction(async () => {
      await users.insertOne({ name }, { session });
    });
  });
}
`,
  },
  {
    name: 'mongodb: transaction committed, aborted in catch',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function addUser(session: ClientSession, users: Collection, name: string) {
  session.startTransaction();
  try {
    await users.insertOne({ name }, { session });
    await session.commitTransaction();
  } catch (error) {
    await session.abortTransaction();
    throw error;
  }
}
`,
  },
  {
    name: 'mongodb: transaction with commit only, session ended in finally',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function addUser(client: MongoClient, users: Collection, name: string) {
  const session = client.startSession();
  try {
    session.startTransaction();
    await users.insertOne({ name }, { session });
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}
`,
  },
  {
    name: 'mongodb: module-level client',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export const client = new MongoClient("mongodb://localhost:27017");
export const db = client.db("app");
`,
  },
  {
    name: 'mongodb: client per call closed in finally',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function countUsers(url: string) {
  const client = new MongoClient(url);
  try {
    return await client.db("app").collection("users").countDocuments();
  } finally {
    await client.close();
  }
}
`,
  },
  {
    name: 'mongodb: local closer function called in finally',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

async function endQuietly(session: ClientSession) {
  try {
    await session.endSession();
  } catch {
    // ignored
  }
}
export async function findUser(client: MongoClient, id: string) {
  const session = client.startSession();
  try {
    return await client.db("app").collection("users").findOne({ id }, { session });
  } finally {
    await endQuietly(session);
  }
}
`,
  },
  {
    name: 'mongoose: withTransaction callback, endSession in finally',
    code: `import mongoose from "mongoose";

export async function rename(id: string, name: string) {
  const session = await mongoose.startSession();
  try {
    await session.withTransaction(async () => {
      await mongoose.model("User").updateOne({ _id: id }, { name }, { session });
    });
  } finally {
    await session.endSession();
  }
}
`,
  },
  {
    name: 'mongoose: connection.transaction(cb)',
    code: `import mongoose from "mongoose";

export async function rename(conn: mongoose.Connection, id: string, name: string) {
  await conn.transaction(async (session) => {
    await conn.model("User").updateOne({ _id: id }, { name }, { session });
  });
}
`,
  },
  {
    name: 'mongoose: connection closed in finally',
    code: `import mongoose from "mongoose";

export async function countUsers(uri: string) {
  const conn = mongoose.createConnection(uri);
  try {
    return await conn.collection("users").countDocuments();
  } finally {
    await conn.close();
  }
}
`,
  },
  {
    name: 'mongoose: catch releases and rethrows',
    code: `import mongoose from "mongoose";

export async function rename(id: string, name: string) {
  const session = await mongoose.startSession();
  try {
    await mongoose.model("User").updateOne({ _id: id }, { name }, { session });
  } catch (error) {
    await session.endSession();
    throw error;
  }
  await session.endSession();
}
`,
  },
  {
    name: 'mongoose: .finally(() => session.endSession())',
    code: `import mongoose from "mongoose";

export async function rename(id: string, name: string) {
  const session = await mongoose.startSession();
  await mongoose.model("User").updateOne({ _id: id }, { name }, { session }).finally(() => session.endSession());
}
`,
  },
  {
    name: 'mongoose: module-level connection',
    code: `import mongoose from "mongoose";

export const conn = mongoose.createConnection("mongodb://localhost/app");
`,
  },
  {
    name: 'mongoose: connection returned',
    code: `import mongoose from "mongoose";

export function connect(uri: string) {
  return mongoose.createConnection(uri);
}
`,
  },
  {
    name: 'mongoose: session passed to new Repo(session)',
    code: `import mongoose from "mongoose";

class Repo {
  constructor(readonly session: mongoose.ClientSession) {}
}
export async function makeRepo() {
  const session = await mongoose.startSession();
  return new Repo(session);
}
`,
  },
  {
    name: 'neo4j: try/finally close',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function countPeople(driver: Driver) {
  const session = driver.session();
  try {
    const result = await session.run("MATCH (p:Person) RETURN count(p) AS n");
    return result.records[0].get("n");
  } finally {
    await session.close();
  }
}
`,
  },
  {
    name: 'neo4j: guarded close in finally',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function countPeople(driver: Driver) {
  let session: Session | null = null;
  try {
    session = driver.session();
    const result = await session.run("MATCH (p:Person) RETURN count(p) AS n");
    return result.records[0].get("n");
  } finally {
    if (session !== null) {
      await session.close();
    }
  }
}
`,
  },
  {
    name: 'neo4j: executeWrite/executeRead callbacks, session closed in finally',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(driver: Driver, name: string) {
  const session = driver.session();
  try {
    await session.executeWrite((tx) => tx.run("CREATE (:Person { name: $name })", { name }));
    return await session.executeRead(async (tx) => {
      const result = await tx.run("MATCH (p:Person) RETURN count(p) AS n");
      return result.records[0].get("n");
    });
  } finally {
    await session.close();
  }
}
`,
  },
  {
    name: 'neo4j: transaction rolled back in catch',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(session: Session, name: string) {
  const tx = session.beginTransaction();
  try {
    await tx.run("CREATE (:Person { name: $name })", { name });
    await tx.commit();
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}
`,
  },
  {
    name: 'neo4j: transaction released by closing its session in finally',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(driver: Driver, name: string) {
  const session = driver.session();
  try {
    const tx = session.beginTransaction();
    await tx.run("CREATE (:Person { name: $name })", { name });
    await tx.commit();
  } finally {
    await session.close();
  }
}
`,
  },
  {
    name: 'neo4j: catch closes and rethrows',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(driver: Driver, name: string) {
  const session = driver.session();
  try {
    await session.run("CREATE (:Person { name: $name })", { name });
  } catch (error) {
    await session.close();
    throw error;
  }
  await session.close();
}
`,
  },
  {
    name: 'neo4j: .finally(() => session.close())',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export function addPerson(driver: Driver, name: string) {
  const session = driver.session();
  return session.run("CREATE (:Person { name: $name })", { name }).finally(() => session.close());
}
`,
  },
  {
    name: 'neo4j: session returned',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export function readSession(driver: Driver) {
  return driver.session({ defaultAccessMode: neo4j.session.READ });
}
`,
  },
  {
    name: 'neo4j: module-level export const driver',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export const driver = neo4j.driver("neo4j://localhost", neo4j.auth.basic("neo4j", "secret"));
`,
  },
  {
    name: 'neo4j: driver per call closed in finally',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function ping(uri: string) {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"));
  try {
    await driver.verifyConnectivity();
  } finally {
    await driver.close();
  }
}
`,
  },
  {
    name: 'neo4j: await using session',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function countPeople(driver: Driver) {
  await using session = driver.session();
  const result = await session.run("MATCH (p:Person) RETURN count(p) AS n");
  return result.records[0].get("n");
}
`,
  },
  {
    name: 'neo4j: session passed to new Repo(session)',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export class Repo {
  constructor(readonly session: Session) {}
}
export function open(driver: Driver) {
  const session = driver.session();
  return new Repo(session);
}
`,
  },
  {
    name: 'neo4j: local closer function called in finally',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

async function closeSession(session: Session) {
  await session.close();
}
export async function addPerson(driver: Driver, name: string) {
  const session = driver.session();
  try {
    await session.run("CREATE (:Person { name: $name })", { name });
  } finally {
    await closeSession(session);
  }
}
`,
  },
  {
    name: 'playwright: browser closed in finally, page not closed',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function title(url: string) {
  const browser = await chromium.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.title();
  } finally {
    await browser.close();
  }
}
`,
  },
  {
    name: 'playwright: page of a context closed with the context in finally',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function visit(browser: Browser, url: string) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
  } finally {
    await context.close();
  }
}
`,
  },
  {
    name: 'playwright: guarded browser.close in finally',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function title(url: string) {
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch();
    const page = await browser.newPage();
    await page.goto(url);
    return await page.title();
  } finally {
    if (browser !== undefined) {
      await browser.close();
    }
  }
}
`,
  },
  {
    name: 'playwright: await using browser',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function version() {
  await using browser = await chromium.launch();
  return browser.version();
}
`,
  },
  {
    name: 'playwright: await using page',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function visit(browser: Browser, url: string) {
  await using page = await browser.newPage();
  await page.goto(url);
}
`,
  },
  {
    name: 'playwright: launched browser returned',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export function launchBrowser() {
  return chromium.launch({ headless: true });
}
`,
  },
  {
    name: 'playwright: page stored into a module-level map',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

const pages = new Map<string, Page>();
export async function open(browser: Browser, name: string) {
  const page = await browser.newPage();
  pages.set(name, page);
}
`,
  },
  {
    name: 'playwright: catch closes the page and rethrows',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function openPage(browser: Browser, url: string) {
  const page = await browser.newPage();
  try {
    await page.goto(url);
  } catch (error) {
    await page.close();
    throw error;
  }
  return page;
}
`,
  },
  {
    name: 'playwright: .finally(() => page.close())',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function visit(browser: Browser, url: string) {
  const page = await browser.newPage();
  await page.goto(url).finally(() => page.close());
}
`,
  },
  {
    name: 'playwright: module-level browser',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export const browser = await chromium.launch();
`,
  },
  {
    name: 'playwright: local closer function called in finally',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

async function closePage(page: Page) {
  await page.close({ runBeforeUnload: false });
}
export async function visit(browser: Browser, url: string) {
  const page = await browser.newPage();
  try {
    await page.goto(url);
  } finally {
    await closePage(page);
  }
}
`,
  },
  {
    name: 'puppeteer: browser closed in finally, page not closed',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function title(url: string) {
  const browser = await puppeteer.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.title();
  } finally {
    await browser.close();
  }
}
`,
  },
  {
    name: 'puppeteer: page closed in finally',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function title(browser: Browser, url: string) {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    return await page.title();
  } finally {
    await page.close();
  }
}
`,
  },
  {
    name: 'puppeteer: guarded browser.close in finally',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function title(url: string) {
  let browser: Browser | null = null;
  try {
    browser = await puppeteer.launch();
    const page = await browser.newPage();
    await page.goto(url);
    return await page.title();
  } finally {
    await browser?.close();
  }
}
`,
  },
  {
    name: 'puppeteer: page returned',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function openPage(browser: Browser) {
  const page = await browser.newPage();
  return page;
}
`,
  },
  {
    name: 'puppeteer: pages stored into an array',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

const pages: Page[] = [];
export async function openPage(browser: Browser) {
  const page = await browser.newPage();
  pages.push(page);
}
`,
  },
  {
    name: 'puppeteer: .finally(() => page.close())',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function visit(browser: Browser, url: string) {
  const page = await browser.newPage();
  await page.goto(url).finally(() => page.close());
}
`,
  },
  {
    name: 'puppeteer: catch closes the browser and rethrows',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function launchWithPage() {
  const browser = await puppeteer.launch();
  try {
    await browser.version();
  } catch (error) {
    await browser.close();
    throw error;
  }
  return browser;
}
`,
  },
  {
    name: 'ioredis: disconnect in finally',
    code: `import { Redis } from "ioredis";

export async function readKey(key: string) {
  const redis = new Redis();
  try {
    return await redis.get(key);
  } finally {
    redis.disconnect();
  }
}
`,
  },
  {
    name: 'ioredis: guarded quit in finally',
    code: `import { Redis } from "ioredis";

export async function readKey(key: string) {
  let redis: Redis | undefined;
  try {
    redis = new Redis();
    return await redis.get(key);
  } finally {
    if (redis) await redis.quit();
  }
}
`,
  },
  {
    name: 'ioredis: module-level client',
    code: `import { Redis } from "ioredis";

export const redis = new Redis(process.env.REDIS_URL ?? "redis://localhost:6379");
`,
  },
  {
    name: 'ioredis: client stored into a field',
    code: `import { Redis } from "ioredis";

export class Cache {
  private redis?: Redis;
  connect() {
    this.redis = new Redis();
  }
}
`,
  },
  {
    name: 'ioredis: client stored into a map',
    code: `import { Redis } from "ioredis";

const clients = new Map<string, Redis>();
export function clientFor(name: string) {
  const redis = new Redis({ connectionName: name });
  clients.set(name, redis);
}
`,
  },
  {
    name: 'ioredis: client passed to new Repo(redis)',
    code: `import { Redis } from "ioredis";

class Repo {
  constructor(readonly redis: Redis) {}
}
export function makeRepo() {
  const redis = new Redis();
  return new Repo(redis);
}
`,
  },
  {
    name: 'ioredis: .finally(() => redis.quit())',
    code: `import { Redis } from "ioredis";

export function readKey(key: string) {
  const redis = new Redis();
  return redis.get(key).finally(() => redis.quit());
}
`,
  },
  {
    name: 'ioredis: catch disconnects and rethrows',
    code: `import { Redis } from "ioredis";

export async function readKey(key: string) {
  const redis = new Redis();
  let value: string | null;
  try {
    value = await redis.get(key);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  await redis.quit();
  return value;
}
`,
  },
  {
    name: 'ioredis: local closer function called in finally',
    code: `import { Redis } from "ioredis";

async function shutdown(redis: Redis) {
  await redis.quit();
}
export async function readKey(key: string) {
  const redis = new Redis();
  try {
    return await redis.get(key);
  } finally {
    await shutdown(redis);
  }
}
`,
  },
  {
    name: 'redis: connect and use inside try, quit in finally',
    code: `import { createClient } from "redis";

export async function readKey(key: string) {
  const client = createClient();
  try {
    await client.connect();
    return await client.get(key);
  } finally {
    await client.quit();
  }
}
`,
  },
  {
    name: 'redis: module-level client',
    code: `import { createClient } from "redis";

export const client = createClient({ url: process.env.REDIS_URL });
`,
  },
  {
    name: 'redis: client returned',
    code: `import { createClient } from "redis";

export function makeClient(url: string) {
  return createClient({ url });
}
`,
  },
  {
    name: 'redis: client stored into a field',
    code: `import { createClient } from "redis";

export class Cache {
  private client?: ReturnType<typeof createClient>;
  start() {
    this.client = createClient();
  }
}
`,
  },
  {
    name: 'redis: .finally(() => client.quit())',
    code: `import { createClient } from "redis";

export async function readKey(key: string) {
  const client = createClient();
  return client.connect().then(() => client.get(key)).finally(() => client.quit());
}
`,
  },
  {
    name: 'mikro-orm: close in finally',
    code: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function migrate(options: Options) {
  const orm = await MikroORM.init(options);
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close(true);
  }
}
`,
  },
  {
    name: 'mikro-orm: em.begin() committed in the try and rolled back in the catch, on a fork or a given manager; em.transactional(cb)',
    code: `import { MikroORM, type EntityManager } from "@mikro-orm/core";

export async function writeOff(orm: MikroORM, id: number) {
  const em = orm.em.fork();
  await em.begin();
  try {
    await em.getConnection().execute("update stock set n = 0 where id = ?", [id]);
    await em.commit();
  } catch (error) {
    await em.rollback();
    throw error;
  }
}
export async function flushAll(em: EntityManager) {
  await em.begin();
  try {
    await em.flush();
    await em.commit();
  } catch (error) {
    await em.rollback();
    throw error;
  }
}
export async function scoped(orm: MikroORM) {
  await orm.em.transactional(async (em) => em.flush());
}
`,
  },
  {
    name: 'mysql2: beginTransaction committed in the try and rolled back in the catch, the connection released in finally; the callback form',
    code: `import mysql from "mysql2/promise";
import mysqlCallbacks from "mysql2";

const pool = mysql.createPool({ uri: "mysql://localhost/app" });
export async function move(id: number) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query("update stock set n = n - 1 where id = ?", [id]);
    await conn.commit();
  } catch (error) {
    await conn.rollback();
    throw error;
  } finally {
    conn.release();
  }
}
const callbackPool = mysqlCallbacks.createPool({ uri: "mysql://localhost/app" });
export function moveLater(id: number, done: (error: unknown) => void) {
  callbackPool.getConnection((err, conn) => {
    if (err) return done(err);
    conn.beginTransaction((beginError) => {
      if (beginError) {
        conn.release();
        return done(beginError);
      }
      conn.query("update stock set n = n - 1 where id = ?", [id], (queryError) => {
        if (queryError) return conn.rollback(() => { conn.release(); done(queryError); });
        conn.commit((commitError) => {
          conn.release();
          done(commitError);
        });
      });
    });
  });
}
`,
  },
  {
    name: 'mikro-orm: em.fork() has no release and is never reported',
    code: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function handle(orm: MikroORM, ids: number[]) {
  const em = orm.em.fork();
  await em.flush();
  orm.em.fork();
  for (const id of ids) {
    const child = em.fork({ clear: true });
    if (id === 1) continue;
    await child.flush();
  }
  if (ids.length === 0) return;
}
`,
  },
  {
    name: 'mikro-orm: module-level orm',
    code: `import { MikroORM, type Options } from "@mikro-orm/core";

export const orm = await MikroORM.init({});
`,
  },
  {
    name: 'mikro-orm: orm returned',
    code: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function createOrm(options: Options) {
  const orm = await MikroORM.init(options);
  return orm;
}
`,
  },
  {
    name: 'settings: safeClose(db) in finally',
    settings: SETTINGS,
    code: `declare function getDb(): { query(sql: string): Promise<unknown>; close(): Promise<void> };
declare function safeClose(db: unknown): Promise<void>;

export async function load() {
  const db = getDb();
  try {
    await db.query("select 1");
  } finally {
    await safeClose(db);
  }
}
`,
  },
  {
    name: 'settings: db.close() in finally',
    settings: SETTINGS,
    code: `declare function getDb(): { query(sql: string): Promise<unknown>; close(): Promise<void> };
declare function safeClose(db: unknown): Promise<void>;

export async function load() {
  const db = getDb();
  try {
    return await db.query("select 1");
  } finally {
    await db.close();
  }
}
`,
  },
  {
    name: 'settings: safeClose(client) releases a library client too',
    settings: SETTINGS,
    code: `import { createClient } from "redis";

declare function safeClose(db: unknown): Promise<void>;
export async function readKey(key: string) {
  const client = createClient();
  try {
    return await client.get(key);
  } finally {
    await safeClose(client);
  }
}
`,
  },
  {
    name: 'settings: getDb() is not a factory without settings',
    code: `declare function getDb(): { query(sql: string): Promise<unknown>; close(): Promise<void> };
declare function safeClose(db: unknown): Promise<void>;

export async function load() {
  const db = getDb();
  await db.query("select 1");
}
`,
  },
];

/** Same findings and suggestions in both modes. */
const invalid: InvalidTestCase<MessageId, Options>[] = [
  {
    name: 'mysql2: a transaction committed with no rollback on failure goes back to the pool open',
    code: `import mysql from "mysql2/promise";

const pool = mysql.createPool({ uri: "mysql://localhost/app" });
export async function move(id: number) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    await conn.query("update stock set n = n - 1 where id = ?", [id]);
    await conn.commit();
  } finally {
    conn.release();
  }
}
`,
    errors: [
      {
        messageId: "notRolledBack",
        line: 7,
        column: 11,
        endLine: 7,
        endColumn: 34,
        data: { resource: "transaction", name: "conn", line: "7", rollback: "await conn.rollback()" },
        suggestions: [
          {
            messageId: "suggestTryCatch",
            output: `import mysql from "mysql2/promise";

const pool = mysql.createPool({ uri: "mysql://localhost/app" });
export async function move(id: number) {
  const conn = await pool.getConnection();
  try {
    await conn.beginTransaction();
    try {
      await conn.query("update stock set n = n - 1 where id = ?", [id]);
      await conn.commit();
    } catch (error) {
      await conn.rollback();
      throw error;
    }
  } finally {
    conn.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mikro-orm: em.begin() committed with no rollback on failure',
    code: `import { MikroORM } from "@mikro-orm/core";

export async function writeOff(orm: MikroORM, id: number) {
  const em = orm.em.fork();
  await em.begin();
  await em.getConnection().execute("update stock set n = 0 where id = ?", [id]);
  await em.commit();
}
`,
    errors: [
      {
        messageId: "notRolledBack",
        line: 5,
        column: 9,
        endLine: 5,
        endColumn: 19,
        data: { resource: "transaction", name: "em", line: "5", rollback: "await em.rollback()" },
        suggestions: [
          {
            messageId: "suggestTryCatch",
            output: `import { MikroORM } from "@mikro-orm/core";

export async function writeOff(orm: MikroORM, id: number) {
  const em = orm.em.fork();
  await em.begin();
  try {
    await em.getConnection().execute("update stock set n = 0 where id = ?", [id]);
    await em.commit();
  } catch (error) {
    await em.rollback();
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
    name: 'mongodb: session never released',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function findUser(client: MongoClient, id: string) {
  const session = client.startSession();
  const user = await client.db("app").collection("users").findOne({ id }, { session });
  return user;
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 19, endLine: 4, endColumn: 40,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function findUser(client: MongoClient, id: string) {
  const session = client.startSession();
  try {
    const user = await client.db("app").collection("users").findOne({ id }, { session });
    return user;
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
    name: 'mongodb: endSession only on the normal path',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function touch(client: MongoClient, id: string) {
  const session = client.startSession();
  await client.db("app").collection("users").updateOne({ id }, { $set: { seen: true } }, { session });
  await session.endSession();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 19, endLine: 4, endColumn: 40,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function touch(client: MongoClient, id: string) {
  const session = client.startSession();
  try {
    await client.db("app").collection("users").updateOne({ id }, { $set: { seen: true } }, { session });
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
    name: 'mongodb: endSession before the return, not in finally',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function findUser(client: MongoClient, id: string) {
  const session = client.startSession();
  const user = await client.db("app").collection("users").findOne({ id }, { session });
  await session.endSession();
  return user;
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 19, endLine: 4, endColumn: 40, suggestions: [] },
    ],
  },
  {
    name: 'mongodb: early return skips endSession',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function findUser(client: MongoClient, id: string) {
  const session = client.startSession();
  if (id === "") return null;
  try {
    return await client.db("app").collection("users").findOne({ id }, { session });
  } finally {
    await session.endSession();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 4, column: 19, endLine: 4, endColumn: 40, suggestions: [] },
    ],
  },
  {
    name: 'mongodb: endSession on one branch only',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function maybeEnd(client: MongoClient, done: boolean) {
  const session = client.startSession();
  if (done) {
    await session.endSession();
  }
}
`,
    errors: [
      { messageId: 'releasedOnSomePaths', line: 4, column: 19, endLine: 4, endColumn: 40, suggestions: [] },
    ],
  },
  {
    name: 'mongodb: session.endSession referenced but not called',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function countUsers(client: MongoClient) {
  const session = client.startSession();
  const count = await client.db("app").collection("users").countDocuments({}, { session });
  session.endSession;
  return count;
}
`,
    errors: [
      { messageId: 'releaseNotCalled', line: 4, column: 19, endLine: 4, endColumn: 40, suggestions: [] },
    ],
  },
  {
    name: 'mongodb: startTransaction with commit only',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function addUser(session: ClientSession, users: Collection, name: string) {
  session.startTransaction();
  await users.insertOne({ name }, { session });
  await session.commitTransaction();
}
`,
    errors: [
      { messageId: 'notRolledBack', line: 4, column: 3, endLine: 4, endColumn: 29,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function addUser(session: ClientSession, users: Collection, name: string) {
  session.startTransaction();
  try {
    await users.insertOne({ name }, { session });
    await session.commitTransaction();
  } catch (error) {
    await session.abortTransaction();
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
    name: 'mongodb: local session and transaction, commit and endSession on the normal path only',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function addUser(client: MongoClient, users: Collection, name: string) {
  const session = client.startSession();
  session.startTransaction();
  await users.insertOne({ name }, { session });
  await session.commitTransaction();
  await session.endSession();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 19, endLine: 4, endColumn: 40,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function addUser(client: MongoClient, users: Collection, name: string) {
  const session = client.startSession();
  try {
    session.startTransaction();
    await users.insertOne({ name }, { session });
    await session.commitTransaction();
  } finally {
    await session.endSession();
  }
}
`,
          },
        ],
      },
      { messageId: 'notRolledBack', line: 5, column: 3, endLine: 5, endColumn: 29,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function addUser(client: MongoClient, users: Collection, name: string) {
  const session = client.startSession();
  session.startTransaction();
  try {
    await users.insertOne({ name }, { session });
    await session.commitTransaction();
    await session.endSession();
  } catch (error) {
    await session.abortTransaction();
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
    name: 'mongodb: continue skips endSession in a for loop',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function touchAll(client: MongoClient, ids: string[]) {
  for (let i = 0; i < ids.length; i++) {
    const session = client.startSession();
    if (ids[i] === "") {
      continue;
    }
    await session.endSession();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 5, column: 21, endLine: 5, endColumn: 42, suggestions: [] },
    ],
  },
  {
    name: 'mongodb: startSession result discarded',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export function warmUp(client: MongoClient) {
  client.startSession();
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 3, endLine: 4, endColumn: 24, suggestions: [] },
    ],
  },
  {
    name: 'mongodb: MongoClient.connect result discarded',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function warmUp(url: string) {
  await MongoClient.connect(url);
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 33, suggestions: [] },
    ],
  },
  {
    name: 'mongodb: new MongoClient per call never closed',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function countUsers(url: string) {
  const client = new MongoClient(url);
  const count = await client.db("app").collection("users").countDocuments();
  return count;
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 18, endLine: 4, endColumn: 38,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function countUsers(url: string) {
  const client = new MongoClient(url);
  try {
    const count = await client.db("app").collection("users").countDocuments();
    return count;
  } finally {
    await client.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mongodb: MongoClient.connect per call never closed',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function countUsers(url: string) {
  const client = await MongoClient.connect(url);
  const count = await client.db("app").collection("users").countDocuments();
  return count;
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 24, endLine: 4, endColumn: 48,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export async function countUsers(url: string) {
  const client = await MongoClient.connect(url);
  try {
    const count = await client.db("app").collection("users").countDocuments();
    return count;
  } finally {
    await client.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mongodb: session stored into a field that no member of the class ends',
    code: `import { MongoClient, type ClientSession, type Collection } from "mongodb";

export class UnitOfWork {
  private session?: ClientSession;
  constructor(private readonly client: MongoClient) {}
  begin() {
    this.session = this.client.startSession();
  }
}
`,
    errors: [
      { messageId: 'fieldNeverReleased', line: 7, column: 5, endLine: 7, endColumn: 47, suggestions: [] },
    ],
  },
  {
    name: 'mongoose: createConnection per call never closed',
    code: `import mongoose from "mongoose";

export async function countUsers(uri: string) {
  const conn = mongoose.createConnection(uri);
  const count = await conn.collection("users").countDocuments();
  return count;
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 16, endLine: 4, endColumn: 46,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import mongoose from "mongoose";

export async function countUsers(uri: string) {
  const conn = mongoose.createConnection(uri);
  try {
    const count = await conn.collection("users").countDocuments();
    return count;
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
    name: 'mongoose: connection closed only on the normal path',
    code: `import mongoose from "mongoose";

export async function dropUsers(uri: string) {
  const conn = mongoose.createConnection(uri);
  await conn.dropCollection("users");
  await conn.close();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 16, endLine: 4, endColumn: 46,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import mongoose from "mongoose";

export async function dropUsers(uri: string) {
  const conn = mongoose.createConnection(uri);
  try {
    await conn.dropCollection("users");
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
    name: 'mongoose: mongoose.startSession never released',
    code: `import mongoose from "mongoose";

export async function rename(id: string, name: string) {
  const session = await mongoose.startSession();
  await mongoose.model("User").updateOne({ _id: id }, { name }, { session });
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 25, endLine: 4, endColumn: 48,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import mongoose from "mongoose";

export async function rename(id: string, name: string) {
  const session = await mongoose.startSession();
  try {
    await mongoose.model("User").updateOne({ _id: id }, { name }, { session });
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
    name: 'mongoose: connection.startSession never released',
    code: `import mongoose from "mongoose";

export async function rename(conn: mongoose.Connection, id: string, name: string) {
  const session = await conn.startSession();
  await conn.model("User").updateOne({ _id: id }, { name }, { session });
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 25, endLine: 4, endColumn: 44,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import mongoose from "mongoose";

export async function rename(conn: mongoose.Connection, id: string, name: string) {
  const session = await conn.startSession();
  try {
    await conn.model("User").updateOne({ _id: id }, { name }, { session });
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
    name: 'mongoose: early return skips endSession',
    code: `import mongoose from "mongoose";

export async function rename(id: string, name: string) {
  const session = await mongoose.startSession();
  if (name === "") {
    return false;
  }
  await mongoose.model("User").updateOne({ _id: id }, { name }, { session }).finally(() => session.endSession());
  return true;
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 4, column: 25, endLine: 4, endColumn: 48, suggestions: [] },
    ],
  },
  {
    name: 'mongoose: endSession on one branch only',
    code: `import mongoose from "mongoose";

export async function rename(id: string, name: string, keep: boolean) {
  const session = await mongoose.startSession();
  if (!keep) session.endSession();
}
`,
    errors: [
      { messageId: 'releasedOnSomePaths', line: 4, column: 25, endLine: 4, endColumn: 48, suggestions: [] },
    ],
  },
  {
    name: 'mongoose: session.endSession referenced but not called',
    code: `import mongoose from "mongoose";

export async function rename(id: string, name: string) {
  const session = await mongoose.startSession();
  session.endSession;
}
`,
    errors: [
      { messageId: 'releaseNotCalled', line: 4, column: 25, endLine: 4, endColumn: 48, suggestions: [] },
    ],
  },
  {
    name: 'mongoose: continue skips endSession in a for...of loop',
    code: `import mongoose from "mongoose";

export async function renameAll(ids: string[]) {
  for (const id of ids) {
    const session = await mongoose.startSession();
    if (id.length === 0) continue;
    await session.endSession();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 5, column: 27, endLine: 5, endColumn: 50, suggestions: [] },
    ],
  },
  {
    name: 'mongoose: createConnection result discarded',
    code: `import mongoose from "mongoose";

export async function warmUp(uri: string) {
  mongoose.createConnection(uri);
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 3, endLine: 4, endColumn: 33, suggestions: [] },
    ],
  },
  {
    name: 'neo4j: session closed only on the normal path',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(driver: Driver, name: string) {
  const session = driver.session();
  await session.run("CREATE (:Person { name: $name })", { name });
  await session.close();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 19, endLine: 4, endColumn: 35,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(driver: Driver, name: string) {
  const session = driver.session();
  try {
    await session.run("CREATE (:Person { name: $name })", { name });
  } finally {
    await session.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'neo4j: session closed before the return, not in finally',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function countPeople(driver: Driver) {
  const session = driver.session({ database: "neo4j" });
  const result = await session.run("MATCH (p:Person) RETURN count(p) AS n");
  await session.close();
  return result.records[0].get("n");
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 19, endLine: 4, endColumn: 56, suggestions: [] },
    ],
  },
  {
    name: 'neo4j: early return skips close',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(driver: Driver, name: string) {
  const session = driver.session();
  if (!name) return;
  await session.run("CREATE (:Person { name: $name })", { name }).finally(() => session.close());
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 4, column: 19, endLine: 4, endColumn: 35, suggestions: [] },
    ],
  },
  {
    name: 'neo4j: close on one branch only',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function maybeClose(driver: Driver, close: boolean) {
  const session = driver.session();
  if (close) {
    await session.close();
  } else {
    console.log("kept open");
  }
}
`,
    errors: [
      { messageId: 'releasedOnSomePaths', line: 4, column: 19, endLine: 4, endColumn: 35, suggestions: [] },
    ],
  },
  {
    name: 'neo4j: session.close referenced but not called',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(driver: Driver, name: string) {
  const session = driver.session();
  session.close;
}
`,
    errors: [
      { messageId: 'releaseNotCalled', line: 4, column: 19, endLine: 4, endColumn: 35, suggestions: [] },
    ],
  },
  {
    name: 'neo4j: beginTransaction with commit only',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(session: Session, name: string) {
  const tx = session.beginTransaction();
  await tx.run("CREATE (:Person { name: $name })", { name });
  await tx.commit();
}
`,
    errors: [
      { messageId: 'notRolledBack', line: 4, column: 14, endLine: 4, endColumn: 40,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(session: Session, name: string) {
  const tx = session.beginTransaction();
  try {
    await tx.run("CREATE (:Person { name: $name })", { name });
    await tx.commit();
  } catch (error) {
    await tx.rollback();
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
    name: 'neo4j: awaited beginTransaction with commit only',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(session: Session, name: string) {
  const tx = await session.beginTransaction();
  await tx.run("CREATE (:Person { name: $name })", { name });
  await tx.commit();
}
`,
    errors: [
      { messageId: 'notRolledBack', line: 4, column: 20, endLine: 4, endColumn: 46,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPerson(session: Session, name: string) {
  const tx = await session.beginTransaction();
  try {
    await tx.run("CREATE (:Person { name: $name })", { name });
    await tx.commit();
  } catch (error) {
    await tx.rollback();
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
    name: 'neo4j: continue skips close in a for...of loop',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function addPeople(driver: Driver, names: string[]) {
  for (const name of names) {
    const session = driver.session();
    if (name === "") continue;
    await session.close();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 5, column: 21, endLine: 5, endColumn: 37, suggestions: [] },
    ],
  },
  {
    name: 'neo4j: driver.session() result discarded',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export function warmUp(driver: Driver) {
  driver.session();
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 3, endLine: 4, endColumn: 19, suggestions: [] },
    ],
  },
  {
    name: 'neo4j: driver per call closed only on the normal path',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function ping(uri: string) {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"));
  await driver.verifyConnectivity();
  await driver.close();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 18, endLine: 4, endColumn: 72,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function ping(uri: string) {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"));
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
  {
    name: 'playwright: browser closed only on the normal path',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function screenshot(url: string) {
  const browser = await chromium.launch({ headless: true });
  const page = await browser.newPage();
  await page.goto(url);
  await page.screenshot({ path: "shot.png" });
  await browser.close();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 25, endLine: 4, endColumn: 60,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { chromium, type Browser, type Page } from "playwright-core";

export async function screenshot(url: string) {
  const browser = await chromium.launch({ headless: true });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.screenshot({ path: "shot.png" });
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
    name: 'playwright: early return skips browser.close',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function title(url: string) {
  const browser = await chromium.launch();
  if (!url.startsWith("https:")) {
    return undefined;
  }
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.title();
  } finally {
    await browser.close();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 4, column: 25, endLine: 4, endColumn: 42, suggestions: [] },
    ],
  },
  {
    name: 'playwright: context closed on one branch only',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function visit(browser: Browser, url: string, keep: boolean) {
  const context = await browser.newContext();
  if (keep) {
    console.log(url);
  } else {
    await context.close();
  }
}
`,
    errors: [
      { messageId: 'releasedOnSomePaths', line: 4, column: 25, endLine: 4, endColumn: 45, suggestions: [] },
    ],
  },
  {
    name: 'playwright: context.close referenced but not called',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function visit(browser: Browser) {
  const context = await browser.newContext();
  context.close;
}
`,
    errors: [
      { messageId: 'releaseNotCalled', line: 4, column: 25, endLine: 4, endColumn: 45, suggestions: [] },
    ],
  },
  {
    name: 'playwright: continue skips page.close in a for...of loop',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function visitAll(browser: Browser, urls: string[]) {
  for (const url of urls) {
    const page = await browser.newPage();
    if (url === "") continue;
    await page.close();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 5, column: 24, endLine: 5, endColumn: 41, suggestions: [] },
    ],
  },
  {
    name: 'playwright: newContext result discarded',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function warmUp(browser: Browser) {
  await browser.newContext();
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 29, suggestions: [] },
    ],
  },
  {
    name: 'playwright: launch result discarded',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function warmUp() {
  await chromium.launch();
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 26, suggestions: [] },
    ],
  },
  {
    name: 'puppeteer: browser and page never closed',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function title(url: string) {
  const browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium" });
  const page = await browser.newPage();
  await page.goto(url);
  return await page.title();
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 25, endLine: 4, endColumn: 82,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function title(url: string) {
  const browser = await puppeteer.launch({ executablePath: "/usr/bin/chromium" });
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.title();
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
    name: 'puppeteer: browser closed only on the normal path',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function pdf(url: string) {
  const browser = await puppeteer.launch();
  const page = await browser.newPage();
  await page.goto(url);
  await page.pdf({ path: "out.pdf" });
  await browser.close();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 25, endLine: 4, endColumn: 43,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function pdf(url: string) {
  const browser = await puppeteer.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    await page.pdf({ path: "out.pdf" });
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
    name: 'puppeteer: early return skips page.close',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function pdf(browser: Browser, url: string) {
  const page = await browser.newPage();
  if (url === "") return;
  await page.goto(url);
  await page.close();
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 4, column: 22, endLine: 4, endColumn: 39, suggestions: [] },
    ],
  },
  {
    name: 'puppeteer: page closed on one branch only',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function visit(browser: Browser, url: string, keep: boolean) {
  const page = await browser.newPage();
  if (!keep) await page.close();
}
`,
    errors: [
      { messageId: 'releasedOnSomePaths', line: 4, column: 22, endLine: 4, endColumn: 39, suggestions: [] },
    ],
  },
  {
    name: 'puppeteer: page.close referenced but not called',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function visit(browser: Browser) {
  const page = await browser.newPage();
  page.close;
}
`,
    errors: [
      { messageId: 'releaseNotCalled', line: 4, column: 22, endLine: 4, endColumn: 39, suggestions: [] },
    ],
  },
  {
    name: 'puppeteer: continue skips page.close in a for...of loop',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function visitAll(browser: Browser, urls: string[]) {
  for (const url of urls) {
    const page = await browser.newPage();
    if (url === "") continue;
    await page.close();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 5, column: 24, endLine: 5, endColumn: 41, suggestions: [] },
    ],
  },
  {
    name: 'puppeteer: launch result discarded',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function warmUp() {
  await puppeteer.launch();
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 27, suggestions: [] },
    ],
  },
  {
    name: 'puppeteer: page returned after a call that may throw',
    code: `import puppeteer, { type Browser, type Page } from "puppeteer-core";

export async function openPage(browser: Browser) {
  const page = await browser.newPage();
  await page.setViewport({ width: 800, height: 600 });
  return page;
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 22, endLine: 4, endColumn: 39, suggestions: [] },
    ],
  },
  {
    name: 'ioredis: new Redis() never closed',
    code: `import { Redis } from "ioredis";

export async function readKey(key: string) {
  const redis = new Redis();
  const value = await redis.get(key);
  return value;
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 17, endLine: 4, endColumn: 28,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Redis } from "ioredis";

export async function readKey(key: string) {
  const redis = new Redis();
  try {
    const value = await redis.get(key);
    return value;
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
    name: 'ioredis: quit only on the normal path',
    code: `import { Redis } from "ioredis";

export async function readKey(key: string) {
  const redis = new Redis(6379, "localhost");
  const value = await redis.get(key);
  await redis.quit();
  return value;
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 17, endLine: 4, endColumn: 45, suggestions: [] },
    ],
  },
  {
    name: 'ioredis: disconnect only on the normal path',
    code: `import { Redis } from "ioredis";

export async function writeKey(key: string, value: string) {
  const redis = new Redis();
  await redis.set(key, value);
  redis.disconnect();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 17, endLine: 4, endColumn: 28,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Redis } from "ioredis";

export async function writeKey(key: string, value: string) {
  const redis = new Redis();
  try {
    await redis.set(key, value);
  } finally {
    redis.disconnect();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'ioredis: early return skips quit',
    code: `import { Redis } from "ioredis";

export async function readKey(key: string) {
  const redis = new Redis();
  if (key === "") return null;
  try {
    return await redis.get(key);
  } finally {
    await redis.quit();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] },
    ],
  },
  {
    name: 'ioredis: disconnect on one branch only',
    code: `import { Redis } from "ioredis";

export async function readKey(key: string, keep: boolean) {
  const redis = new Redis();
  if (!keep) {
    redis.disconnect();
  }
}
`,
    errors: [
      { messageId: 'releasedOnSomePaths', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] },
    ],
  },
  {
    name: 'ioredis: redis.quit referenced but not called',
    code: `import { Redis } from "ioredis";

export async function readKey(key: string) {
  const redis = new Redis();
  redis.quit;
}
`,
    errors: [
      { messageId: 'releaseNotCalled', line: 4, column: 17, endLine: 4, endColumn: 28, suggestions: [] },
    ],
  },
  {
    name: 'ioredis: continue skips quit in a for loop',
    code: `import { Redis } from "ioredis";

export async function readAll(keys: string[]) {
  for (let i = 0; i < keys.length; i++) {
    const redis = new Redis();
    if (keys[i] === "") continue;
    await redis.quit();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 5, column: 19, endLine: 5, endColumn: 30, suggestions: [] },
    ],
  },
  {
    name: 'ioredis: new Redis() discarded',
    code: `import { Redis } from "ioredis";

export function warmUp() {
  new Redis();
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 3, endLine: 4, endColumn: 14, suggestions: [] },
    ],
  },
  {
    name: 'ioredis: duplicate() never closed',
    code: `import { Redis } from "ioredis";

export async function subscribe(redis: Redis, channel: string) {
  const subscriber = redis.duplicate();
  await subscriber.subscribe(channel);
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 22, endLine: 4, endColumn: 39,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Redis } from "ioredis";

export async function subscribe(redis: Redis, channel: string) {
  const subscriber = redis.duplicate();
  try {
    await subscriber.subscribe(channel);
  } finally {
    await subscriber.quit();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'redis: createClient() never closed',
    code: `import { createClient } from "redis";

export async function readKey(key: string) {
  const client = createClient({ url: "redis://localhost:6379" });
  await client.connect();
  return await client.get(key);
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 18, endLine: 4, endColumn: 65,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { createClient } from "redis";

export async function readKey(key: string) {
  const client = createClient({ url: "redis://localhost:6379" });
  try {
    await client.connect();
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
    name: 'redis: quit only on the normal path',
    code: `import { createClient } from "redis";

export async function writeKey(key: string, value: string) {
  const client = createClient();
  await client.connect();
  await client.set(key, value);
  await client.quit();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 18, endLine: 4, endColumn: 32,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { createClient } from "redis";

export async function writeKey(key: string, value: string) {
  const client = createClient();
  try {
    await client.connect();
    await client.set(key, value);
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
    name: 'redis: quit before the return, not in finally',
    code: `import { createClient } from "redis";

export async function readKey(key: string) {
  const client = createClient();
  await client.connect();
  const value = await client.get(key);
  await client.quit();
  return value;
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 18, endLine: 4, endColumn: 32, suggestions: [] },
    ],
  },
  {
    name: 'redis: early return skips quit',
    code: `import { createClient } from "redis";

export async function readKey(key: string) {
  const client = createClient();
  if (key.length === 0) {
    return null;
  }
  try {
    await client.connect();
    return await client.get(key);
  } finally {
    await client.quit();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 4, column: 18, endLine: 4, endColumn: 32, suggestions: [] },
    ],
  },
  {
    name: 'redis: quit on one branch only',
    code: `import { createClient } from "redis";

export async function close(keep: boolean) {
  const client = createClient();
  if (keep) {
    console.log("kept");
  } else {
    await client.quit();
  }
}
`,
    errors: [
      { messageId: 'releasedOnSomePaths', line: 4, column: 18, endLine: 4, endColumn: 32, suggestions: [] },
    ],
  },
  {
    name: 'redis: client.quit referenced but not called',
    code: `import { createClient } from "redis";

export async function readKey(key: string) {
  const client = createClient();
  client.quit;
}
`,
    errors: [
      { messageId: 'releaseNotCalled', line: 4, column: 18, endLine: 4, endColumn: 32, suggestions: [] },
    ],
  },
  {
    name: 'redis: continue skips quit in a for...of loop',
    code: `import { createClient } from "redis";

export async function readAll(keys: string[]) {
  for (const key of keys) {
    const client = createClient();
    if (!key) continue;
    await client.quit();
  }
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 5, column: 20, endLine: 5, endColumn: 34, suggestions: [] },
    ],
  },
  {
    name: 'redis: createClient() discarded',
    code: `import { createClient } from "redis";

export function warmUp() {
  createClient();
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 3, endLine: 4, endColumn: 17, suggestions: [] },
    ],
  },
  {
    name: 'redis: createClient().connect() discarded',
    code: `import { createClient } from "redis";

export async function warmUp() {
  await createClient().connect();
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 23, suggestions: [] },
    ],
  },
  {
    name: 'mikro-orm: MikroORM.init never closed',
    code: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function migrate(options: Options) {
  const orm = await MikroORM.init(options);
  await orm.getMigrator().up();
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 21, endLine: 4, endColumn: 43,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function migrate(options: Options) {
  const orm = await MikroORM.init(options);
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mikro-orm: close only on the normal path',
    code: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function migrate(options: Options) {
  const orm = await MikroORM.init(options);
  await orm.getMigrator().up();
  await orm.close();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 4, column: 21, endLine: 4, endColumn: 43,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function migrate(options: Options) {
  const orm = await MikroORM.init(options);
  try {
    await orm.getMigrator().up();
  } finally {
    await orm.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mikro-orm: early return skips close',
    code: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function migrate(options: Options, dryRun: boolean) {
  const orm = await MikroORM.init(options);
  if (dryRun) return;
  await orm.close(true);
}
`,
    errors: [
      { messageId: 'skippedByExit', line: 4, column: 21, endLine: 4, endColumn: 43, suggestions: [] },
    ],
  },
  {
    name: 'mikro-orm: close on one branch only',
    code: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function migrate(options: Options, keep: boolean) {
  const orm = await MikroORM.init(options);
  if (!keep) {
    await orm.close();
  }
}
`,
    errors: [
      { messageId: 'releasedOnSomePaths', line: 4, column: 21, endLine: 4, endColumn: 43, suggestions: [] },
    ],
  },
  {
    name: 'mikro-orm: orm.close referenced but not called',
    code: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function migrate(options: Options) {
  const orm = await MikroORM.init(options);
  orm.close;
}
`,
    errors: [
      { messageId: 'releaseNotCalled', line: 4, column: 21, endLine: 4, endColumn: 43, suggestions: [] },
    ],
  },
  {
    name: 'mikro-orm: MikroORM.init discarded',
    code: `import { MikroORM, type Options } from "@mikro-orm/core";

export async function check(options: Options) {
  await MikroORM.init(options);
}
`,
    errors: [
      { messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 31, suggestions: [] },
    ],
  },
  {
    name: 'settings: getDb() factory never closed',
    settings: SETTINGS,
    code: `declare function getDb(): { query(sql: string): Promise<unknown>; close(): Promise<void> };
declare function safeClose(db: unknown): Promise<void>;

export async function load() {
  const db = getDb();
  await db.query("select 1");
}
`,
    errors: [
      { messageId: 'neverReleased', line: 5, column: 14, endLine: 5, endColumn: 21,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `declare function getDb(): { query(sql: string): Promise<unknown>; close(): Promise<void> };
declare function safeClose(db: unknown): Promise<void>;

export async function load() {
  const db = getDb();
  try {
    await db.query("select 1");
  } finally {
    await db.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'settings: imported getDb() factory never closed',
    settings: SETTINGS,
    code: `import { getDb } from "./db";
export async function load() {
  const db = getDb();
  await db.query("select 1");
}
`,
    errors: [
      { messageId: 'neverReleased', line: 3, column: 14, endLine: 3, endColumn: 21,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { getDb } from "./db";
export async function load() {
  const db = getDb();
  try {
    await db.query("select 1");
  } finally {
    await db.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'settings: getDb() closed only on the normal path',
    settings: SETTINGS,
    code: `declare function getDb(): { query(sql: string): Promise<unknown>; close(): Promise<void> };
declare function safeClose(db: unknown): Promise<void>;

export async function load() {
  const db = getDb();
  await db.query("select 1");
  await db.close();
}
`,
    errors: [
      { messageId: 'notReleasedOnThrow', line: 5, column: 14, endLine: 5, endColumn: 21,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `declare function getDb(): { query(sql: string): Promise<unknown>; close(): Promise<void> };
declare function safeClose(db: unknown): Promise<void>;

export async function load() {
  const db = getDb();
  try {
    await db.query("select 1");
  } finally {
    await db.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'settings: getDb() result discarded',
    settings: SETTINGS,
    code: `declare function getDb(): { query(sql: string): Promise<unknown>; close(): Promise<void> };
declare function safeClose(db: unknown): Promise<void>;

export function load() {
  getDb();
}
`,
    errors: [
      { messageId: 'discarded', line: 5, column: 3, endLine: 5, endColumn: 10, suggestions: [] },
    ],
  },
  {
    name: 'settings: without the closers setting, safeClose(client) does not release',
    code: `import { createClient } from "redis";

declare function safeClose(db: unknown): Promise<void>;
export async function readKey(key: string) {
  const client = createClient();
  try {
    return await client.get(key);
  } finally {
    await safeClose(client);
  }
}
`,
    errors: [
      { messageId: 'neverReleased', line: 5, column: 18, endLine: 5, endColumn: 32,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { createClient } from "redis";

declare function safeClose(db: unknown): Promise<void>;
export async function readKey(key: string) {
  const client = createClient();
  try {
    try {
      return await client.get(key);
    } finally {
      await safeClose(client);
    }
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
];

/** Typed only: `suggestAwaitUsing` appears when the type declares `Symbol.asyncDispose`. */
const invalidTyped: InvalidTestCase<MessageId, Options>[] = [
  {
    name: 'neo4j: session never closed',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function countPeople(driver: Driver) {
  const session = driver.session();
  const result = await session.run("MATCH (p:Person) RETURN count(p) AS n");
  return result.records[0].get("n");
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 19, endLine: 4, endColumn: 35,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function countPeople(driver: Driver) {
  const session = driver.session();
  try {
    const result = await session.run("MATCH (p:Person) RETURN count(p) AS n");
    return result.records[0].get("n");
  } finally {
    await session.close();
  }
}
`,
          },
          {
            messageId: 'suggestAwaitUsing',
            output: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function countPeople(driver: Driver) {
  await using session = driver.session();
  const result = await session.run("MATCH (p:Person) RETURN count(p) AS n");
  return result.records[0].get("n");
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'neo4j: driver per call never closed',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function ping(uri: string) {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"));
  await driver.verifyConnectivity();
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 18, endLine: 4, endColumn: 72,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function ping(uri: string) {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"));
  try {
    await driver.verifyConnectivity();
  } finally {
    await driver.close();
  }
}
`,
          },
          {
            messageId: 'suggestAwaitUsing',
            output: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function ping(uri: string) {
  await using driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"));
  await driver.verifyConnectivity();
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'playwright: browser and page never closed',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function title(url: string) {
  const browser = await chromium.launch();
  const page = await browser.newPage();
  await page.goto(url);
  return await page.title();
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 25, endLine: 4, endColumn: 42,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { chromium, type Browser, type Page } from "playwright-core";

export async function title(url: string) {
  const browser = await chromium.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.title();
  } finally {
    await browser.close();
  }
}
`,
          },
          {
            messageId: 'suggestAwaitUsing',
            output: `import { chromium, type Browser, type Page } from "playwright-core";

export async function title(url: string) {
  await using browser = await chromium.launch();
  const page = await browser.newPage();
  await page.goto(url);
  return await page.title();
}
`,
          },
        ],
      },
    ],
  },
];

/** Untyped twins of `invalidTyped`: no checker, so no `await using` suggestion. */
const invalidUntyped: InvalidTestCase<MessageId, Options>[] = [
  {
    name: 'neo4j: session never closed (untyped, the fix awaits the returned call, whose type it cannot see)',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function countPeople(driver: Driver) {
  const session = driver.session();
  const result = await session.run("MATCH (p:Person) RETURN count(p) AS n");
  return result.records[0].get("n");
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 19, endLine: 4, endColumn: 35,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function countPeople(driver: Driver) {
  const session = driver.session();
  try {
    const result = await session.run("MATCH (p:Person) RETURN count(p) AS n");
    return await result.records[0].get("n");
  } finally {
    await session.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'neo4j: driver per call never closed',
    code: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function ping(uri: string) {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"));
  await driver.verifyConnectivity();
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 18, endLine: 4, endColumn: 72,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import neo4j, { type Driver, type Session } from "neo4j-driver";

export async function ping(uri: string) {
  const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"));
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
  {
    name: 'playwright: browser and page never closed',
    code: `import { chromium, type Browser, type Page } from "playwright-core";

export async function title(url: string) {
  const browser = await chromium.launch();
  const page = await browser.newPage();
  await page.goto(url);
  return await page.title();
}
`,
    errors: [
      { messageId: 'neverReleased', line: 4, column: 25, endLine: 4, endColumn: 42,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { chromium, type Browser, type Page } from "playwright-core";

export async function title(url: string) {
  const browser = await chromium.launch();
  try {
    const page = await browser.newPage();
    await page.goto(url);
    return await page.title();
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
];

createRuleTesterWithTypes().run('require-session-close (drivers, typed)', rule, {
  valid,
  invalid: [...invalid, ...invalidTyped],
});

createRuleTesterUntyped().run('require-session-close (drivers, untyped)', rule, {
  valid,
  invalid: [...invalid, ...invalidUntyped],
});
