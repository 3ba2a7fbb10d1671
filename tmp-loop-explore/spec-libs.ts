import type { Spec } from './types.js';

export const libs: Spec[] = [
  // pg
  { section: 'libs', name: 'pg: new Pool() per iteration', expect: ['new Pool({ connectionString: url })'], code: `import { Pool } from 'pg';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const pool = new Pool({ connectionString: url });
    try { await pool.query('select 1'); } finally { await pool.end(); }
  }
}
` },
  { section: 'libs', name: 'pg: new pg.Client() per iteration (namespace import)', expect: ['new pg.Client(url)'], code: `import pg from 'pg';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const client = new pg.Client(url);
    await client.connect();
    try { await client.query('select 1'); } finally { await client.end(); }
  }
}
` },
  { section: 'libs', name: 'pg: pool.query is pool-managed', code: `import { Pool } from 'pg';
const pool = new Pool();
export async function names(ids: string[]) {
  const out: unknown[] = [];
  for (const id of ids) out.push((await pool.query('select name from users where id = $1', [id])).rows[0]);
  return out;
}
` },
  { section: 'libs', name: 'pg: pool.connect(cb) is not an acquisition to release (scoped)', code: `import { Pool } from 'pg';
const pool = new Pool();
export function touch(ids: string[]) {
  for (const id of ids) {
    pool.connect((error, client, done) => {
      done();
    });
  }
}
` },
  // mysql2
  { section: 'libs', name: 'mysql2: pool.getConnection() per iteration', expect: ['pool.getConnection()'], code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: 'mysql://localhost/app' });
export async function touch(ids: number[]) {
  for (const id of ids) {
    const conn = await pool.getConnection();
    try { await conn.query('select ?', [id]); } finally { conn.release(); }
  }
}
` },
  { section: 'libs', name: 'mysql2: createConnection() per iteration', expect: ['mysql.createConnection(url)'], code: `import mysql from 'mysql2/promise';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const conn = await mysql.createConnection(url);
    try { await conn.query('select 1'); } finally { await conn.end(); }
  }
}
` },
  { section: 'libs', name: 'mysql2: createPool() per iteration (named import)', expect: ['createPool({ uri: url })'], code: `import { createPool } from 'mysql2/promise';
export async function ping(urls: string[]) {
  await Promise.all(urls.map(async (url) => {
    const pool = createPool({ uri: url });
    try { await pool.query('select 1'); } finally { await pool.end(); }
  }));
}
` },
  { section: 'libs', name: 'mysql2: pool.query / pool.execute are pool-managed', code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: 'mysql://localhost/app' });
export async function names(ids: number[]) {
  for (const id of ids) {
    await pool.query('select name from users where id = ?', [id]);
    await pool.execute('update users set seen = 1 where id = ?', [id]);
  }
}
` },
  // typeorm
  { section: 'libs', name: 'typeorm: dataSource.createQueryRunner() per iteration', expect: ['dataSource.createQueryRunner()'], code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function touch(ids: string[]) {
  for (const id of ids) {
    const runner = dataSource.createQueryRunner();
    try { await runner.query('select $1', [id]); } finally { await runner.release(); }
  }
}
` },
  { section: 'libs', name: 'typeorm: new DataSource() per iteration', expect: ['new DataSource({ type: "postgres", url })'], code: `import { DataSource } from 'typeorm';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const dataSource = new DataSource({ type: "postgres", url });
    await dataSource.initialize();
    await dataSource.destroy();
  }
}
` },
  { section: 'libs', name: 'typeorm: queryRunner.startTransaction() per iteration', expect: ['runner.startTransaction()'], code: `import type { QueryRunner } from 'typeorm';
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
` },
  { section: 'libs', name: 'typeorm: repository.find() and manager.find() are pool-managed', code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function load(ids: string[]) {
  const users = dataSource.getRepository<{ id: string }>('user');
  for (const id of ids) {
    await users.find({ where: { id } });
    await dataSource.manager.query('select $1', [id]);
  }
}
` },
  // mongodb
  { section: 'libs', name: 'mongodb: client.startSession() per iteration', expect: ['client.startSession()'], code: `import { MongoClient } from 'mongodb';
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
` },
  { section: 'libs', name: 'mongodb: MongoClient.connect() per element of Promise.all', expect: ['MongoClient.connect(url)'], code: `import { MongoClient } from 'mongodb';
export async function ping(urls: string[]) {
  await Promise.all(urls.map(async (url) => {
    const client = await MongoClient.connect(url);
    await client.close();
  }));
}
` },
  { section: 'libs', name: 'mongodb: new MongoClient() per iteration', expect: ['new MongoClient(url)'], code: `import { MongoClient } from 'mongodb';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const client = new MongoClient(url);
    try { await client.db('admin').command({ ping: 1 }); } finally { await client.close(); }
  }
}
` },
  { section: 'libs', name: 'mongodb: collection queries are pool-managed', code: `import { MongoClient } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
export async function load(ids: string[]) {
  const users = client.db('app').collection('users');
  for (const id of ids) await users.findOne({ id });
}
` },
  // mongoose
  { section: 'libs', name: 'mongoose: mongoose.startSession() per iteration', expect: ['mongoose.startSession()'], code: `import mongoose from 'mongoose';
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
` },
  { section: 'libs', name: 'mongoose: Model.startSession() per iteration', expect: ['User.startSession()'], code: `import mongoose from 'mongoose';
const User = mongoose.model('User', new mongoose.Schema({ name: String }));
export async function touch(ids: string[]) {
  for (const id of ids) {
    const session = await User.startSession();
    try { await User.findById(id).session(session); } finally { await session.endSession(); }
  }
}
` },
  { section: 'libs', name: 'mongoose: createConnection() per iteration', expect: ['mongoose.createConnection(uri)'], code: `import mongoose from 'mongoose';
export async function ping(uris: string[]) {
  for (const uri of uris) {
    const connection = mongoose.createConnection(uri);
    await connection.close();
  }
}
` },
  { section: 'libs', name: 'mongoose: model queries are pool-managed', code: `import mongoose from 'mongoose';
const User = mongoose.model('User', new mongoose.Schema({ name: String }));
export async function load(ids: string[]) {
  for (const id of ids) await User.findById(id).lean();
}
` },
  // neo4j
  { section: 'libs', name: 'neo4j-driver: driver.session() per iteration', expect: ['driver.session()'], code: `import { type Driver } from 'neo4j-driver';
export async function touch(driver: Driver, ids: string[]) {
  for (const id of ids) {
    const session = driver.session();
    try { await session.run('MATCH (n {id: $id}) RETURN n', { id }); } finally { await session.close(); }
  }
}
` },
  { section: 'libs', name: 'neo4j-driver: neo4j.driver() per iteration', expect: ['neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"))'], code: `import neo4j from 'neo4j-driver';
export async function ping(uris: string[]) {
  for (const uri of uris) {
    const driver = neo4j.driver(uri, neo4j.auth.basic("neo4j", "secret"));
    try { await driver.verifyConnectivity(); } finally { await driver.close(); }
  }
}
` },
  { section: 'libs', name: 'neo4j-driver: session.beginTransaction() per iteration', expect: ['session.beginTransaction()'], code: `import { type Session } from 'neo4j-driver';
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
` },
  { section: 'libs', name: 'neo4j-driver: driver.executeQuery() is driver-managed', code: `import { type Driver } from 'neo4j-driver';
export async function load(driver: Driver, ids: string[]) {
  for (const id of ids) await driver.executeQuery('MATCH (n {id: $id}) RETURN n', { id });
}
` },
  // knex
  { section: 'libs', name: 'knex: db.transaction() without a callback per iteration', expect: ['db.transaction()'], code: `import knex from 'knex';
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
` },
  { section: 'libs', name: 'knex: knex({...}) per iteration', expect: ['knex({ client: "pg", connection })'], code: `import knex from 'knex';
export async function ping(connections: string[]) {
  for (const connection of connections) {
    const db = knex({ client: "pg", connection });
    try { await db.raw('select 1'); } finally { await db.destroy(); }
  }
}
` },
  { section: 'libs', name: 'knex: query builders are pool-managed', code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function load(ids: string[]) {
  for (const id of ids) {
    await db('users').where({ id }).select();
    await db.select('*').from('users').where({ id });
  }
}
` },
  // sequelize
  { section: 'libs', name: 'sequelize: sequelize.transaction() without a callback per iteration', expect: ['sequelize.transaction()'], code: `import { Sequelize } from 'sequelize';
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
` },
  { section: 'libs', name: 'sequelize: new Sequelize() per iteration', expect: ['new Sequelize(url)'], code: `import { Sequelize } from 'sequelize';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const sequelize = new Sequelize(url);
    try { await sequelize.authenticate(); } finally { await sequelize.close(); }
  }
}
` },
  { section: 'libs', name: 'sequelize: sequelize.query is pool-managed', code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function load(ids: string[]) {
  for (const id of ids) await sequelize.query('select * from users where id = ?', { replacements: [id] });
}
` },
  // prisma
  { section: 'libs', modes: ['typed'], name: 'prisma (generated client): new PrismaClient() per iteration', expect: ['new PrismaClient()'], code: `import { PrismaClient } from './prisma/client.js';
export async function countAll(tenants: string[]) {
  for (const tenant of tenants) {
    const prisma = new PrismaClient();
    try { await prisma.user.findMany({ where: { tenant } }); } finally { await prisma.$disconnect(); }
  }
}
` },
  { section: 'libs', modes: ['untyped'], name: 'prisma (@prisma/client): new PrismaClient() per iteration', expect: ['new PrismaClient()'], code: `import { PrismaClient } from '@prisma/client';
export async function countAll(tenants: string[]) {
  for (const tenant of tenants) {
    const prisma = new PrismaClient();
    try { await prisma.user.findMany({ where: { tenant } }); } finally { await prisma.$disconnect(); }
  }
}
` },
  { section: 'libs', modes: ['typed'], name: 'prisma (generated client): model queries are pool-managed', code: `import { PrismaClient } from './prisma/client.js';
const prisma = new PrismaClient();
export async function load(tenants: string[]) {
  for (const tenant of tenants) await prisma.user.findMany({ where: { tenant } });
}
` },
  { section: 'libs', modes: ['untyped'], name: 'prisma (@prisma/client): model queries are pool-managed', code: `import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function load(tenants: string[]) {
  for (const tenant of tenants) await prisma.user.findMany({ where: { tenant } });
}
` },
  // mikro-orm
  { section: 'libs', name: 'mikro-orm: orm.em.fork() per iteration', expect: ['orm.em.fork()'], code: `import { MikroORM } from '@mikro-orm/core';
export async function touch(orm: MikroORM, ids: string[]) {
  for (const id of ids) {
    const em = orm.em.fork();
    await em.findOne('User', { id });
  }
}
` },
  { section: 'libs', name: 'mikro-orm: MikroORM.init() per iteration', expect: ['MikroORM.init(options)'], code: `import { MikroORM, type Options } from '@mikro-orm/core';
export async function ping(all: Options[]) {
  for (const options of all) {
    const orm = await MikroORM.init(options);
    await orm.close();
  }
}
` },
  { section: 'libs', name: 'mikro-orm: em.find on a shared fork is not an acquisition', code: `import { MikroORM } from '@mikro-orm/core';
export async function load(orm: MikroORM, ids: string[]) {
  const em = orm.em.fork();
  for (const id of ids) await em.findOne('User', { id });
}
` },
  // playwright
  { section: 'libs', name: 'playwright-core: browser.newPage() per iteration', expect: ['browser.newPage()'], code: `import { chromium } from 'playwright-core';
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
` },
  { section: 'libs', name: 'playwright-core: chromium.launch() per iteration', expect: ['chromium.launch()', 'browser.newPage()'], code: `import { chromium } from 'playwright-core';
export async function titles(urls: string[]) {
  for (const url of urls) {
    const browser = await chromium.launch();
    try { await (await browser.newPage()).goto(url); } finally { await browser.close(); }
  }
}
` },
  { section: 'libs', name: 'playwright-core: browser.newContext() per element of Promise.all', expect: ['browser.newContext()', 'context.newPage()'], code: `import type { Browser } from 'playwright-core';
export async function titles(browser: Browser, urls: string[]) {
  return Promise.all(urls.map(async (url) => {
    const context = await browser.newContext();
    try { const page = await context.newPage(); await page.goto(url); return page.title(); } finally { await context.close(); }
  }));
}
` },
  { section: 'libs', name: 'playwright-core: page.goto on a shared page is not an acquisition', code: `import type { Page } from 'playwright-core';
export async function visit(page: Page, urls: string[]) {
  for (const url of urls) await page.goto(url);
}
` },
  // puppeteer
  { section: 'libs', name: 'puppeteer-core: browser.newPage() per iteration', expect: ['browser.newPage()'], code: `import type { Browser } from 'puppeteer-core';
export async function titles(browser: Browser, urls: string[]) {
  for (const url of urls) {
    const page = await browser.newPage();
    try { await page.goto(url); } finally { await page.close(); }
  }
}
` },
  { section: 'libs', name: 'puppeteer-core: puppeteer.launch() per iteration', expect: ['puppeteer.launch({ executablePath })', 'browser.newPage()'], code: `import puppeteer from 'puppeteer-core';
export async function titles(urls: string[], executablePath: string) {
  for (const url of urls) {
    const browser = await puppeteer.launch({ executablePath });
    try { await (await browser.newPage()).goto(url); } finally { await browser.close(); }
  }
}
` },
  { section: 'libs', name: 'puppeteer-core: browser.createBrowserContext() per iteration', expect: ['browser.createBrowserContext()', 'context.newPage()'], code: `import type { Browser } from 'puppeteer-core';
export async function titles(browser: Browser, urls: string[]) {
  for (const url of urls) {
    const context = await browser.createBrowserContext();
    try { await (await context.newPage()).goto(url); } finally { await context.close(); }
  }
}
` },
  // ioredis
  { section: 'libs', name: 'ioredis: new Redis() per iteration', expect: ['new Redis(url)'], code: `import Redis from 'ioredis';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const redis = new Redis(url);
    try { await redis.ping(); } finally { await redis.quit(); }
  }
}
` },
  { section: 'libs', name: 'ioredis: redis.duplicate() per iteration', expect: ['redis.duplicate()'], code: `import Redis from 'ioredis';
const redis = new Redis();
export async function subscribeAll(channels: string[]) {
  for (const channel of channels) {
    const subscriber = redis.duplicate();
    await subscriber.subscribe(channel);
  }
}
` },
  { section: 'libs', name: 'ioredis: commands on a shared client are not acquisitions', code: `import Redis from 'ioredis';
const redis = new Redis();
export async function load(keys: string[]) {
  for (const key of keys) await redis.get(key);
}
` },
  // redis
  { section: 'libs', name: 'redis: createClient() per iteration', expect: ['createClient({ url })'], code: `import { createClient } from 'redis';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const client = createClient({ url });
    await client.connect();
    try { await client.ping(); } finally { await client.quit(); }
  }
}
` },
  { section: 'libs', name: 'redis: client.duplicate() per iteration', expect: ['client.duplicate()'], code: `import { createClient } from 'redis';
const client = createClient();
export async function subscribeAll(channels: string[]) {
  for (const channel of channels) {
    const subscriber = client.duplicate();
    await subscriber.connect();
    await subscriber.subscribe(channel, () => {});
  }
}
` },
  { section: 'libs', name: 'redis: commands on a shared client are not acquisitions', code: `import { createClient } from 'redis';
const client = createClient();
export async function load(keys: string[]) {
  for (const key of keys) await client.get(key);
}
` },
];
