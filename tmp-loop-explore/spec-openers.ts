import type { Spec } from './types.js';

const PG = `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
`;

export const openers: Spec[] = [
  // defined but not called
  { section: 'defined', name: 'arrow pushed into a list in a for…of loop', code: `${PG}export function handlers(ids: string[]) {
  const list: (() => Promise<PoolClient>)[] = [];
  for (const id of ids) list.push(() => pool.connect());
  return list;
}
` },
  { section: 'defined', name: 'function declaration in a loop body, stored not called', code: `${PG}export function handlers(ids: string[]) {
  const byId = new Map<string, () => Promise<PoolClient>>();
  for (const id of ids) {
    function open() {
      return pool.connect();
    }
    byId.set(id, open);
  }
  return byId;
}
` },
  { section: 'defined', name: 'event handler registered in a loop', code: `${PG}import { EventEmitter } from 'node:events';
export function listen(emitter: EventEmitter, events: string[]) {
  for (const event of events) {
    emitter.on(event, async () => {
      const client = await pool.connect();
      client.release();
    });
  }
}
` },
  { section: 'defined', name: 'class with a method declared in a loop', code: `${PG}export function jobs(ids: string[]) {
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
` },
  { section: 'defined', name: 'object literal method in a map callback, not called', code: `${PG}export function tasks(ids: string[]) {
  return ids.map((id) => ({
    id,
    open() {
      return pool.connect();
    },
  }));
}
` },
  { section: 'defined', name: 'opener referenced in a loop, not called', code: `${PG}async function touch(id: string) {
  const client = await pool.connect();
  try { await client.query('select $1', [id]); } finally { client.release(); }
}
export function tasks(ids: string[]) {
  const out: ((id: string) => Promise<void>)[] = [];
  for (const id of ids) out.push(touch);
  return out;
}
` },
  { section: 'defined', name: 'function defined in a loop and called there', expect: ['open()'], code: `${PG}export async function touch(ids: string[]) {
  for (const id of ids) {
    const open = () => pool.connect();
    const client = await open();
    client.release();
  }
}
` },
  // openers in the same file
  { section: 'openers', name: 'same-file opener in a for…of loop', expect: ['touch(id)'], code: `${PG}async function touch(id: string) {
  const client = await pool.connect();
  try { await client.query('select $1', [id]); } finally { client.release(); }
}
export async function touchAll(ids: string[]) {
  for (const id of ids) await touch(id);
}
` },
  { section: 'openers', name: 'same-file opener chain of three functions in a while loop', expect: ['loadLabel(queue.pop()!)'], code: `${PG}async function loadAccount(id: string) {
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
` },
  { section: 'openers', name: 'same-file opener (const arrow) under Promise.allSettled', expect: ['touch(id)'], code: `${PG}const touch = async (id: string) => {
  const client = await pool.connect();
  try { await client.query('select $1', [id]); } finally { client.release(); }
};
export async function touchAll(ids: string[]) {
  return Promise.allSettled(ids.map(async (id) => touch(id)));
}
` },
  { section: 'openers', name: 'same-file opener in a reduce callback', expect: ['touch(id)'], code: `${PG}async function touch(id: string) {
  const client = await pool.connect();
  try { return (await client.query('select $1', [id])).rowCount ?? 0; } finally { client.release(); }
}
export async function total(ids: string[]) {
  return ids.reduce(async (sum, id) => (await sum) + (await touch(id)), Promise.resolve(0));
}
` },
  { section: 'openers', name: 'opener method called through this in a loop', expect: ['this.load(id)'], code: `${PG}export class Accounts {
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
` },
  { section: 'openers', name: 'opener that acquires inside an awaited callback (Promise.all inside the opener)', expect: ['pool.connect()', 'touchBatch(batch)'], code: `${PG}async function touchBatch(ids: string[]) {
  await Promise.all(ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
  }));
}
export async function touchAll(batches: string[][]) {
  for (const batch of batches) await touchBatch(batch);
}
` },
  { section: 'openers', name: 'function with a nested, uncalled acquiring function is not an opener', code: `${PG}function makeOpener(id: string) {
  return () => pool.connect();
}
export function openers(ids: string[]) {
  return ids.map((id) => makeOpener(id));
}
` },
  { section: 'openers', name: 'function that only queries the pool is not an opener', code: `${PG}async function count(id: string) {
  return (await pool.query('select count(*) from t where id = $1', [id])).rows[0];
}
export async function countAll(ids: string[]) {
  for (const id of ids) await count(id);
}
` },
  { section: 'openers', name: 'mutually recursive openers terminate', expect: ['walk(id, 3)'], code: `${PG}async function walk(id: string, depth: number): Promise<void> {
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
` },
  // session factories
  { section: 'openers', name: 'same-file session factory in a loop', expect: ['checkout()'], code: `${PG}function checkout() {
  return pool.connect();
}
export async function touchAll(ids: string[]) {
  for (const id of ids) {
    const client = await checkout();
    try { await client.query('select $1', [id]); } finally { client.release(); }
  }
}
` },
  { section: 'openers', name: 'same-file session factory returning a local, under Promise.all', expect: ['openRunner()'], code: `import { DataSource } from 'typeorm';
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
` },
];
