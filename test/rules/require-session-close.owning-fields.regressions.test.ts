/**
 * require-session-close, owning fields, regressions: a field read by destructuring `this` or by a
 * string element access and then released counts as released, and so does a field (or a local read
 * from it) passed to a project closer the analysis finds by itself. The shared tables run typed and
 * untyped; closers in another file need the checker.
 */
import type { InvalidTestCase, ValidTestCase } from '@typescript-eslint/rule-tester';

import rule, { type MessageId } from '../../rules/require-session-close.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

type Valid = ValidTestCase<[]>;
type Invalid = InvalidTestCase<MessageId, []>;

const typed = createRuleTesterWithTypes();
const untyped = createRuleTesterUntyped();

const valid: Valid[] = [
  {
    name: 'typeorm: field destructured from this, then released',
    code: `
import type { DataSource, QueryRunner } from 'typeorm';
export class Importer {
  private readonly runner: QueryRunner;
  constructor(ds: DataSource) {
    this.runner = ds.createQueryRunner();
  }
  async close() {
    const { runner } = this;
    await runner.release();
  }
}
`,
  },
  {
    name: "typeorm: released through this['runner']",
    code: `
import type { DataSource, QueryRunner } from 'typeorm';
export class Importer {
  private readonly runner: QueryRunner;
  constructor(ds: DataSource) {
    this.runner = ds.createQueryRunner();
  }
  async close() {
    await this['runner'].release();
  }
}
`,
  },
];

valid.push(
  {
    name: 'neo4j: field passed to a closer declared in the same file',
    code: `
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
async function closeIt(session: Session) {
  await session.close();
}
export class Report {
  private session = driver.session();
  async close() {
    await closeIt(this.session);
  }
}
`,
  },
  {
    name: 'pg: guarded field passed to a synchronous closer, not awaited',
    code: `
import type { Pool, PoolClient } from 'pg';
function releaseIt(client: PoolClient) {
  client.release();
}
export class Batch {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async open() {
    this.client = await this.pool.connect();
  }
  close() {
    if (this.client) releaseIt(this.client);
  }
}
`,
  },
  {
    name: 'neo4j: a local read from the field, passed to a closer',
    code: `
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
async function closeIt(session: Session) {
  await session.close();
}
export class Report {
  private session = driver.session();
  async close() {
    const session = this.session;
    await closeIt(session);
  }
}
`,
  },
);

const invalid: Invalid[] = [
  {
    name: 'neo4j: field passed only to a function that does not release it',
    code: `
import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
function describe(session: Session) {
  return session.lastBookmarks().join(',');
}
export class Report {
  private session = driver.session();
  summary() {
    return describe(this.session);
  }
}
`,
    errors: [
      {
        messageId: 'fieldNeverReleased',
        line: 8,
        column: 3,
        endLine: 8,
        endColumn: 38,
        data: { resource: 'Neo4j session', where: 'field `session` of `Report`', className: 'Report', field: 'session', release: 'close' },
      },
    ],
  },
];

const validTyped: Valid[] = [
  {
    name: 'neo4j: field passed to a closer imported from another file',
    code: `
import neo4j from 'neo4j-driver';
import { closeSession } from './closers.js';
const driver = neo4j.driver('neo4j://localhost');
export class Report {
  private session = driver.session();
  async close() {
    await closeSession(this.session);
  }
}
`,
  },
  {
    name: 'pg: field passed to a synchronous closer imported from another file',
    code: `
import type { Pool, PoolClient } from 'pg';
import { releaseClient } from './closers.js';
export class Batch {
  private client?: PoolClient;
  constructor(private readonly pool: Pool) {}
  async open() {
    this.client = await this.pool.connect();
  }
  close() {
    if (this.client) releaseClient(this.client);
  }
}
`,
  },
];

valid.push({
  name: 'a field of a CommonJS singleton (`module.exports = new OrderService()`) is no-cached-session\'s to judge, not an owning field',
  code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
class OrderService {
  private conn?: PoolClient;
  async client() {
    this.conn ??= await pool.connect();
    return this.conn;
  }
}
module.exports = new OrderService();
`,
});

valid.push({
  name: 'a field released by a base class (`close()` two levels up, `[Symbol.asyncDispose]()`), stored by a subclass',
  code: `import neo4j, { type Session } from 'neo4j-driver';
import { Pool, type PoolClient } from 'pg';
const driver = neo4j.driver('neo4j://localhost');
const pool = new Pool();
abstract class BaseUnit {
  protected session?: Session;
  async close(): Promise<void> {
    await this.session?.close();
  }
}
abstract class AuditedUnit extends BaseUnit {
  protected audit(message: string) {
    console.log(message);
  }
}
export class GraphUnit extends AuditedUnit {
  open(): Session {
    this.session = driver.session();
    return this.session;
  }
}
abstract class Lease {
  protected client?: PoolClient;
  async [Symbol.asyncDispose]() {
    this.client?.release();
  }
}
export class OrderLease extends Lease {
  async begin() {
    this.client = await pool.connect();
    await this.client.query('BEGIN');
  }
}
`,
});
invalid.push({
  name: 'a field no class of the chain releases: the base class only declares it',
  code: `import neo4j, { type Session } from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
abstract class BaseUnit {
  protected session?: Session;
  describe() {
    return this.session === undefined ? 'idle' : 'open';
  }
}
export class GraphUnit extends BaseUnit {
  open(): Session {
    this.session = driver.session();
    return this.session;
  }
}
`,
  errors: [{ messageId: 'fieldNeverReleased', line: 11 }],
});

valid.push({
  name: 'a page kept in a field, opened from a context the class keeps in another field and closes',
  code: `import type { Browser, BrowserContext, Page } from 'playwright-core';
export class CheckoutFlow {
  private context?: BrowserContext;
  private page?: Page;
  constructor(private readonly browser: Browser) {}
  async open() {
    this.context = await this.browser.newContext();
    this.page = await this.context.newPage();
  }
  async close() {
    await this.context?.close();
  }
}
`,
});
invalid.push({
  name: 'a page kept in a field, opened from a browser the class was lent and never closes',
  code: `import type { Browser, Page } from 'playwright-core';
export class CheckoutFlow {
  private page?: Page;
  constructor(private readonly browser: Browser) {}
  async open() {
    this.page = await this.browser.newPage();
  }
  title() {
    return this.page?.title();
  }
}
`,
  errors: [{ messageId: 'fieldNeverReleased', line: 6 }],
});

typed.run('require-session-close (regressions, typed): owning fields', rule, { valid: [...valid, ...validTyped], invalid });
untyped.run('require-session-close (regressions, untyped): owning fields', rule, { valid, invalid });
