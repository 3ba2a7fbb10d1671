import type { Spec } from './types.js';

const PG = `import { Pool } from 'pg';
const pool = new Pool();
`;

const BOTH = `${PG}export async function ping(urls: string[]) {
  for (const url of urls) {
    const own = new Pool({ connectionString: url });
    const client = await pool.connect();
    client.release();
    await own.end();
  }
}
`;

const EACH = `${PG}declare const jobs: { each(fn: (id: string) => void): void };
export function run() {
  jobs.each((id) => {
    void pool.connect().then((client) => client.release());
  });
}
`;

const SCOPED: Record<string, { code: string; call: string }> = {
  'typeorm dataSource.transaction(cb)': { call: 'dataSource.transaction(async (manager) => manager.query(\'update t set x = 1 where id = $1\', [id]))', code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function saveAll(ids: string[]) {
  for (const id of ids) await dataSource.transaction(async (manager) => manager.query('update t set x = 1 where id = $1', [id]));
}
` },
  'knex db.transaction(cb)': { call: 'db.transaction(async (trx) => trx(\'users\').where({ id }).update({ seen: true }))', code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function saveAll(ids: string[]) {
  for (const id of ids) await db.transaction(async (trx) => trx('users').where({ id }).update({ seen: true }));
}
` },
  'mongodb session.withTransaction(cb)': { call: 'session.withTransaction(async () => users.insertOne({ name }, { session }))', code: `import type { ClientSession, Collection } from 'mongodb';
export async function addAll(session: ClientSession, users: Collection, names: string[]) {
  for (const name of names) await session.withTransaction(async () => users.insertOne({ name }, { session }));
}
` },
  'prisma.$transaction(cb)': { call: 'prisma.$transaction(async (tx) => tx.user.findMany({ where: { tenant } }))', code: `import { PrismaClient } from './prisma/client.js';
const prisma = new PrismaClient();
export async function loadAll(tenants: string[]) {
  for (const tenant of tenants) await prisma.$transaction(async (tx) => tx.user.findMany({ where: { tenant } }));
}
` },
  'neo4j session.executeWrite(cb)': { call: 'session.executeWrite((tx) => tx.run(\'CREATE (n {id: $id})\', { id }))', code: `import type { Session } from 'neo4j-driver';
export async function saveAll(session: Session, ids: string[]) {
  for (const id of ids) await session.executeWrite((tx) => tx.run('CREATE (n {id: $id})', { id }));
}
` },
  'sequelize.transaction(cb)': { call: 'sequelize.transaction(async (transaction) => sequelize.query(\'select 1\', { transaction }))', code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function saveAll(ids: string[]) {
  for (const id of ids) await sequelize.transaction(async (transaction) => sequelize.query('select 1', { transaction }));
}
` },
};

export const options: Spec[] = [
  { section: 'options', name: 'kinds default: clients and sessions', expect: ['new Pool({ connectionString: url })', 'pool.connect()'], code: BOTH },
  { section: 'options', name: 'kinds ["session"]: new Pool() in a loop is ignored', options: { kinds: ['session'] }, expect: ['pool.connect()'], code: BOTH },
  { section: 'options', name: 'kinds ["client"]: pool.connect() in a loop is ignored', options: { kinds: ['client'] }, expect: ['new Pool({ connectionString: url })'], code: BOTH },
  { section: 'options', name: 'kinds ["session"]: only a client in the loop', options: { kinds: ['session'] }, code: `import { Pool } from 'pg';
export async function ping(urls: string[]) {
  for (const url of urls) {
    const pool = new Pool({ connectionString: url });
    await pool.end();
  }
}
` },
  { section: 'options', name: 'kinds ["client"]: an opener of a session is ignored', options: { kinds: ['client'] }, code: `${PG}async function touch(id: string) {
  const client = await pool.connect();
  try { await client.query('select $1', [id]); } finally { client.release(); }
}
export async function touchAll(ids: string[]) {
  for (const id of ids) await touch(id);
}
` },
  { section: 'options', name: 'kinds ["session"]: an opener of a client is ignored', options: { kinds: ['session'] }, code: `import { Pool } from 'pg';
async function ping(url: string) {
  const pool = new Pool({ connectionString: url });
  await pool.end();
}
export async function pingAll(urls: string[]) {
  for (const url of urls) await ping(url);
}
` },
  { section: 'options', name: 'iterationMethods: each is not iterated by default', code: EACH },
  { section: 'options', name: 'iterationMethods ["each"]: each callback is iterated', options: { iterationMethods: ['each'] }, expect: ['pool.connect()'], code: EACH },
  { section: 'options', name: 'iterationMethods ["each"]: built-in methods still iterate', options: { iterationMethods: ['each'] }, expect: ['pool.connect()'], code: `${PG}export function checkoutAll(ids: string[]) {
  return ids.map((id) => pool.connect());
}
` },
  { section: 'options', name: 'iterationMethods ["each"]: async each inside Promise.all', options: { iterationMethods: ['each'] }, expect: ['pool.connect()'], code: `${PG}declare const jobs: { each<T>(fn: (id: string) => T): T[] };
export async function run() {
  await Promise.all(jobs.each(async (id) => {
    const client = await pool.connect();
    client.release();
  }));
}
` },
  ...Object.entries(SCOPED).flatMap(([label, { code, call }]): Spec[] => [
    { section: 'scoped', name: `scoped ${label}: not reported by default`, code },
    { section: 'scoped', name: `scoped ${label}: not reported with checkScopedTransactions false`, options: { checkScopedTransactions: false }, code },
    { section: 'scoped', name: `scoped ${label}: reported with checkScopedTransactions true`, options: { checkScopedTransactions: true }, expect: [call], code },
  ]),
  { section: 'scoped', name: 'scoped through an opener: not reported by default', code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function save(id: string) {
  await dataSource.transaction(async (manager) => manager.query('update t set x = 1 where id = $1', [id]));
}
export async function saveAll(ids: string[]) {
  for (const id of ids) await save(id);
}
` },
  { section: 'scoped', name: 'scoped through an opener: reported with checkScopedTransactions true', options: { checkScopedTransactions: true }, expect: ['save(id)'], code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
async function save(id: string) {
  await dataSource.transaction(async (manager) => manager.query('update t set x = 1 where id = $1', [id]));
}
export async function saveAll(ids: string[]) {
  for (const id of ids) await save(id);
}
` },
  { section: 'scoped', name: 'scoped with checkScopedTransactions and kinds ["client"]: not reported', options: { checkScopedTransactions: true, kinds: ['client'] }, code: SCOPED['knex db.transaction(cb)'].code },
];
