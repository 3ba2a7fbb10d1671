import type { Spec } from './types.js';

const PG = `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
`;

export const loops: Spec[] = [
  { section: 'loops', name: 'for loop body', expect: ['pool.connect()'], code: `${PG}export async function touch(ids: string[]) {
  for (let i = 0; i < ids.length; i++) {
    const client = await pool.connect();
    try { await client.query('select $1', [ids[i]]); } finally { client.release(); }
  }
}
` },
  { section: 'loops', name: 'for loop increment', expect: ['pool.connect()'], code: `${PG}export async function touch(limit: number) {
  const held: Promise<PoolClient>[] = [];
  for (let i = 0; i < limit; i++, held.push(pool.connect())) {}
  return held;
}
` },
  { section: 'loops', name: 'for loop condition', expect: ['pool.connect()'], code: `${PG}export async function drain(next: (client: PoolClient) => Promise<boolean>) {
  for (let i = 0; await next(await pool.connect()); i++) {}
}
` },
  { section: 'loops', name: 'for…in body', expect: ['pool.connect()'], code: `${PG}export async function touch(shards: Record<string, string>) {
  for (const key in shards) {
    const client = await pool.connect();
    try { await client.query('select $1', [shards[key]]); } finally { client.release(); }
  }
}
` },
  { section: 'loops', name: 'for…of body', expect: ['pool.connect()'], code: `${PG}export async function touch(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try { await client.query('select $1', [id]); } finally { client.release(); }
  }
}
` },
  { section: 'loops', name: 'for await…of body', expect: ['pool.connect()'], code: `${PG}export async function touch(ids: AsyncIterable<string>) {
  for await (const id of ids) {
    const client = await pool.connect();
    try { await client.query('select $1', [id]); } finally { client.release(); }
  }
}
` },
  { section: 'loops', name: 'while body', expect: ['pool.connect()'], code: `${PG}export async function drain(queue: string[]) {
  while (queue.length > 0) {
    const client = await pool.connect();
    try { await client.query('select $1', [queue.pop()]); } finally { client.release(); }
  }
}
` },
  { section: 'loops', name: 'do…while body', expect: ['pool.connect()'], code: `${PG}export async function drain(queue: string[]) {
  do {
    const client = await pool.connect();
    try { await client.query('select $1', [queue.pop()]); } finally { client.release(); }
  } while (queue.length > 0);
}
` },
  { section: 'loops', name: 'innermost loop is named (for…of inside while)', expect: ['pool.connect()'], code: `${PG}export async function drain(batches: string[][]) {
  while (batches.length > 0) {
    for (const id of batches.pop()!) {
      const client = await pool.connect();
      client.release();
    }
  }
}
` },
  { section: 'loops', name: 'forEach callback', expect: ['pool.connect()'], code: `${PG}export function touch(ids: string[]) {
  ids.forEach((id) => {
    pool.connect().then((client) => client.release());
  });
}
` },
  { section: 'loops', name: 'async forEach callback runs concurrently', expect: ['pool.connect()'], code: `${PG}export function touch(ids: string[]) {
  ids.forEach(async (id) => {
    const client = await pool.connect();
    try { await client.query('select $1', [id]); } finally { client.release(); }
  });
}
` },
  { section: 'loops', name: 'map callback', expect: ['pool.connect()'], code: `${PG}export function checkoutAll(ids: string[]) {
  return ids.map((id) => pool.connect());
}
` },
  { section: 'loops', name: 'async map callback without a Promise wrapper', expect: ['pool.connect()'], code: `${PG}export function checkoutAll(ids: string[]) {
  return ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
    return id;
  });
}
` },
  { section: 'loops', name: 'flatMap callback', expect: ['pool.connect()'], code: `${PG}export function checkoutAll(groups: string[][]) {
  return groups.flatMap((group) => [pool.connect()]);
}
` },
  { section: 'loops', name: 'filter callback', expect: ['pool.connect()'], code: `${PG}export function keep(ids: string[]) {
  return ids.filter((id) => {
    void pool.connect().then((client) => client.release());
    return id.length > 0;
  });
}
` },
  { section: 'loops', name: 'reduce callback', expect: ['pool.connect()'], code: `${PG}export function checkoutAll(ids: string[]) {
  return ids.reduce<Promise<PoolClient>[]>((all, id) => [...all, pool.connect()], []);
}
` },
  { section: 'loops', name: 'reduceRight callback', expect: ['pool.connect()'], code: `${PG}export function checkoutAll(ids: string[]) {
  return ids.reduceRight<Promise<PoolClient>[]>((all, id) => [...all, pool.connect()], []);
}
` },
  { section: 'loops', name: 'some callback', expect: ['pool.connect()'], code: `${PG}export function any(ids: string[]) {
  return ids.some((id) => {
    void pool.connect().then((client) => client.release());
    return id === 'x';
  });
}
` },
  { section: 'loops', name: 'every callback', expect: ['pool.connect()'], code: `${PG}export function all(ids: string[]) {
  return ids.every((id) => {
    void pool.connect().then((client) => client.release());
    return id !== 'x';
  });
}
` },
  { section: 'loops', name: 'find callback', expect: ['pool.connect()'], code: `${PG}export function first(ids: string[]) {
  return ids.find((id) => {
    void pool.connect().then((client) => client.release());
    return id === 'x';
  });
}
` },
  { section: 'loops', name: 'findIndex callback', expect: ['pool.connect()'], code: `${PG}export function firstIndex(ids: string[]) {
  return ids.findIndex((id) => {
    void pool.connect().then((client) => client.release());
    return id === 'x';
  });
}
` },
  { section: 'loops', name: 'findLast callback', expect: ['pool.connect()'], code: `${PG}export function last(ids: string[]) {
  return ids.findLast((id) => {
    void pool.connect().then((client) => client.release());
    return id === 'x';
  });
}
` },
  { section: 'loops', name: 'Array.from(xs, cb) callback', expect: ['pool.connect()'], code: `${PG}export function checkoutAll(ids: string[]) {
  return Array.from(ids, (id) => pool.connect());
}
` },
  { section: 'loops', name: 'Array.from({ length }, cb) with a function expression', expect: ['pool.connect()'], code: `${PG}export function checkoutMany(count: number) {
  return Array.from({ length: count }, function () {
    return pool.connect();
  });
}
` },
  { section: 'loops', name: 'Promise.all over an async map', expect: ['pool.connect()'], code: `${PG}export async function touchAll(ids: string[]) {
  await Promise.all(
    ids.map(async (id) => {
      const client = await pool.connect();
      try { await client.query('select $1', [id]); } finally { client.release(); }
    }),
  );
}
` },
  { section: 'loops', name: 'Promise.allSettled over an async map', expect: ['pool.connect()'], code: `${PG}export async function touchAll(ids: string[]) {
  return Promise.allSettled(ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
    return id;
  }));
}
` },
  { section: 'loops', name: 'Promise.any over an async map', expect: ['pool.connect()'], code: `${PG}export async function firstReachable(ids: string[]) {
  return Promise.any(ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
    return id;
  }));
}
` },
  { section: 'loops', name: 'Promise.race over an async map', expect: ['pool.connect()'], code: `${PG}export async function fastest(ids: string[]) {
  return Promise.race(ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
    return id;
  }));
}
` },
  { section: 'loops', name: 'Promise.all over a spread async map', expect: ['pool.connect()'], code: `${PG}export async function touchAll(ids: string[], extra: Promise<void>) {
  await Promise.all([extra, ...ids.map(async (id) => {
    const client = await pool.connect();
    client.release();
  })]);
}
` },
  { section: 'loops', name: 'acquisition before the loop, lent to each iteration', code: `${PG}export async function touch(ids: string[]) {
  const client = await pool.connect();
  try {
    for (const id of ids) await client.query('select $1', [id]);
  } finally {
    client.release();
  }
}
` },
  { section: 'loops', name: 'for loop initializer runs once', code: `${PG}export async function touch(ids: string[]) {
  for (let client = await pool.connect(), i = 0; i < ids.length; i++) {
    await client.query('select $1', [ids[i]]);
    if (i === ids.length - 1) client.release();
  }
}
` },
  { section: 'loops', name: 'for…of iterated expression runs once', code: `${PG}export async function touch() {
  for (const client of [await pool.connect()]) client.release();
}
` },
  { section: 'loops', name: 'acquisition after the loop', code: `${PG}export async function touch(ids: string[]) {
  let total = 0;
  for (const id of ids) total += id.length;
  const client = await pool.connect();
  try { await client.query('select $1', [total]); } finally { client.release(); }
}
` },
  { section: 'loops', name: 'non-iterating method callback (then)', code: `${PG}export function later(ready: Promise<void>) {
  return ready.then(() => pool.connect());
}
` },
  { section: 'loops', name: 'callback as second argument of map (thisArg position) is not iterated', code: `${PG}declare const table: { map(key: string, factory: () => unknown): void };
export function register(ids: string[]) {
  table.map('default', () => pool.connect());
}
` },
];
