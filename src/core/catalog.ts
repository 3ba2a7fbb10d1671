/**
 * The catalog: per library, which calls acquire which kind of resource and which calls release it.
 * It is data only. Typed detection matches a call's resolved declaration (package, container, name);
 * untyped detection matches imports, traced receivers and, for distinctive method names, the name in a
 * file that imports the library. Users extend it through `settings["session-leaks"]`.
 */

export type ResourceKind = 'client' | 'session';

/**
 * - `new`: `new Name(…)` of a class exported by the package.
 * - `call`: a function exported by the package (`createPool(…)`, `neo4j.driver(…)`), or a static
 *   method when `via` names the class (`MongoClient.connect(…)`).
 * - `method`: `receiver.name(…)` where the receiver is one of the `on` types.
 */
export type AcquireForm = 'call' | 'method' | 'new';

export interface AcquireSpec {
  /** Human name of what is acquired, used in messages ("pooled client", "query runner"). */
  readonly resource: string;
  readonly kind: ResourceKind;
  readonly form: AcquireForm;
  readonly name: string;
  /** `method`: declaring types (typed) and the types a traced receiver may hold (untyped). */
  readonly on?: readonly string[];
  /** Import bindings the call may be made through (`chromium.launch`, `puppeteer.launch`, `MongoClient.connect`). */
  readonly via?: readonly string[];
  /** The type name the acquisition yields, so receivers bound to it can be traced untyped. */
  readonly produces?: string;
  /** Methods of the resource that release it; empty when the library has no release (`em.fork()`). */
  readonly release: readonly string[];
  /** The release methods return nothing to await (pg's `client.release()`). */
  readonly syncRelease?: boolean;
  /** Methods of another object that release the resource passed as their first argument. */
  readonly releaseWith?: readonly string[];
  /** Unmanaged transaction: the failure path must call one of these. */
  readonly rollback?: readonly string[];
  /** Releasing the receiver the resource was acquired from also releases it (`browser.close()` closes its pages). */
  readonly closedWithParent?: boolean;
  /** The resource is the receiver itself (TypeORM `queryRunner.startTransaction()`). */
  readonly receiverIsResource?: boolean;
  /**
   * Begun on a connection or session the caller already holds (a transaction on a query runner, a
   * MongoDB or neo4j session, a mysql2 connection): one per loop iteration is a batch on that
   * connection, not a checkout per iteration, so `no-session-in-loop` does not report it.
   */
  readonly onHeldConnection?: boolean;
  /** Calls on the resource that may come before the protecting `try` (they hold nothing when they fail). */
  readonly setup?: readonly string[];
  /**
   * Set-up calls before which the resource holds nothing (pg's `new Client()` opens no socket until
   * `connect()`): a throw before the first of them leaves nothing behind, and one never set up nor
   * passed on in the function holds nothing there.
   */
  readonly heldFrom?: readonly string[];
  /**
   * Methods whose result keeps the resource alive and in use (MongoClient `db()`), or is the resource
   * itself once set up (MongoClient `connect()`, Mongoose `asPromise()`, which resolve to it): storing,
   * returning or handing on what they return hands the resource on with it (`cachedDb = client.db('app')`
   * in a lazy getter, `return client.connect()`), and the call itself does not fail holding anything
   * (a handle is only built; a failed set-up call holds nothing).
   */
  readonly handles?: readonly string[];
  /**
   * Properties, or methods called without arguments, of the resource that are true exactly while it
   * is held: a release under such a test (`if (runner.isTransactionActive) await runner.rollbackTransaction()`)
   * releases on every path where there is something to release.
   */
  readonly heldWhen?: readonly string[];
  /** The same, true exactly once it is released (`if (!runner.isReleased) await runner.release()`). */
  readonly releasedWhen?: readonly string[];
  /**
   * Properties that only read what the resource was made from and hold nothing when the resource has
   * not been used (TypeORM's lazily connecting query runner: `ds.createQueryRunner('master').connection`):
   * such a read straight off the call is not an acquisition.
   */
  readonly inert?: readonly string[];
  /** A function argument makes it callback-scoped: not an acquisition (`knex.transaction(cb)`). */
  readonly scopedWhenCallback?: boolean;
  /**
   * With `scopedWhenCallback`: the callback never comes among the first this-many arguments
   * (`MongoClient.connect(url, [options], callback)`), and only a certain function counts (a function
   * expression, a function of the file, or, typed, a value with call signatures), not an identifier of
   * unknown type, which there is more likely the options.
   */
  readonly callbackAfter?: number;
  /**
   * Callback-scoped, but the callback is handed the resource as this parameter, after the error, and
   * must release it (`pool.getConnection((err, conn) => { … conn.release(); })`); nothing is held when
   * the error is set.
   */
  readonly callbackResource?: number;
  /**
   * With `callbackResource`: the callback parameter at this index is a function whose call releases
   * the resource (pg's `pool.connect((err, client, done) => { … done(); })`).
   */
  readonly callbackRelease?: number;
  /**
   * A callback-scoped API: the library acquires and releases around the callback. Never something the
   * caller must release; `no-session-in-loop` reports it per iteration only with `checkScopedTransactions`.
   */
  readonly scoped?: boolean;
  /** Untyped: the method name alone identifies it anywhere (`prisma.$transaction`). */
  readonly uniqueName?: boolean;
  /** Untyped: the method name alone identifies it in a file that imports the library. */
  readonly distinctive?: boolean;
  /** `call` and `new`: the package's default export is the function or class itself (`knex(…)`, `new Redis()`). */
  readonly defaultExport?: boolean;
  /** `new`: match the class name from any import source (generated clients such as Prisma). */
  readonly anySource?: boolean;
  /** `call` with `via`: typed detection requires a static method. */
  readonly isStatic?: boolean;
  /** User factories: only calls of a binding imported from this module (any source when omitted). */
  readonly module?: string;
}

export interface LibraryEntry {
  readonly library: string;
  /** Package names (an `@types/` twin is implied); a trailing `/` matches a scope or prefix. */
  readonly packages: readonly string[];
  readonly acquire: readonly AcquireSpec[];
  /**
   * What goes wrong, in production terms, when one of its sessions outlives its unit of work, and what
   * to share instead (`no-cached-session`'s message); SQL pools' wording when omitted.
   */
  readonly staleness?: Staleness;
}

export interface Staleness {
  readonly why: string;
  readonly shared: string;
}

/** SQL pools and data sources, and any library that does not say (a user's own entry, a factory). */
export const DEFAULT_STALENESS: Staleness = {
  why: 'the pool reclaims the connection or the worker\'s event loop closes ("Event loop is closed"), and concurrent callers share one session and its transaction',
  shared: 'pool or data source',
};

const BROWSER_STALENESS: Staleness = { why: 'the page or context may be closed or crashed, and every later caller shares its state', shared: 'browser' };

const SERVER_SESSION_STALENESS: Staleness = {
  why: 'the server expires the session ("session not found"), and concurrent callers share one session and its transaction',
  shared: 'client or driver',
};

const PLAYWRIGHT_BROWSER_TYPES = ['chromium', 'firefox', 'webkit'];

export const BUILTIN_CATALOG: readonly LibraryEntry[] = [
  {
    library: 'pg',
    packages: ['pg', 'pg-pool'],
    acquire: [
      { resource: 'pg pool', kind: 'client', form: 'new', name: 'Pool', produces: 'Pool', release: ['end'] },
      { resource: 'pg client', kind: 'client', form: 'new', name: 'Client', produces: 'Client', release: ['end'], setup: ['connect'], heldFrom: ['connect'] },
      {
        resource: 'pooled client',
        kind: 'session',
        form: 'method',
        name: 'connect',
        on: ['Pool'],
        produces: 'PoolClient',
        release: ['release'],
        syncRelease: true,
        scopedWhenCallback: true,
        callbackResource: 1,
        callbackRelease: 2,
      },
    ],
  },
  {
    library: 'mysql2',
    packages: ['mysql2'],
    acquire: [
      { resource: 'mysql2 pool', kind: 'client', form: 'call', name: 'createPool', produces: 'Pool', release: ['end'] },
      {
        resource: 'mysql2 pool cluster',
        kind: 'client',
        form: 'call',
        name: 'createPoolCluster',
        produces: 'PoolCluster',
        release: ['end'],
      },
      {
        resource: 'mysql2 connection',
        kind: 'client',
        form: 'call',
        name: 'createConnection',
        produces: 'Connection',
        release: ['end', 'destroy'],
      },
      {
        resource: 'pooled connection',
        kind: 'session',
        form: 'method',
        name: 'getConnection',
        on: ['Pool', 'PoolCluster', 'PromisePool', 'PromisePoolCluster'],
        produces: 'PoolConnection',
        release: ['release', 'destroy'],
        syncRelease: true,
        releaseWith: ['releaseConnection'],
        scopedWhenCallback: true,
        callbackResource: 1,
        distinctive: true,
      },
      {
        // Releasing the connection does not end its transaction (mysql2 does not reset a connection
        // it takes back): the next borrower inherits it. The callback form nests its own callbacks.
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: 'beginTransaction',
        on: ['Connection', 'PoolConnection'],
        produces: 'PoolConnection',
        release: ['commit', 'rollback', 'destroy'],
        rollback: ['rollback', 'destroy'],
        receiverIsResource: true,
        scopedWhenCallback: true,
        onHeldConnection: true,
      },
    ],
  },
  {
    library: 'typeorm',
    packages: ['typeorm'],
    acquire: [
      {
        resource: 'TypeORM data source',
        kind: 'client',
        form: 'new',
        name: 'DataSource',
        produces: 'DataSource',
        release: ['destroy'],
        setup: ['initialize'],
        // `initialize()` resolves to the data source itself: `return dataSource.initialize()` hands it on.
        handles: ['initialize'],
      },
      {
        resource: 'query runner',
        kind: 'session',
        form: 'method',
        name: 'createQueryRunner',
        on: ['DataSource', 'Connection'],
        produces: 'QueryRunner',
        release: ['release'],
        setup: ['connect', 'startTransaction'],
        releasedWhen: ['isReleased'],
        // A runner connects on `connect()` or its first query: one made only to read these holds nothing.
        inert: ['connection', 'dataSource'],
        distinctive: true,
      },
      {
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: 'startTransaction',
        on: ['QueryRunner', 'BaseQueryRunner', 'PostgresQueryRunner', 'MysqlQueryRunner', 'AbstractSqliteQueryRunner'],
        produces: 'QueryRunner',
        release: ['commitTransaction', 'rollbackTransaction'],
        rollback: ['rollbackTransaction'],
        receiverIsResource: true,
        heldWhen: ['isTransactionActive'],
        onHeldConnection: true,
      },
      {
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: 'transaction',
        on: ['DataSource', 'EntityManager', 'Connection'],
        release: [],
        scoped: true,
        distinctive: true,
      },
    ],
  },
  {
    library: 'mongodb',
    staleness: SERVER_SESSION_STALENESS,
    packages: ['mongodb'],
    acquire: [
      {
        resource: 'MongoDB client',
        kind: 'client',
        form: 'new',
        name: 'MongoClient',
        produces: 'MongoClient',
        release: ['close'],
        setup: ['connect'],
        // `connect()` resolves to the client itself: `return client.connect()` hands the client on.
        handles: ['db', 'connect'],
      },
      {
        resource: 'MongoDB client',
        kind: 'client',
        form: 'call',
        name: 'connect',
        via: ['MongoClient'],
        isStatic: true,
        produces: 'MongoClient',
        release: ['close'],
        handles: ['db'],
        // The callback form of drivers before 5.0 (`MongoClient.connect(url, (err, client) => { … })`)
        // hands the client to the callback, which must close it.
        scopedWhenCallback: true,
        callbackAfter: 1,
        callbackResource: 1,
      },
      {
        resource: 'MongoDB session',
        kind: 'session',
        form: 'method',
        name: 'startSession',
        on: ['MongoClient'],
        produces: 'ClientSession',
        release: ['endSession'],
        setup: ['startTransaction'],
        releasedWhen: ['hasEnded'],
        distinctive: true,
      },
      {
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: 'startTransaction',
        on: ['ClientSession'],
        produces: 'ClientSession',
        release: ['commitTransaction', 'abortTransaction', 'endSession'],
        rollback: ['abortTransaction', 'endSession'],
        receiverIsResource: true,
        heldWhen: ['inTransaction'],
        onHeldConnection: true,
      },
      {
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: 'withTransaction',
        on: ['ClientSession'],
        release: [],
        scoped: true,
        distinctive: true,
      },
      {
        resource: 'MongoDB session',
        kind: 'session',
        form: 'method',
        name: 'withSession',
        on: ['MongoClient'],
        release: [],
        scoped: true,
        distinctive: true,
      },
    ],
  },
  {
    library: 'mongoose',
    staleness: SERVER_SESSION_STALENESS,
    packages: ['mongoose'],
    acquire: [
      {
        resource: 'Mongoose connection',
        kind: 'client',
        form: 'call',
        name: 'createConnection',
        via: ['mongoose'],
        produces: 'Connection',
        release: ['close', 'destroy'],
        // `asPromise()` resolves to the connection once it is open; a failed one holds nothing.
        setup: ['asPromise'],
        handles: ['asPromise'],
      },
      {
        resource: 'MongoDB session',
        kind: 'session',
        form: 'method',
        name: 'startSession',
        on: ['Mongoose', 'Connection', 'Model', 'SessionStarter', 'mongoose'],
        via: ['mongoose'],
        produces: 'ClientSession',
        release: ['endSession'],
        setup: ['startTransaction'],
        releasedWhen: ['hasEnded'],
        distinctive: true,
      },
      {
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: 'transaction',
        on: ['Connection'],
        release: [],
        scoped: true,
      },
    ],
  },
  {
    library: 'neo4j-driver',
    staleness: SERVER_SESSION_STALENESS,
    packages: ['neo4j-driver', 'neo4j-driver-core'],
    acquire: [
      {
        resource: 'Neo4j driver',
        kind: 'client',
        form: 'call',
        name: 'driver',
        via: ['neo4j'],
        produces: 'Driver',
        release: ['close'],
      },
      {
        resource: 'Neo4j session',
        kind: 'session',
        form: 'method',
        name: 'session',
        on: ['Driver'],
        produces: 'Session',
        release: ['close'],
        // The session connects lazily: a transaction that fails to begin holds nothing of it.
        setup: ['beginTransaction'],
      },
      {
        resource: 'Neo4j session',
        kind: 'session',
        form: 'method',
        name: 'rxSession',
        on: ['Driver'],
        produces: 'RxSession',
        release: ['close'],
        setup: ['beginTransaction'],
      },
      {
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: 'beginTransaction',
        on: ['Session'],
        produces: 'Transaction',
        release: ['commit', 'rollback', 'close'],
        rollback: ['rollback', 'close'],
        closedWithParent: true,
        heldWhen: ['isOpen'],
        onHeldConnection: true,
      },
      ...['executeRead', 'executeWrite', 'readTransaction', 'writeTransaction'].map(
        (name): AcquireSpec => ({
          resource: 'transaction',
          kind: 'session',
          form: 'method',
          name,
          on: ['Session'],
          release: [],
          scoped: true,
          distinctive: true,
        }),
      ),
    ],
  },
  {
    library: 'knex',
    packages: ['knex'],
    acquire: [
      {
        resource: 'Knex instance',
        kind: 'client',
        form: 'call',
        name: 'knex',
        defaultExport: true,
        produces: 'Knex',
        release: ['destroy'],
      },
      {
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: 'transaction',
        on: ['Knex', 'Transaction'],
        produces: 'Transaction',
        release: ['commit', 'rollback'],
        rollback: ['rollback'],
        releasedWhen: ['isCompleted'],
        scopedWhenCallback: true,
        distinctive: true,
      },
    ],
  },
  {
    library: 'sequelize',
    packages: ['sequelize', '@sequelize/core', 'sequelize-typescript'],
    acquire: [
      {
        resource: 'Sequelize instance',
        kind: 'client',
        form: 'new',
        name: 'Sequelize',
        defaultExport: true,
        produces: 'Sequelize',
        release: ['close'],
      },
      {
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: 'transaction',
        on: ['Sequelize'],
        produces: 'Transaction',
        release: ['commit', 'rollback'],
        rollback: ['rollback'],
        // `'commit'` or `'rollback'` once it has ended, `undefined` before.
        releasedWhen: ['finished'],
        scopedWhenCallback: true,
        distinctive: true,
      },
    ],
  },
  {
    library: 'prisma',
    packages: ['@prisma/client', '.prisma/client'],
    acquire: [
      {
        resource: 'Prisma client',
        kind: 'client',
        form: 'new',
        name: 'PrismaClient',
        produces: 'PrismaClient',
        release: ['$disconnect'],
        anySource: true,
      },
      {
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: '$transaction',
        on: ['PrismaClient'],
        release: [],
        scoped: true,
        uniqueName: true,
      },
    ],
  },
  {
    library: 'mikro-orm',
    packages: ['@mikro-orm/'],
    acquire: [
      {
        resource: 'MikroORM instance',
        kind: 'client',
        form: 'call',
        name: 'init',
        via: ['MikroORM'],
        isStatic: true,
        produces: 'MikroORM',
        release: ['close'],
      },
      {
        resource: 'forked entity manager',
        kind: 'session',
        form: 'method',
        name: 'fork',
        on: ['EntityManager', 'SqlEntityManager', 'MongoEntityManager'],
        produces: 'EntityManager',
        release: [],
        distinctive: true,
      },
      {
        // `em.begin()` holds a connection in the manager's transaction context until `commit()` or `rollback()`.
        resource: 'transaction',
        kind: 'session',
        form: 'method',
        name: 'begin',
        on: ['EntityManager', 'SqlEntityManager', 'MongoEntityManager'],
        produces: 'EntityManager',
        release: ['commit', 'rollback'],
        rollback: ['rollback'],
        receiverIsResource: true,
        heldWhen: ['isInTransaction'],
      },
    ],
  },
  {
    library: 'playwright',
    staleness: BROWSER_STALENESS,
    packages: ['playwright-core', 'playwright', '@playwright/test'],
    acquire: [
      ...['launch', 'connect', 'connectOverCDP'].map(
        (name): AcquireSpec => ({
          resource: 'browser',
          kind: 'client',
          form: 'method',
          name,
          on: ['BrowserType'],
          via: PLAYWRIGHT_BROWSER_TYPES,
          produces: 'Browser',
          release: ['close'],
          heldWhen: ['isConnected'],
        }),
      ),
      {
        resource: 'persistent browser context',
        kind: 'client',
        form: 'method',
        name: 'launchPersistentContext',
        on: ['BrowserType'],
        via: PLAYWRIGHT_BROWSER_TYPES,
        produces: 'BrowserContext',
        release: ['close'],
      },
      {
        resource: 'browser context',
        kind: 'session',
        form: 'method',
        name: 'newContext',
        on: ['Browser'],
        produces: 'BrowserContext',
        release: ['close'],
        closedWithParent: true,
        distinctive: true,
      },
      {
        resource: 'page',
        kind: 'session',
        form: 'method',
        name: 'newPage',
        on: ['Browser', 'BrowserContext'],
        produces: 'Page',
        release: ['close'],
        releasedWhen: ['isClosed'],
        closedWithParent: true,
        distinctive: true,
      },
    ],
  },
  {
    library: 'puppeteer',
    staleness: BROWSER_STALENESS,
    packages: ['puppeteer-core', 'puppeteer'],
    acquire: [
      {
        resource: 'browser',
        kind: 'client',
        form: 'method',
        name: 'launch',
        on: ['PuppeteerNode', 'Puppeteer'],
        // `puppeteer.launch()`, and `ns.default.launch()` on a namespace import (`import * as ns`).
        via: ['puppeteer', 'launch', 'default'],
        produces: 'Browser',
        release: ['close'],
        heldWhen: ['isConnected', 'connected'],
      },
      {
        resource: 'browser',
        kind: 'client',
        form: 'method',
        name: 'connect',
        on: ['PuppeteerNode', 'Puppeteer'],
        via: ['puppeteer', 'connect', 'default'],
        produces: 'Browser',
        release: ['close', 'disconnect'],
        heldWhen: ['isConnected', 'connected'],
      },
      // `import { launch, connect } from 'puppeteer'`: the named exports, bound to the default instance.
      { resource: 'browser', kind: 'client', form: 'call', name: 'launch', produces: 'Browser', release: ['close'], heldWhen: ['isConnected', 'connected'] },
      {
        resource: 'browser',
        kind: 'client',
        form: 'call',
        name: 'connect',
        produces: 'Browser',
        release: ['close', 'disconnect'],
        heldWhen: ['isConnected', 'connected'],
      },
      {
        resource: 'page',
        kind: 'session',
        form: 'method',
        name: 'newPage',
        on: ['Browser', 'BrowserContext'],
        produces: 'Page',
        release: ['close'],
        releasedWhen: ['isClosed'],
        closedWithParent: true,
        distinctive: true,
      },
      ...['createBrowserContext', 'createIncognitoBrowserContext'].map(
        (name): AcquireSpec => ({
          resource: 'browser context',
          kind: 'session',
          form: 'method',
          name,
          on: ['Browser'],
          produces: 'BrowserContext',
          release: ['close'],
          closedWithParent: true,
          distinctive: true,
        }),
      ),
    ],
  },
  {
    library: 'generic-pool',
    staleness: {
      why: 'it stays borrowed, so the pool has one resource fewer for everyone else, and concurrent callers share it and its state',
      shared: 'pool',
    },
    packages: ['generic-pool'],
    acquire: [
      {
        // Whatever the pool's factory makes (a connection, a browser): only the pool takes it back, and
        // a borrowed one never given back is a slot lost until the pool is exhausted.
        resource: 'pooled resource',
        kind: 'session',
        form: 'method',
        name: 'acquire',
        on: ['Pool'],
        release: [],
        releaseWith: ['release', 'destroy'],
        distinctive: true,
      },
      {
        resource: 'pooled resource',
        kind: 'session',
        form: 'method',
        name: 'use',
        on: ['Pool'],
        release: [],
        scoped: true,
      },
    ],
  },
  {
    library: 'ioredis',
    packages: ['ioredis'],
    acquire: [
      {
        resource: 'Redis client',
        kind: 'client',
        form: 'new',
        name: 'Redis',
        defaultExport: true,
        produces: 'Redis',
        release: ['quit', 'disconnect'],
      },
      {
        resource: 'Redis cluster client',
        kind: 'client',
        form: 'new',
        name: 'Cluster',
        produces: 'Cluster',
        release: ['quit', 'disconnect'],
      },
      {
        // The static factory kept from ioredis 3 (`Redis.createClient(port, host)`): `new Redis(…)` by another name.
        resource: 'Redis client',
        kind: 'client',
        form: 'call',
        name: 'createClient',
        via: ['Redis'],
        isStatic: true,
        produces: 'Redis',
        release: ['quit', 'disconnect'],
      },
      {
        resource: 'Redis client',
        kind: 'client',
        form: 'method',
        name: 'duplicate',
        on: ['Redis', 'Cluster'],
        produces: 'Redis',
        release: ['quit', 'disconnect'],
      },
    ],
  },
  {
    library: 'redis',
    packages: ['redis', '@redis/client'],
    acquire: [
      ...['createClient', 'createCluster'].map(
        (name): AcquireSpec => ({
          resource: 'Redis client',
          kind: 'client',
          form: 'call',
          name,
          produces: 'RedisClientType',
          release: ['quit', 'disconnect', 'close', 'destroy'],
          // A failed connect() has closed its socket (the default reconnect strategy never fails it).
          setup: ['connect'],
          // A client's `connect()` resolves to the client itself (a cluster's to nothing).
          ...(name === 'createClient' ? { handles: ['connect'] } : {}),
        }),
      ),
      {
        resource: 'Redis client',
        kind: 'client',
        form: 'method',
        name: 'duplicate',
        on: ['RedisClient', 'RedisClientType', 'Commander'],
        produces: 'RedisClientType',
        release: ['quit', 'disconnect', 'close', 'destroy'],
        setup: ['connect'],
        handles: ['connect'],
      },
    ],
  },
];

/**
 * A test runner's fixture protocol: `test.extend({ name: async (deps, use) => { …; await use(value); … } })`.
 * `use` resolves once the tests that used the value are done, failed or not, so the teardown after
 * it runs on every path.
 */
export interface TestFixtureProtocol {
  readonly runner: string;
  /** Packages the extended test object comes from. */
  readonly packages: readonly string[];
  /** The method whose object argument maps fixture names to fixture functions (or `[fn, options]`). */
  readonly method: string;
  /** The fixture function's parameter that hands the value to the tests. */
  readonly useParameter: number;
  /** Calls whose function argument is a test or hook receiving the fixtures as its first parameter. */
  readonly testCalls: readonly string[];
  /** Fixtures created for each test and closed after it: what a test opens from them closes with them. */
  readonly perTest: readonly string[];
  /**
   * A failing test or fixture ends its worker process, and with it everything the fixture opened
   * (Playwright Test discards the worker after a failure), so a throw in a fixture leaks nothing.
   */
  readonly failureEndsWorker?: boolean;
}

export const BUILTIN_TEST_FIXTURES: readonly TestFixtureProtocol[] = [
  {
    runner: 'Playwright Test',
    packages: ['@playwright/test'],
    method: 'extend',
    useParameter: 1,
    testCalls: ['test'],
    perTest: ['context', 'page'],
    failureEndsWorker: true,
  },
  { runner: 'Vitest', packages: ['vitest'], method: 'extend', useParameter: 1, testCalls: ['test', 'it'], perTest: [] },
];

/**
 * A class decorator of a dependency-injection framework whose classes get one instance for the whole
 * process (one per application container), so that their instance fields outlive every unit of work.
 */
export interface SingletonDecorator {
  /** What such a class is called in messages ("NestJS provider"). */
  readonly what: string;
  /** Packages the decorator is imported from (a trailing `/` matches every package of a scope). */
  readonly packages: readonly string[];
  /** The decorator's exported name (it also counts under another local name). */
  readonly name: string;
  /** How the decorator's arguments choose another lifetime; without it, every use is a singleton. */
  readonly scope?: {
    /** The property of the decorator's object argument that sets the lifetime (`{ scope: Scope.REQUEST }`). */
    readonly property?: string;
    /** Or the positional argument that does (`@injectable('Request')`). */
    readonly argument?: number;
    /** Values that mean one instance: a string's text, the last name of `Scope.DEFAULT`, or `false`. */
    readonly singleton: readonly string[];
    /** Whether leaving the lifetime out means one instance. */
    readonly byDefault: boolean;
  };
}

const NEST_SCOPE = { property: 'scope', singleton: ['DEFAULT'], byDefault: true } as const;

export const BUILTIN_SINGLETON_DECORATORS: readonly SingletonDecorator[] = [
  { what: 'NestJS provider', packages: ['@nestjs/'], name: 'Injectable', scope: NEST_SCOPE },
  { what: 'NestJS controller', packages: ['@nestjs/'], name: 'Controller', scope: NEST_SCOPE },
  { what: 'NestJS resolver', packages: ['@nestjs/'], name: 'Resolver', scope: NEST_SCOPE },
  {
    what: 'Angular root service',
    packages: ['@angular/core'],
    name: 'Injectable',
    scope: { property: 'providedIn', singleton: ['root', 'platform'], byDefault: false },
  },
  { what: 'tsyringe singleton', packages: ['tsyringe'], name: 'singleton' },
  {
    what: 'TypeDI service',
    packages: ['typedi'],
    name: 'Service',
    // `@Service({ transient: true })` makes one per injection.
    scope: { property: 'transient', singleton: ['false'], byDefault: true },
  },
  {
    what: 'InversifyJS singleton',
    packages: ['inversify', '@inversifyjs/'],
    name: 'injectable',
    scope: { argument: 0, singleton: ['Singleton'], byDefault: false },
  },
];

/** A project function the user declares as a session factory: calling it acquires a resource. */
export interface FactorySetting {
  readonly name: string;
  readonly kind?: ResourceKind;
  readonly release: readonly string[];
  readonly rollback?: readonly string[];
  /** Only calls of a binding imported from this module (any source when omitted). */
  readonly module?: string;
  readonly resource?: string;
}

/** `settings["session-leaks"]`, shared by the ESLint rules and the auditor. */
export interface SessionLeaksSettings {
  readonly libraries?: readonly LibraryEntry[];
  readonly factories?: readonly FactorySetting[];
  /** Names of project functions that release the resource passed as their first argument. */
  readonly closers?: readonly string[];
}

/**
 * A container call that makes one instance of a class for the whole process: InversifyJS
 * `container.bind(Repo).toSelf().inSingletonScope()`, tsyringe `container.registerSingleton(Repo)`.
 * The class is found in one of three places, tried in this order: the fluent chain the call ends
 * (`chain`), an argument of the call (`classArgument`), or a property of that argument when it is an
 * object literal (`classProperty`).
 */
export interface SingletonBinding {
  /** What such a class is called in messages; the same words as the framework's decorator. */
  readonly what: string;
  /** Packages the container comes from (a trailing `/` matches every package of a scope). */
  readonly packages: readonly string[];
  /** The method whose call registers the binding (`inSingletonScope`, `registerSingleton`, `register`). */
  readonly method: string;
  /**
   * The class is the first argument of an earlier call of the chain: of one of `to` (`.to(Repo)`),
   * or, when the chain has one of `self` (`.toSelf()`), of one of `bind` (`bind(Repo)`).
   */
  readonly chain?: { readonly to: readonly string[]; readonly self: readonly string[]; readonly bind: readonly string[] };
  /** The argument that holds the class (`-1`: the last). */
  readonly classArgument?: number;
  /** When that argument is an object literal, its property that holds the class (`{ useClass: Repo }`). */
  readonly classProperty?: string;
  /**
   * When an option, not the method, chooses the lifetime: the object argument and property that
   * hold it, and the values (a string's text or the last name of `Lifecycle.Singleton`) that mean
   * one instance. Without the option the binding makes an instance per resolution.
   */
  readonly lifetime?: { readonly argument: number; readonly property: string; readonly singleton: readonly string[] };
}

export const BUILTIN_SINGLETON_BINDINGS: readonly SingletonBinding[] = [
  {
    what: 'InversifyJS singleton',
    packages: ['inversify', '@inversifyjs/'],
    method: 'inSingletonScope',
    chain: { to: ['to'], self: ['toSelf'], bind: ['bind', 'rebind', 'rebindSync'] },
  },
  { what: 'tsyringe singleton', packages: ['tsyringe'], method: 'registerSingleton', classArgument: -1 },
  {
    what: 'tsyringe singleton',
    packages: ['tsyringe'],
    method: 'register',
    classArgument: 1,
    classProperty: 'useClass',
    // `Lifecycle.ContainerScoped` is one instance per container, and apps make a child container per
    // request for exactly that: only `Singleton` is one per process.
    lifetime: { argument: 2, property: 'lifecycle', singleton: ['Singleton'] },
  },
];

export interface Catalog {
  readonly libraries: readonly LibraryEntry[];
  readonly closers: ReadonlySet<string>;
  /** Every acquiring name, for the cheap syntactic gate before any tracing. */
  readonly acquireNames: ReadonlySet<string>;
  /** The acquire specs of each name with their entries, in catalog order (`connect` is pg's, mysql2's, …). */
  readonly acquireSpecs: ReadonlyMap<string, readonly (readonly [LibraryEntry, AcquireSpec])[]>;
  readonly releaseNames: ReadonlySet<string>;
  /** The `releaseWith` names: methods that release the resource passed to them (`pool.release(resource)`). */
  readonly releaseWithNames: ReadonlySet<string>;
  /**
   * Matches text that contains an acquire, release or closer name as a whole identifier (or a string
   * key, `db['connect']`): not inside a longer name, so `extends` and `sendMail` do not count as `end`.
   * Identifier characters include `$` (`prisma.$transaction`).
   */
  readonly namePattern: RegExp;
  /** Class decorators that make one instance per process. */
  readonly singletonDecorators: readonly SingletonDecorator[];
  /** Container calls that make one instance of a class per process. */
  readonly singletonBindings: readonly SingletonBinding[];
  readonly testFixtures: readonly TestFixtureProtocol[];
}

const USER_LIBRARY = 'project';

/**
 * Builds the catalog from the built-in entries and the user's settings. Invalid settings raise an
 * error that names the offending key, so both front ends can report it as a configuration error.
 */
export function createCatalog(settings: SessionLeaksSettings | undefined): Catalog {
  const libraries: LibraryEntry[] = [...BUILTIN_CATALOG];
  if (settings !== undefined) {
    validateSettings(settings);
    libraries.push(...(settings.libraries ?? []));
    if (settings.factories !== undefined && settings.factories.length > 0) {
      libraries.push({
        library: USER_LIBRARY,
        packages: [],
        acquire: settings.factories.map((factory) => ({
          resource: factory.resource ?? (factory.rollback === undefined ? 'session' : 'transaction'),
          kind: factory.kind ?? 'session',
          form: 'call',
          name: factory.name,
          release: factory.release,
          rollback: factory.rollback,
          anySource: factory.module === undefined,
          module: factory.module,
        })),
      });
    }
  }
  const acquireSpecs = new Map<string, (readonly [LibraryEntry, AcquireSpec])[]>();
  const releaseNames = new Set<string>();
  const releaseWithNames = new Set<string>();
  for (const entry of libraries) {
    for (const spec of entry.acquire) {
      const named = acquireSpecs.get(spec.name);
      if (named === undefined) acquireSpecs.set(spec.name, [[entry, spec]]);
      else named.push([entry, spec]);
      for (const name of spec.release) releaseNames.add(name);
      for (const name of spec.releaseWith ?? []) {
        releaseNames.add(name);
        releaseWithNames.add(name);
      }
    }
  }
  const closers = new Set(settings?.closers ?? []);
  const names = [...acquireSpecs.keys(), ...releaseNames, ...closers];
  const escaped = names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const namePattern = escaped.length === 0 ? /(?!)/ : new RegExp(`(?<![\\w$])(?:${escaped.join('|')})(?![\\w$])`);
  return {
    libraries,
    closers,
    acquireNames: new Set(acquireSpecs.keys()),
    acquireSpecs,
    releaseNames,
    releaseWithNames,
    namePattern,
    singletonDecorators: BUILTIN_SINGLETON_DECORATORS,
    singletonBindings: BUILTIN_SINGLETON_BINDINGS,
    testFixtures: BUILTIN_TEST_FIXTURES,
  };
}

export class SettingsError extends Error {}

function validateSettings(settings: SessionLeaksSettings): void {
  if (typeof settings !== 'object' || settings === null) {
    throw new SettingsError('settings["session-leaks"] must be an object');
  }
  const known = new Set(['libraries', 'factories', 'closers']);
  for (const key of ['libraries', 'factories', 'closers'] as const) {
    const value: unknown = settings[key];
    if (value !== undefined && !Array.isArray(value)) throw new SettingsError(`settings["session-leaks"].${key} must be an array`);
    if (Array.isArray(value) && value.some((item) => item === null || (key !== 'closers' && typeof item !== 'object'))) {
      throw new SettingsError(`settings["session-leaks"].${key} must not contain ${key === 'closers' ? 'null' : 'non-objects'}`);
    }
  }
  for (const key of Object.keys(settings)) {
    if (!known.has(key)) throw new SettingsError(`settings["session-leaks"] has an unknown key "${key}"`);
  }
  for (const [index, entry] of (settings.libraries ?? []).entries()) {
    if (typeof entry.library !== 'string' || !Array.isArray(entry.packages) || !Array.isArray(entry.acquire)) {
      throw new SettingsError(
        `settings["session-leaks"].libraries[${index}] needs "library" (string), "packages" and "acquire" (arrays)`,
      );
    }
    const staleness: unknown = entry.staleness;
    if (
      staleness !== undefined &&
      (staleness === null ||
        typeof staleness !== 'object' ||
        typeof (staleness as Staleness).why !== 'string' ||
        typeof (staleness as Staleness).shared !== 'string')
    ) {
      throw new SettingsError(`settings["session-leaks"].libraries[${index}].staleness needs "why" and "shared" (strings)`);
    }
    for (const [specIndex, spec] of entry.acquire.entries()) {
      const where = `settings["session-leaks"].libraries[${index}].acquire[${specIndex}]`;
      if (spec === null || typeof spec !== 'object') throw new SettingsError(`${where} must be an object`);
      if (typeof spec.name !== 'string' || !['call', 'method', 'new'].includes(spec.form)) {
        throw new SettingsError(`${where} needs "name" and "form" ("call", "method" or "new")`);
      }
      if (spec.kind !== 'client' && spec.kind !== 'session') {
        throw new SettingsError(`${where}.kind must be "client" or "session"`);
      }
      if (!Array.isArray(spec.release)) throw new SettingsError(`${where}.release must be an array of method names`);
      if (spec.releaseWith !== undefined && !Array.isArray(spec.releaseWith)) {
        throw new SettingsError(`${where}.releaseWith must be an array of method names`);
      }
    }
  }
  for (const [index, factory] of (settings.factories ?? []).entries()) {
    if (typeof factory.name !== 'string' || !Array.isArray(factory.release)) {
      throw new SettingsError(
        `settings["session-leaks"].factories[${index}] needs "name" (string) and "release" (array of method names)`,
      );
    }
  }
  if (settings.closers !== undefined && !settings.closers.every((name) => typeof name === 'string')) {
    throw new SettingsError('settings["session-leaks"].closers must be an array of function names');
  }
}

/** Package name of a module specifier or declaration path segment (`@scope/name/sub` → `@scope/name`). */
export function getPackageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

export function isLibraryPackage(entry: LibraryEntry, packageName: string): boolean {
  return isOneOfPackages(entry.packages, packageName);
}

/** Whether a package (or `@types/` package) is one of `packages`; a trailing `/` matches a scope. */
export function isOneOfPackages(packages: readonly string[], packageName: string): boolean {
  const plain = packageName.startsWith('@types/') ? unTypes(packageName) : packageName;
  return packages.some((candidate) => (candidate.endsWith('/') ? plain.startsWith(candidate) : plain === candidate));
}

function unTypes(packageName: string): string {
  const rest = packageName.slice('@types/'.length);
  return rest.includes('__') ? `@${rest.replace('__', '/')}` : rest;
}
