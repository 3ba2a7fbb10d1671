/**
 * `require-session-close` against the real declarations of pg, mysql2, typeorm, knex and sequelize
 * (installed in node_modules) and a hand-written generated Prisma client (fixtures/prisma/client.d.ts).
 *
 * Each library has one table of cases shared by both modes, plus the cases whose answer depends on
 * type information (cross-file factories, `using` suggestions from `Symbol.dispose` members).
 * Typed cases are linted as fixtures/file.ts inside the fixtures project.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageId, type Options } from '../../rules/require-session-close.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

type Valid = ValidTestCase<Options>;
type Invalid = InvalidTestCase<MessageId, Options>;

const typed = createRuleTesterWithTypes();
const untyped = createRuleTesterUntyped();

// ---------------------------------------------------------------------------------------------
// pg
// ---------------------------------------------------------------------------------------------

const pgValid: Valid[] = [
  {
    name: 'pg: released in finally',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  const client = await pool.connect();
  try {
    const result = await client.query('SELECT 1');
    return result.rows;
  } finally {
    client.release();
  }
}
`,
  },
  {
    name: 'pg: guarded `if (client) client.release()` in finally, acquired inside try',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function load() {
  let client: PoolClient | undefined;
  try {
    client = await pool.connect();
    await client.query('SELECT 1');
  } finally {
    if (client) client.release();
  }
}
`,
  },
  {
    name: 'pg: guarded `if (client) client.release()` in finally, acquired before try',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    if (client) client.release();
  }
}
`,
  },
  {
    name: 'pg: `client?.release()` in finally',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client?.release();
  }
}
`,
  },
  {
    name: 'pg: `let client;` assigned inside try, `client?.release()` in finally',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  let client;
  try {
    client = await pool.connect();
    await client.query('SELECT 1');
  } finally {
    client?.release();
  }
}
`,
  },
  {
    name: 'pg: annotated `let client: PoolClient | undefined` with `client?.release()` in finally',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
export async function load() {
  let client: PoolClient | undefined;
  try {
    client = await pool.connect();
    await client.query('SELECT 1');
  } finally {
    client?.release();
  }
}
`,
  },
  {
    name: 'pg: catch releases and rethrows, normal path releases after the try',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  const client = await pool.connect();
  let rows;
  try {
    rows = (await client.query('SELECT 1')).rows;
  } catch (error) {
    client.release();
    throw error;
  }
  client.release();
  return rows;
}
`,
  },
  {
    name: 'pg: `.finally(() => client.release())` on the returned promise',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  const client = await pool.connect();
  return client.query('SELECT 1').finally(() => client.release());
}
`,
  },
  {
    name: 'pg: `pool.connect().then(client => ….finally(() => client.release()))`',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export function load() {
  return pool.connect().then((client) => client.query('SELECT 1').finally(() => client.release()));
}
`,
  },
  {
    name: 'pg: `return pool.connect()` hands the client to the caller',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export function checkout() {
  return pool.connect();
}
`,
  },
  {
    name: 'pg: `const c = await pool.connect(); return c;`',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function checkout() {
  const c = await pool.connect();
  return c;
}
`,
  },
  {
    name: 'pg: stored into a field that a method of the class releases',
    code: `import { Pool, type PoolClient } from 'pg';
export class Session {
  private client: PoolClient | undefined;
  constructor(private readonly pool: Pool) {}
  async open() {
    this.client = await this.pool.connect();
  }
  close() {
    this.client?.release();
  }
}
`,
  },
  {
    name: 'pg: stored into an outer variable',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
let shared: PoolClient | undefined;
export async function open() {
  shared = await pool.connect();
}
`,
  },
  {
    name: 'pg: pushed into an array',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const clients: PoolClient[] = [];
export async function open() {
  const client = await pool.connect();
  clients.push(client);
}
`,
  },
  {
    name: 'pg: stored into a map',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
const byTenant = new Map<string, PoolClient>();
export async function open(tenant: string) {
  const client = await pool.connect();
  byTenant.set(tenant, client);
}
`,
  },
  {
    name: 'pg: passed to `new Repo(client)`',
    code: `import { Pool, type PoolClient } from 'pg';
class Repo {
  constructor(readonly client: PoolClient) {}
}
const pool = new Pool();
export async function openRepo() {
  const client = await pool.connect();
  return new Repo(client);
}
`,
  },
  {
    name: 'pg: callback form `pool.connect((err, client, done) => …)` released by calling done',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export function load() {
  pool.connect((err, client, done) => {
    if (err || !client) return done(err);
    client.query('SELECT 1', () => done());
  });
}
`,
  },
  {
    name: 'pg: one-shot `pool.query(…)`',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  const result = await pool.query('SELECT 1');
  return result.rows;
}
`,
  },
  {
    name: 'pg: module-level `export const pool = new Pool()`',
    code: `import { Pool } from 'pg';
export const pool = new Pool();
`,
  },
  {
    name: 'pg: closer function of the same file called in finally',
    code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
function closeQuietly(c: PoolClient) {
  c.release();
}
export async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    closeQuietly(client);
  }
}
`,
  },
  {
    name: 'pg: a local `pool` that is not a pg pool',
    code: `import { Pool } from 'pg';
export const real = new Pool();
export function load() {
  const pool = { connect() { return 1; } };
  const client = pool.connect();
  return client + 1;
}
`,
  },
];

const pgInvalid: Invalid[] = [
  {
    name: 'pg: pooled client never released',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  const client = await pool.connect();
  const result = await client.query('SELECT 1');
  return result.rows;
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
export async function load() {
  const client = await pool.connect();
  try {
    const result = await client.query('SELECT 1');
    return result.rows;
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
    name: 'pg: released only on the normal path (last statement)',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function touch() {
  const client = await pool.connect();
  await client.query('SELECT 1');
  client.release();
}
`,
    errors: [
      {
        messageId: 'notReleasedOnThrow',
        line: 4,
        column: 24,
        endLine: 4,
        endColumn: 38,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Pool } from 'pg';
const pool = new Pool();
export async function touch() {
  const client = await pool.connect();
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
    name: 'pg: released only on the normal path, before a return (no suggestion)',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  const client = await pool.connect();
  const result = await client.query('SELECT 1');
  client.release();
  return result.rows;
}
`,
    errors: [{ messageId: 'notReleasedOnThrow', line: 4, column: 24, endLine: 4, endColumn: 38, suggestions: [] }],
  },
  {
    name: 'pg: early return skips the release',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load(id: number) {
  const client = await pool.connect();
  if (id < 0) {
    return [];
  }
  try {
    const result = await client.query('SELECT $1::int', [id]);
    return result.rows;
  } finally {
    client.release();
  }
}
`,
    errors: [{ messageId: 'skippedByExit', line: 4, column: 24, endLine: 4, endColumn: 38, suggestions: [] }],
  },
  {
    name: 'pg: released on one branch only',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load(done: boolean) {
  const client = await pool.connect();
  if (done) {
    client.release();
  }
}
`,
    errors: [{ messageId: 'releasedOnSomePaths', line: 4, column: 24, endLine: 4, endColumn: 38, suggestions: [] }],
  },
  {
    name: 'pg: `client.release;` referenced but not called',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  const client = await pool.connect();
  try {
    await client.query('SELECT 1');
  } finally {
    client.release;
  }
}
`,
    errors: [{ messageId: 'releaseNotCalled', line: 4, column: 24, endLine: 4, endColumn: 38, suggestions: [] }],
  },
  {
    name: 'pg: stored into a field that no method of the class releases',
    code: `import { Pool, type PoolClient } from 'pg';
export class Session {
  private client: PoolClient | undefined;
  constructor(private readonly pool: Pool) {}
  async open() {
    this.client = await this.pool.connect();
  }
}
`,
    errors: [{ messageId: 'fieldNeverReleased', line: 6, column: 5, endLine: 6, endColumn: 45, suggestions: [] }],
  },
  {
    name: 'pg: `await pool.connect();` discarded',
    code: `import { Pool } from 'pg';
const pool = new Pool();
export async function warmUp() {
  await pool.connect();
}
`,
    errors: [{ messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 23, suggestions: [] }],
  },
  {
    name: 'pg: `new Pool()` inside a function never ended',
    code: `import { Pool } from 'pg';
export async function count() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const result = await pool.query('SELECT count(*) FROM users');
  return result.rows[0];
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 3,
        column: 16,
        endLine: 3,
        endColumn: 72,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Pool } from 'pg';
export async function count() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  try {
    const result = await pool.query('SELECT count(*) FROM users');
    return result.rows[0];
  } finally {
    await pool.end();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'pg: `new Client()` inside a function never ended',
    code: `import { Client } from 'pg';
export async function ping() {
  const client = new Client();
  await client.connect();
  await client.query('SELECT 1');
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Client } from 'pg';
export async function ping() {
  const client = new Client();
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'pg: session factory in the same file, caller never releases',
    code: `import { Pool } from 'pg';
const pool = new Pool();
async function openClient() {
  return pool.connect();
}
export async function load() {
  const client = await openClient();
  await client.query('SELECT 1');
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 7,
        column: 24,
        endLine: 7,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Pool } from 'pg';
const pool = new Pool();
async function openClient() {
  return pool.connect();
}
export async function load() {
  const client = await openClient();
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
];

/** fixtures/factories.ts: `export async function checkout(pool: Pool) { return pool.connect(); }`. */
const CROSS_FILE_FACTORY = `import { Pool } from 'pg';
import { checkout } from './factories.js';
const pool = new Pool();
export async function load() {
  const client = await checkout(pool);
  await client.query('SELECT 1');
}
`;

typed.run('require-session-close (typed): pg', rule, {
  valid: pgValid,
  invalid: [
    ...pgInvalid,
    {
      name: 'pg (typed only): session factory in another file, caller never releases',
      code: CROSS_FILE_FACTORY,
      errors: [
        {
          messageId: 'neverReleased',
          line: 5,
          column: 24,
          endLine: 5,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'suggestTryFinally',
              output: `import { Pool } from 'pg';
import { checkout } from './factories.js';
const pool = new Pool();
export async function load() {
  const client = await checkout(pool);
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
  ],
});

untyped.run('require-session-close (untyped): pg', rule, {
  valid: [
    ...pgValid,
    {
      name: 'pg (untyped): a factory from another file is unknown without types',
      code: CROSS_FILE_FACTORY,
    },
  ],
  invalid: pgInvalid,
});

// ---------------------------------------------------------------------------------------------
// mysql2 (callback API)
// ---------------------------------------------------------------------------------------------

const mysqlValid: Valid[] = [
  {
    name: 'mysql2: `pool.getConnection((err, connection) => …)` is scoped',
    code: `import mysql from 'mysql2';
const pool = mysql.createPool({ host: 'localhost' });
export function load() {
  pool.getConnection((err, connection) => {
    if (err) throw err;
    connection.query('SELECT 1', () => connection.release());
  });
}
`,
  },
  {
    name: 'mysql2: module-level `export const pool = mysql.createPool(…)`',
    code: `import mysql from 'mysql2';
export const pool = mysql.createPool({ host: 'localhost' });
`,
  },
  {
    name: 'mysql2: one-shot `pool.query(…)`',
    code: `import mysql from 'mysql2';
const pool = mysql.createPool({ host: 'localhost' });
export function load() {
  pool.query('SELECT 1', (err, rows) => console.log(err, rows));
}
`,
  },
  {
    name: 'mysql2: connection ended in finally',
    code: `import mysql from 'mysql2';
export function ping() {
  const connection = mysql.createConnection({ host: 'localhost' });
  try {
    connection.query('SELECT 1');
  } finally {
    connection.end();
  }
}
`,
  },
];

const mysqlInvalid: Invalid[] = [
  {
    name: 'mysql2: connection ended only on the normal path',
    code: `import mysql from 'mysql2';
export function ping() {
  const connection = mysql.createConnection({ host: 'localhost' });
  connection.query('SELECT 1');
  connection.end();
}
`,
    errors: [
      {
        messageId: 'notReleasedOnThrow',
        line: 3,
        column: 22,
        endLine: 3,
        endColumn: 67,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import mysql from 'mysql2';
export function ping() {
  const connection = mysql.createConnection({ host: 'localhost' });
  try {
    connection.query('SELECT 1');
  } finally {
    connection.end();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mysql2: early return skips `connection.end()`',
    code: `import mysql from 'mysql2';
export function ping(skip: boolean) {
  const connection = mysql.createConnection({ host: 'localhost' });
  if (skip) return;
  try {
    connection.query('SELECT 1');
  } finally {
    connection.end();
  }
}
`,
    errors: [{ messageId: 'skippedByExit', line: 3, column: 22, endLine: 3, endColumn: 67, suggestions: [] }],
  },
  {
    name: 'mysql2: destroyed on one branch only',
    code: `import mysql from 'mysql2';
export function ping(close: boolean) {
  const connection = mysql.createConnection({ host: 'localhost' });
  if (close) {
    connection.destroy();
  }
}
`,
    errors: [{ messageId: 'releasedOnSomePaths', line: 3, column: 22, endLine: 3, endColumn: 67, suggestions: [] }],
  },
  {
    name: 'mysql2: `connection.end;` referenced but not called',
    code: `import mysql from 'mysql2';
export function ping() {
  const connection = mysql.createConnection({ host: 'localhost' });
  try {
    connection.query('SELECT 1');
  } finally {
    connection.end;
  }
}
`,
    errors: [{ messageId: 'releaseNotCalled', line: 3, column: 22, endLine: 3, endColumn: 67, suggestions: [] }],
  },
  {
    name: 'mysql2: `mysql.createConnection(…);` discarded',
    code: `import mysql from 'mysql2';
export function connect() {
  mysql.createConnection({ host: 'localhost' });
}
`,
    errors: [{ messageId: 'discarded', line: 3, column: 3, endLine: 3, endColumn: 48, suggestions: [] }],
  },
];

const MYSQL_POOL_IN_FUNCTION = `import mysql from 'mysql2';
export function count(done: (n: number) => void) {
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
  pool.query('SELECT 1', () => done(1));
}
`;
const MYSQL_POOL_IN_FUNCTION_TRY_FINALLY = `import mysql from 'mysql2';
export function count(done: (n: number) => void) {
  const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
  try {
    pool.query('SELECT 1', () => done(1));
  } finally {
    pool.end();
  }
}
`;
const MYSQL_FACTORY = `import mysql from 'mysql2';
function openConnection() {
  return mysql.createConnection({ host: 'localhost' });
}
export function ping() {
  const connection = openConnection();
  connection.query('SELECT 1');
}
`;
const MYSQL_FACTORY_TRY_FINALLY = `import mysql from 'mysql2';
function openConnection() {
  return mysql.createConnection({ host: 'localhost' });
}
export function ping() {
  const connection = openConnection();
  try {
    connection.query('SELECT 1');
  } finally {
    connection.end();
  }
}
`;

typed.run('require-session-close (typed): mysql2', rule, {
  valid: mysqlValid,
  invalid: [
    ...mysqlInvalid,
    {
      name: 'mysql2 (typed): `mysql.createPool` inside a function never ended; `using` from `Symbol.dispose`',
      code: MYSQL_POOL_IN_FUNCTION,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 67,
          suggestions: [
            { messageId: 'suggestTryFinally', output: MYSQL_POOL_IN_FUNCTION_TRY_FINALLY },
            {
              messageId: 'suggestAwaitUsing',
              output: `import mysql from 'mysql2';
export function count(done: (n: number) => void) {
  using pool = mysql.createPool({ uri: process.env.DATABASE_URL });
  pool.query('SELECT 1', () => done(1));
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'mysql2 (typed): session factory in the same file, caller never ends the connection',
      code: MYSQL_FACTORY,
      errors: [
        {
          messageId: 'neverReleased',
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 38,
          suggestions: [
            { messageId: 'suggestTryFinally', output: MYSQL_FACTORY_TRY_FINALLY },
            {
              messageId: 'suggestAwaitUsing',
              output: `import mysql from 'mysql2';
function openConnection() {
  return mysql.createConnection({ host: 'localhost' });
}
export function ping() {
  using connection = openConnection();
  connection.query('SELECT 1');
}
`,
            },
          ],
        },
      ],
    },
  ],
});

untyped.run('require-session-close (untyped): mysql2', rule, {
  valid: mysqlValid,
  invalid: [
    ...mysqlInvalid,
    {
      name: 'mysql2 (untyped): `mysql.createPool` inside a function never ended',
      code: MYSQL_POOL_IN_FUNCTION,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 67,
          suggestions: [{ messageId: 'suggestTryFinally', output: MYSQL_POOL_IN_FUNCTION_TRY_FINALLY }],
        },
      ],
    },
    {
      name: 'mysql2 (untyped): session factory in the same file, caller never ends the connection',
      code: MYSQL_FACTORY,
      errors: [
        {
          messageId: 'neverReleased',
          line: 6,
          column: 22,
          endLine: 6,
          endColumn: 38,
          suggestions: [{ messageId: 'suggestTryFinally', output: MYSQL_FACTORY_TRY_FINALLY }],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// mysql2/promise
// ---------------------------------------------------------------------------------------------

const mysqlPromiseValid: Valid[] = [
  {
    name: 'mysql2/promise: released in finally',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load() {
  const connection = await pool.getConnection();
  try {
    const [rows] = await connection.query('SELECT 1');
    return rows;
  } finally {
    connection.release();
  }
}
`,
  },
  {
    name: 'mysql2/promise: `pool.releaseConnection(connection)` in finally',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load() {
  const connection = await pool.getConnection();
  try {
    await connection.query('SELECT 1');
  } finally {
    pool.releaseConnection(connection);
  }
}
`,
  },
  {
    name: 'mysql2/promise: `await using`',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load() {
  await using connection = await pool.getConnection();
  await connection.query('SELECT 1');
}
`,
  },
  {
    name: 'mysql2/promise: `let connection` acquired in try, guarded release in finally',
    code: `import mysql, { type PoolConnection } from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load() {
  let connection: PoolConnection | undefined;
  try {
    connection = await pool.getConnection();
    await connection.query('SELECT 1');
  } finally {
    if (connection) connection.release();
  }
}
`,
  },
  {
    name: 'mysql2/promise: catch destroys and rethrows, normal path releases',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load() {
  const connection = await pool.getConnection();
  try {
    await connection.query('SELECT 1');
  } catch (error) {
    connection.destroy();
    throw error;
  }
  connection.release();
}
`,
  },
  {
    name: 'mysql2/promise: `.then(connection => ….finally(() => connection.release()))`',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export function load() {
  return pool.getConnection().then((connection) => connection.query('SELECT 1').finally(() => connection.release()));
}
`,
  },
  {
    name: 'mysql2/promise: `return pool.getConnection()`',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export function checkout() {
  return pool.getConnection();
}
`,
  },
  {
    name: 'mysql2/promise: stored into a field that a method of the class releases',
    code: `import mysql, { type PoolConnection } from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export class Unit {
  connection?: PoolConnection;
  async begin() {
    this.connection = await pool.getConnection();
  }
  end() {
    this.connection?.release();
  }
}
`,
  },
  {
    name: 'mysql2/promise: closer function of the same file called in finally',
    code: `import mysql, { type PoolConnection } from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
function closeQuietly(c: PoolConnection) {
  c.release();
}
export async function load() {
  const connection = await pool.getConnection();
  try {
    await connection.query('SELECT 1');
  } finally {
    closeQuietly(connection);
  }
}
`,
  },
  {
    name: 'mysql2/promise: module-level pool',
    code: `import mysql from 'mysql2/promise';
export const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
`,
  },
  {
    name: 'mysql2/promise: one-shot `pool.query(…)`',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load() {
  const [rows] = await pool.query('SELECT 1');
  return rows;
}
`,
  },
];

const mysqlPromiseInvalid: Invalid[] = [
  {
    name: 'mysql2/promise: released only on the normal path',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function touch() {
  const connection = await pool.getConnection();
  await connection.query('SELECT 1');
  connection.release();
}
`,
    errors: [
      {
        messageId: 'notReleasedOnThrow',
        line: 4,
        column: 28,
        endLine: 4,
        endColumn: 48,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function touch() {
  const connection = await pool.getConnection();
  try {
    await connection.query('SELECT 1');
  } finally {
    connection.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'mysql2/promise: early return skips the release',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load(id: number) {
  const connection = await pool.getConnection();
  if (!id) {
    return null;
  }
  try {
    return await connection.query('SELECT ?', [id]);
  } finally {
    connection.release();
  }
}
`,
    errors: [{ messageId: 'skippedByExit', line: 4, column: 28, endLine: 4, endColumn: 48, suggestions: [] }],
  },
  {
    name: 'mysql2/promise: released on one branch only',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load(ok: boolean) {
  const connection = await pool.getConnection();
  if (ok) {
    connection.release();
  } else {
    console.log('keeping it');
  }
}
`,
    errors: [{ messageId: 'releasedOnSomePaths', line: 4, column: 28, endLine: 4, endColumn: 48, suggestions: [] }],
  },
  {
    name: 'mysql2/promise: `connection.release;` referenced but not called',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load() {
  const connection = await pool.getConnection();
  try {
    await connection.query('SELECT 1');
  } finally {
    connection.release;
  }
}
`,
    errors: [{ messageId: 'releaseNotCalled', line: 4, column: 28, endLine: 4, endColumn: 48, suggestions: [] }],
  },
  {
    name: 'mysql2/promise: `await pool.getConnection();` discarded',
    code: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function warmUp() {
  await pool.getConnection();
}
`,
    errors: [{ messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 29, suggestions: [] }],
  },
];

const MYSQL_PROMISE_NEVER = `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load() {
  const connection = await pool.getConnection();
  const [rows] = await connection.query('SELECT 1');
  return rows;
}
`;
const MYSQL_PROMISE_NEVER_TRY_FINALLY = `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load() {
  const connection = await pool.getConnection();
  try {
    const [rows] = await connection.query('SELECT 1');
    return rows;
  } finally {
    connection.release();
  }
}
`;
const MYSQL_PROMISE_CONNECTION = `import mysql from 'mysql2/promise';
export async function ping() {
  const connection = await mysql.createConnection({ host: 'localhost' });
  await connection.query('SELECT 1');
}
`;
const MYSQL_PROMISE_CONNECTION_TRY_FINALLY = `import mysql from 'mysql2/promise';
export async function ping() {
  const connection = await mysql.createConnection({ host: 'localhost' });
  try {
    await connection.query('SELECT 1');
  } finally {
    await connection.end();
  }
}
`;
const MYSQL_PROMISE_POOL = `import mysql from 'mysql2/promise';
export async function count() {
  const pool = mysql.createPool({ host: 'localhost' });
  const [rows] = await pool.query('SELECT count(*) AS n FROM users');
  return rows;
}
`;
const MYSQL_PROMISE_POOL_TRY_FINALLY = `import mysql from 'mysql2/promise';
export async function count() {
  const pool = mysql.createPool({ host: 'localhost' });
  try {
    const [rows] = await pool.query('SELECT count(*) AS n FROM users');
    return rows;
  } finally {
    await pool.end();
  }
}
`;
const MYSQL_PROMISE_FACTORY = `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
async function openConnection() {
  const connection = await pool.getConnection();
  return connection;
}
export async function load() {
  const connection = await openConnection();
  await connection.query('SELECT 1');
}
`;
const MYSQL_PROMISE_FACTORY_TRY_FINALLY = `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
async function openConnection() {
  const connection = await pool.getConnection();
  return connection;
}
export async function load() {
  const connection = await openConnection();
  try {
    await connection.query('SELECT 1');
  } finally {
    connection.release();
  }
}
`;

typed.run('require-session-close (typed): mysql2 promise API', rule, {
  valid: mysqlPromiseValid,
  invalid: [
    ...mysqlPromiseInvalid,
    {
      name: 'mysql2/promise (typed): never released; `await using` from `Symbol.asyncDispose`',
      code: MYSQL_PROMISE_NEVER,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          column: 28,
          endLine: 4,
          endColumn: 48,
          suggestions: [
            { messageId: 'suggestTryFinally', output: MYSQL_PROMISE_NEVER_TRY_FINALLY },
            {
              messageId: 'suggestAwaitUsing',
              output: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function load() {
  await using connection = await pool.getConnection();
  const [rows] = await connection.query('SELECT 1');
  return rows;
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'mysql2/promise (typed): `mysql.createConnection` inside a function never ended',
      code: MYSQL_PROMISE_CONNECTION,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 28,
          endLine: 3,
          endColumn: 73,
          suggestions: [
            { messageId: 'suggestTryFinally', output: MYSQL_PROMISE_CONNECTION_TRY_FINALLY },
            {
              messageId: 'suggestAwaitUsing',
              output: `import mysql from 'mysql2/promise';
export async function ping() {
  await using connection = await mysql.createConnection({ host: 'localhost' });
  await connection.query('SELECT 1');
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'mysql2/promise (typed): `mysql.createPool` inside a function never ended',
      code: MYSQL_PROMISE_POOL,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 55,
          suggestions: [
            { messageId: 'suggestTryFinally', output: MYSQL_PROMISE_POOL_TRY_FINALLY },
            {
              messageId: 'suggestAwaitUsing',
              output: `import mysql from 'mysql2/promise';
export async function count() {
  await using pool = mysql.createPool({ host: 'localhost' });
  const [rows] = await pool.query('SELECT count(*) AS n FROM users');
  return rows;
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'mysql2/promise (typed): session factory in the same file, caller never releases',
      code: MYSQL_PROMISE_FACTORY,
      errors: [
        {
          messageId: 'neverReleased',
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 44,
          suggestions: [
            { messageId: 'suggestTryFinally', output: MYSQL_PROMISE_FACTORY_TRY_FINALLY },
            {
              messageId: 'suggestAwaitUsing',
              output: `import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
async function openConnection() {
  const connection = await pool.getConnection();
  return connection;
}
export async function load() {
  await using connection = await openConnection();
  await connection.query('SELECT 1');
}
`,
            },
          ],
        },
      ],
    },
  ],
});

untyped.run('require-session-close (untyped): mysql2 promise API', rule, {
  valid: mysqlPromiseValid,
  invalid: [
    ...mysqlPromiseInvalid,
    {
      name: 'mysql2/promise (untyped): never released',
      code: MYSQL_PROMISE_NEVER,
      errors: [
        {
          messageId: 'neverReleased',
          line: 4,
          column: 28,
          endLine: 4,
          endColumn: 48,
          suggestions: [{ messageId: 'suggestTryFinally', output: MYSQL_PROMISE_NEVER_TRY_FINALLY }],
        },
      ],
    },
    {
      name: 'mysql2/promise (untyped): `mysql.createConnection` inside a function never ended',
      code: MYSQL_PROMISE_CONNECTION,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 28,
          endLine: 3,
          endColumn: 73,
          suggestions: [{ messageId: 'suggestTryFinally', output: MYSQL_PROMISE_CONNECTION_TRY_FINALLY }],
        },
      ],
    },
    {
      name: 'mysql2/promise (untyped): `mysql.createPool` inside a function never ended',
      code: MYSQL_PROMISE_POOL,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 16,
          endLine: 3,
          endColumn: 55,
          suggestions: [{ messageId: 'suggestTryFinally', output: MYSQL_PROMISE_POOL_TRY_FINALLY }],
        },
      ],
    },
    {
      name: 'mysql2/promise (untyped): session factory in the same file, caller never releases',
      code: MYSQL_PROMISE_FACTORY,
      errors: [
        {
          messageId: 'neverReleased',
          line: 8,
          column: 28,
          endLine: 8,
          endColumn: 44,
          suggestions: [{ messageId: 'suggestTryFinally', output: MYSQL_PROMISE_FACTORY_TRY_FINALLY }],
        },
      ],
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// typeorm
// ---------------------------------------------------------------------------------------------

const typeormValid: Valid[] = [
  {
    name: 'typeorm: the official pattern (connect, startTransaction, commit / rollback + rethrow / release)',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function transfer() {
  const queryRunner = dataSource.createQueryRunner();
  await queryRunner.connect();
  await queryRunner.startTransaction();
  try {
    await queryRunner.query('UPDATE accounts SET balance = balance - 1');
    await queryRunner.commitTransaction();
  } catch (err) {
    await queryRunner.rollbackTransaction();
    throw err;
  } finally {
    await queryRunner.release();
  }
}
`,
  },
  {
    name: 'typeorm: callback-scoped `dataSource.transaction(async (manager) => …)`',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function transfer() {
  await dataSource.transaction(async (manager) => {
    await manager.query('UPDATE accounts SET balance = balance - 1');
  });
}
`,
  },
  {
    name: 'typeorm: runner released in finally',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function load() {
  const runner = dataSource.createQueryRunner();
  try {
    return await runner.query('SELECT 1');
  } finally {
    await runner.release();
  }
}
`,
  },
  {
    name: 'typeorm: `return dataSource.createQueryRunner()`',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export function openRunner() {
  return dataSource.createQueryRunner();
}
`,
  },
  {
    name: 'typeorm: module-level data source',
    code: `import { DataSource } from 'typeorm';
export const dataSource = new DataSource({ type: 'postgres' });
`,
  },
  {
    name: 'typeorm: runner pushed into an array',
    code: `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
const runners: QueryRunner[] = [];
export function open() {
  const runner = dataSource.createQueryRunner();
  runners.push(runner);
}
`,
  },
];

const typeormInvalid: Invalid[] = [
  {
    name: 'typeorm: query runner never released',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function load() {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const rows = await runner.query('SELECT 1');
  return rows;
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 4,
        column: 18,
        endLine: 4,
        endColumn: 48,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function load() {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    const rows = await runner.query('SELECT 1');
    return rows;
  } finally {
    await runner.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'typeorm: released only on the normal path',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function touch() {
  const runner = dataSource.createQueryRunner();
  await runner.query('SELECT 1');
  await runner.release();
}
`,
    errors: [
      {
        messageId: 'notReleasedOnThrow',
        line: 4,
        column: 18,
        endLine: 4,
        endColumn: 48,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function touch() {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT 1');
  } finally {
    await runner.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'typeorm: early return skips the release',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function load(id?: number) {
  const runner = dataSource.createQueryRunner();
  if (id === undefined) {
    return undefined;
  }
  try {
    return await runner.query('SELECT $1', [id]);
  } finally {
    await runner.release();
  }
}
`,
    errors: [{ messageId: 'skippedByExit', line: 4, column: 18, endLine: 4, endColumn: 48, suggestions: [] }],
  },
  {
    name: 'typeorm: released on one branch only',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function load(done: boolean) {
  const runner = dataSource.createQueryRunner();
  if (done) {
    await runner.release();
  }
}
`,
    errors: [{ messageId: 'releasedOnSomePaths', line: 4, column: 18, endLine: 4, endColumn: 48, suggestions: [] }],
  },
  {
    name: 'typeorm: `runner.release;` referenced but not called',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function load() {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.query('SELECT 1');
  } finally {
    runner.release;
  }
}
`,
    errors: [{ messageId: 'releaseNotCalled', line: 4, column: 18, endLine: 4, endColumn: 48, suggestions: [] }],
  },
  {
    name: 'typeorm: `startTransaction()` committed on the happy path only',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function transfer() {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    await runner.query('UPDATE accounts SET balance = balance - 1');
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }
}
`,
    errors: [
      {
        messageId: 'notRolledBack',
        line: 7,
        column: 11,
        endLine: 7,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function transfer() {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query('UPDATE accounts SET balance = balance - 1');
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'typeorm: `dataSource.createQueryRunner();` discarded',
    code: `import { DataSource } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
export async function warmUp() {
  dataSource.createQueryRunner();
}
`,
    errors: [{ messageId: 'discarded', line: 4, column: 3, endLine: 4, endColumn: 33, suggestions: [] }],
  },
  {
    name: 'typeorm: `new DataSource(…)` inside a function never destroyed',
    code: `import { DataSource } from 'typeorm';
export async function migrate() {
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
  await dataSource.initialize();
  await dataSource.runMigrations();
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 3,
        column: 22,
        endLine: 3,
        endColumn: 89,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { DataSource } from 'typeorm';
export async function migrate() {
  const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
  } finally {
    await dataSource.destroy();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'typeorm: session factory `openRunner()` in the same file, caller never releases',
    code: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
async function openRunner() {
  return ds.createQueryRunner();
}
export async function load() {
  const runner = await openRunner();
  await runner.query('SELECT 1');
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 7,
        column: 24,
        endLine: 7,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
async function openRunner() {
  return ds.createQueryRunner();
}
export async function load() {
  const runner = await openRunner();
  try {
    await runner.query('SELECT 1');
  } finally {
    await runner.release();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'typeorm: runner from a factory, transaction committed on the happy path only',
    code: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
function openRunner() {
  return ds.createQueryRunner();
}
export async function transfer() {
  const runner = openRunner();
  try {
    await runner.startTransaction();
    await runner.query('UPDATE accounts SET balance = 0');
    await runner.commitTransaction();
  } finally {
    await runner.release();
  }
}
`,
    errors: [
      {
        messageId: 'notRolledBack',
        line: 9,
        column: 11,
        endLine: 9,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import { DataSource } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
function openRunner() {
  return ds.createQueryRunner();
}
export async function transfer() {
  const runner = openRunner();
  try {
    await runner.startTransaction();
    try {
      await runner.query('UPDATE accounts SET balance = 0');
      await runner.commitTransaction();
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    }
  } finally {
    await runner.release();
  }
}
`,
          },
        ],
      },
    ],
  },
];

typed.run('require-session-close (typed): typeorm', rule, { valid: typeormValid, invalid: typeormInvalid });
untyped.run('require-session-close (untyped): typeorm', rule, { valid: typeormValid, invalid: typeormInvalid });

// ---------------------------------------------------------------------------------------------
// knex
// ---------------------------------------------------------------------------------------------

const knexValid: Valid[] = [
  {
    name: 'knex: callback-scoped `db.transaction(async (trx) => …)`',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function createUser(name: string) {
  await db.transaction(async (trx) => {
    await trx('users').insert({ name });
  });
}
`,
  },
  {
    name: 'knex: commit in try, rollback in catch',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function createUser(name: string) {
  const trx = await db.transaction();
  try {
    await trx('users').insert({ name });
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}
`,
  },
  {
    name: 'knex: module-level `export const db = knex(…)`',
    code: `import knex from 'knex';
export const db = knex({ client: 'pg' });
`,
  },
  {
    name: 'knex: `return db.transaction()`',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export function begin() {
  return db.transaction();
}
`,
  },
  {
    name: 'knex: instance created in a function and destroyed in finally',
    code: `import knex from 'knex';
export async function count() {
  const db = knex({ client: 'pg' });
  try {
    return await db('users').count();
  } finally {
    await db.destroy();
  }
}
`,
  },
];

const knexInvalid: Invalid[] = [
  {
    name: 'knex: unmanaged `db.transaction()` committed on the happy path only',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function createUser(name: string) {
  const trx = await db.transaction();
  await trx('users').insert({ name });
  await trx.commit();
}
`,
    errors: [
      {
        messageId: 'notRolledBack',
        line: 4,
        column: 21,
        endLine: 4,
        endColumn: 37,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function createUser(name: string) {
  const trx = await db.transaction();
  try {
    await trx('users').insert({ name });
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
    name: 'knex: early return skips commit and rollback',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function createUser(name: string) {
  const trx = await db.transaction();
  if (!name) {
    return;
  }
  try {
    await trx('users').insert({ name });
    await trx.commit();
  } catch (error) {
    await trx.rollback();
    throw error;
  }
}
`,
    errors: [{ messageId: 'skippedByExit', line: 4, column: 21, endLine: 4, endColumn: 37, suggestions: [] }],
  },
  {
    name: 'knex: committed on one branch only',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function createUser(name: string) {
  const trx = await db.transaction();
  if (name) {
    await trx.commit();
  }
}
`,
    errors: [{ messageId: 'releasedOnSomePaths', line: 4, column: 21, endLine: 4, endColumn: 37, suggestions: [] }],
  },
  {
    name: 'knex: `trx.commit;` referenced but not called',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function createUser(name: string) {
  const trx = await db.transaction();
  try {
    await trx('users').insert({ name });
  } finally {
    trx.commit;
  }
}
`,
    errors: [{ messageId: 'releaseNotCalled', line: 4, column: 21, endLine: 4, endColumn: 37, suggestions: [] }],
  },
  {
    name: 'knex: `await db.transaction();` discarded',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
export async function begin() {
  await db.transaction();
}
`,
    errors: [{ messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 25, suggestions: [] }],
  },
  {
    name: 'knex: `knex({…})` inside a function never destroyed',
    code: `import knex from 'knex';
export async function count() {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  const rows = await db('users').count();
  return rows;
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 3,
        column: 14,
        endLine: 3,
        endColumn: 74,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import knex from 'knex';
export async function count() {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  try {
    const rows = await db('users').count();
    return rows;
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
    name: 'knex: transaction from a same-file factory, committed on the happy path only',
    code: `import knex from 'knex';
const db = knex({ client: 'pg' });
function begin() {
  return db.transaction();
}
export async function createUser(name: string) {
  const trx = await begin();
  await trx('users').insert({ name });
  await trx.commit();
}
`,
    errors: [
      {
        messageId: 'notRolledBack',
        line: 7,
        column: 21,
        endLine: 7,
        endColumn: 28,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import knex from 'knex';
const db = knex({ client: 'pg' });
function begin() {
  return db.transaction();
}
export async function createUser(name: string) {
  const trx = await begin();
  try {
    await trx('users').insert({ name });
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
];

typed.run('require-session-close (typed): knex', rule, { valid: knexValid, invalid: knexInvalid });
untyped.run('require-session-close (untyped): knex', rule, { valid: knexValid, invalid: knexInvalid });

// ---------------------------------------------------------------------------------------------
// sequelize
// ---------------------------------------------------------------------------------------------

const sequelizeValid: Valid[] = [
  {
    name: 'sequelize: callback-scoped `sequelize.transaction(async (t) => …)`',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function rename() {
  await sequelize.transaction(async (t) => {
    await sequelize.query('UPDATE users SET name = 1', { transaction: t });
  });
}
`,
  },
  {
    name: 'sequelize: commit in try, rollback in catch',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function rename() {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('UPDATE users SET name = 1', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
}
`,
  },
  {
    name: 'sequelize: module-level `export const sequelize = new Sequelize(…)`',
    code: `import { Sequelize } from 'sequelize';
export const sequelize = new Sequelize('sqlite::memory:');
`,
  },
  {
    name: 'sequelize: instance created in a function and closed in finally',
    code: `import { Sequelize } from 'sequelize';
export async function check() {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  try {
    await sequelize.authenticate();
  } finally {
    await sequelize.close();
  }
}
`,
  },
];

const sequelizeInvalid: Invalid[] = [
  {
    name: 'sequelize: unmanaged `sequelize.transaction()` committed on the happy path only',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function rename(id: number) {
  const t = await sequelize.transaction();
  await sequelize.query('UPDATE users SET name = 1 WHERE id = ?', { replacements: [id], transaction: t });
  await t.commit();
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
const sequelize = new Sequelize('sqlite::memory:');
export async function rename(id: number) {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('UPDATE users SET name = 1 WHERE id = ?', { replacements: [id], transaction: t });
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
    name: 'sequelize: early return skips commit and rollback',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function rename(id: number) {
  const t = await sequelize.transaction();
  if (id <= 0) return false;
  try {
    await sequelize.query('UPDATE users SET name = 1', { transaction: t });
    await t.commit();
  } catch (error) {
    await t.rollback();
    throw error;
  }
  return true;
}
`,
    errors: [{ messageId: 'skippedByExit', line: 4, column: 19, endLine: 4, endColumn: 42, suggestions: [] }],
  },
  {
    name: 'sequelize: committed on one branch only',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function rename(ok: boolean) {
  const t = await sequelize.transaction();
  if (ok) {
    await t.commit();
  }
}
`,
    errors: [{ messageId: 'releasedOnSomePaths', line: 4, column: 19, endLine: 4, endColumn: 42, suggestions: [] }],
  },
  {
    name: 'sequelize: `t.rollback;` referenced but not called',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function rename() {
  const t = await sequelize.transaction();
  try {
    await sequelize.query('UPDATE users SET name = 1', { transaction: t });
  } finally {
    t.rollback;
  }
}
`,
    errors: [{ messageId: 'releaseNotCalled', line: 4, column: 19, endLine: 4, endColumn: 42, suggestions: [] }],
  },
  {
    name: 'sequelize: `await sequelize.transaction();` discarded',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
export async function begin() {
  await sequelize.transaction();
}
`,
    errors: [{ messageId: 'discarded', line: 4, column: 9, endLine: 4, endColumn: 32, suggestions: [] }],
  },
  {
    name: 'sequelize: `new Sequelize(…)` inside a function never closed',
    code: `import { Sequelize } from 'sequelize';
export async function check() {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  await sequelize.authenticate();
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 3,
        column: 21,
        endLine: 3,
        endColumn: 61,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Sequelize } from 'sequelize';
export async function check() {
  const sequelize = new Sequelize(process.env.DATABASE_URL!);
  try {
    await sequelize.authenticate();
  } finally {
    await sequelize.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'sequelize: instance closed only on the normal path',
    code: `import { Sequelize } from 'sequelize';
export async function check() {
  const sequelize = new Sequelize('sqlite::memory:');
  await sequelize.authenticate();
  await sequelize.close();
}
`,
    errors: [
      {
        messageId: 'notReleasedOnThrow',
        line: 3,
        column: 21,
        endLine: 3,
        endColumn: 53,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { Sequelize } from 'sequelize';
export async function check() {
  const sequelize = new Sequelize('sqlite::memory:');
  try {
    await sequelize.authenticate();
  } finally {
    await sequelize.close();
  }
}
`,
          },
        ],
      },
    ],
  },
  {
    name: 'sequelize: transaction from a same-file factory, committed on the happy path only',
    code: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
async function begin() {
  return sequelize.transaction();
}
export async function rename() {
  const t = await begin();
  await sequelize.query('UPDATE users SET name = 1', { transaction: t });
  await t.commit();
}
`,
    errors: [
      {
        messageId: 'notRolledBack',
        line: 7,
        column: 19,
        endLine: 7,
        endColumn: 26,
        suggestions: [
          {
            messageId: 'suggestTryCatch',
            output: `import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
async function begin() {
  return sequelize.transaction();
}
export async function rename() {
  const t = await begin();
  try {
    await sequelize.query('UPDATE users SET name = 1', { transaction: t });
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
];

typed.run('require-session-close (typed): sequelize', rule, { valid: sequelizeValid, invalid: sequelizeInvalid });
untyped.run('require-session-close (untyped): sequelize', rule, { valid: sequelizeValid, invalid: sequelizeInvalid });

// ---------------------------------------------------------------------------------------------
// Prisma (generated client: fixtures/prisma/client.d.ts, `@prisma/client`, a generated path)
// ---------------------------------------------------------------------------------------------

const prismaValid: Valid[] = [
  {
    name: 'prisma: `$disconnect()` in finally',
    code: `import { PrismaClient } from './prisma/client.js';
export async function listUsers() {
  const prisma = new PrismaClient();
  try {
    return await prisma.user.findMany();
  } finally {
    await prisma.$disconnect();
  }
}
`,
  },
  {
    name: 'prisma: callback-scoped `prisma.$transaction(async (tx) => …)`',
    code: `import { PrismaClient } from './prisma/client.js';
const prisma = new PrismaClient();
export async function listUsers() {
  return prisma.$transaction(async (tx) => tx.user.findMany());
}
`,
  },
  {
    name: 'prisma: module-level `export const prisma = new PrismaClient()`',
    code: `import { PrismaClient } from './prisma/client.js';
export const prisma = new PrismaClient();
`,
  },
  {
    name: 'prisma: `return new PrismaClient()`',
    code: `import { PrismaClient } from './prisma/client.js';
export function createClient() {
  return new PrismaClient();
}
`,
  },
  {
    name: 'prisma: stored into a field in the constructor',
    code: `import { PrismaClient } from './prisma/client.js';
export class UserService {
  private readonly prisma: PrismaClient;
  constructor() {
    this.prisma = new PrismaClient();
  }
}
`,
  },
  {
    name: 'prisma: class field initialiser',
    code: `import { PrismaClient } from './prisma/client.js';
export class UserService {
  private readonly prisma = new PrismaClient();
}
`,
  },
  {
    name: 'prisma: a local class named `PrismaClient` without `$disconnect`',
    code: `class PrismaClient {
  user = { findMany: async () => [] };
}
export async function listUsers() {
  const prisma = new PrismaClient();
  return prisma.user.findMany();
}
`,
  },
];

const prismaInvalid: Invalid[] = [
  {
    name: 'prisma: `new PrismaClient()` inside a function never disconnected',
    code: `import { PrismaClient } from './prisma/client.js';
export async function listUsers() {
  const prisma = new PrismaClient();
  const users = await prisma.user.findMany();
  return users;
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { PrismaClient } from './prisma/client.js';
export async function listUsers() {
  const prisma = new PrismaClient();
  try {
    const users = await prisma.user.findMany();
    return users;
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
    name: 'prisma: disconnected only on the normal path',
    code: `import { PrismaClient } from './prisma/client.js';
export async function seed() {
  const prisma = new PrismaClient();
  await prisma.user.findMany();
  await prisma.$disconnect();
}
`,
    errors: [
      {
        messageId: 'notReleasedOnThrow',
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { PrismaClient } from './prisma/client.js';
export async function seed() {
  const prisma = new PrismaClient();
  try {
    await prisma.user.findMany();
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
    name: 'prisma: early return skips `$disconnect()`',
    code: `import { PrismaClient } from './prisma/client.js';
export async function listUsers(enabled: boolean) {
  const prisma = new PrismaClient();
  if (!enabled) {
    return [];
  }
  try {
    return await prisma.user.findMany();
  } finally {
    await prisma.$disconnect();
  }
}
`,
    errors: [{ messageId: 'skippedByExit', line: 3, column: 18, endLine: 3, endColumn: 36, suggestions: [] }],
  },
  {
    name: 'prisma: disconnected on one branch only',
    code: `import { PrismaClient } from './prisma/client.js';
export async function seed(close: boolean) {
  const prisma = new PrismaClient();
  await prisma.$connect();
  if (close) {
    await prisma.$disconnect();
  }
}
`,
    errors: [{ messageId: 'releasedOnSomePaths', line: 3, column: 18, endLine: 3, endColumn: 36, suggestions: [] }],
  },
  {
    name: 'prisma: `prisma.$disconnect;` referenced but not called',
    code: `import { PrismaClient } from './prisma/client.js';
export async function seed() {
  const prisma = new PrismaClient();
  try {
    await prisma.user.findMany();
  } finally {
    prisma.$disconnect;
  }
}
`,
    errors: [{ messageId: 'releaseNotCalled', line: 3, column: 18, endLine: 3, endColumn: 36, suggestions: [] }],
  },
  {
    name: 'prisma: `new PrismaClient();` discarded',
    code: `import { PrismaClient } from './prisma/client.js';
export function boot() {
  new PrismaClient();
}
`,
    errors: [{ messageId: 'discarded', line: 3, column: 3, endLine: 3, endColumn: 21, suggestions: [] }],
  },
  {
    name: 'prisma: client factory in the same file, caller never disconnects',
    code: `import { PrismaClient } from './prisma/client.js';
function makeClient() {
  return new PrismaClient();
}
export async function listUsers() {
  const prisma = makeClient();
  return await prisma.user.findMany();
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 6,
        column: 18,
        endLine: 6,
        endColumn: 30,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { PrismaClient } from './prisma/client.js';
function makeClient() {
  return new PrismaClient();
}
export async function listUsers() {
  const prisma = makeClient();
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
    name: 'prisma: `PrismaClient` from `@prisma/client` never disconnected',
    code: `import { PrismaClient } from '@prisma/client';
export async function listUsers() {
  const prisma = new PrismaClient();
  return await prisma.user.findMany();
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { PrismaClient } from '@prisma/client';
export async function listUsers() {
  const prisma = new PrismaClient();
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
    name: 'prisma: `PrismaClient` from a generated path `../generated/prisma` never disconnected',
    code: `import { PrismaClient } from '../generated/prisma';
export async function listUsers() {
  const prisma = new PrismaClient();
  return await prisma.user.findMany();
}
`,
    errors: [
      {
        messageId: 'neverReleased',
        line: 3,
        column: 18,
        endLine: 3,
        endColumn: 36,
        suggestions: [
          {
            messageId: 'suggestTryFinally',
            output: `import { PrismaClient } from '../generated/prisma';
export async function listUsers() {
  const prisma = new PrismaClient();
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
];

typed.run('require-session-close (typed): prisma', rule, {
  valid: prismaValid,
  invalid: [
    ...prismaInvalid,
    {
      // Only the checker knows `db.PrismaClient` is the generated class (by its `$disconnect` member).
      name: 'prisma (typed only): namespace import of the generated client',
      code: `import * as db from './prisma/client.js';
export async function listUsers() {
  const prisma = new db.PrismaClient();
  return await prisma.user.findMany();
}
`,
      errors: [
        {
          messageId: 'neverReleased',
          line: 3,
          column: 18,
          endLine: 3,
          endColumn: 39,
          suggestions: [
            {
              messageId: 'suggestTryFinally',
              output: `import * as db from './prisma/client.js';
export async function listUsers() {
  const prisma = new db.PrismaClient();
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
  ],
});

untyped.run('require-session-close (untyped): prisma', rule, { valid: prismaValid, invalid: prismaInvalid });
