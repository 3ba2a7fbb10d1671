// Deterministic corpus generator for the benchmark.
//
// generateProject(dir, fileCount, seed) writes a TypeScript project of exactly `fileCount` source
// files under dir/src plus dir/tsconfig.json. The files import pg, typeorm, mongodb and neo4j-driver
// types from the repository's node_modules, call helpers defined in other files, loop, use
// try/finally, and leak sessions at a low rate (the three bug classes next to fixed twins).
// Same seed and count, same bytes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const GENERATOR_VERSION = 3;

/** mulberry32: small, fast, good enough, and deterministic. */
export function createRandom(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    weighted(table) {
      const total = table.reduce((sum, [, weight]) => sum + weight, 0);
      let roll = next() * total;
      for (const [value, weight] of table) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return table[table.length - 1][0];
    },
  };
}

const NOUNS = ['account', 'invoice', 'order', 'merchant', 'payment', 'customer', 'ledger', 'shipment', 'refund', 'product',
  'coupon', 'report', 'tenant', 'user', 'session', 'audit', 'budget', 'contract', 'device', 'event', 'review', 'stock'];
const VERBS = ['load', 'find', 'sync', 'count', 'update', 'archive', 'resolve', 'collect', 'export', 'reconcile', 'score', 'rank'];
const FILE_BYTES_LIMIT = 1 << 20;

const cap = (word) => word[0].toUpperCase() + word.slice(1);

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: ['ES2023', 'ESNext.Disposable'],
    types: ['node'],
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    experimentalDecorators: true,
    noEmit: true,
  },
  include: ['src'],
};

const DB_FILE = `import { Pool, type PoolClient } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { MongoClient, type ClientSession } from 'mongodb';
import neo4j, { type Session } from 'neo4j-driver';

// Shared clients: created once per process, as they should be.
export const pool = new Pool({ connectionString: process.env.DATABASE_URL });
export const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
export const mongo = new MongoClient(process.env.MONGO_URL ?? 'mongodb://localhost');
export const driver = neo4j.driver(process.env.NEO4J_URL ?? 'bolt://localhost', neo4j.auth.basic('neo4j', 'secret'));

/** A session factory: the caller owns the runner it returns. */
export async function openRunner(): Promise<QueryRunner> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  return runner;
}

/** A session factory: the caller owns the client it returns. */
export async function openClient(): Promise<PoolClient> {
  return pool.connect();
}

export function openMongoSession(): ClientSession {
  return mongo.startSession();
}

export function openGraphSession(): Session {
  return driver.session();
}

export function releaseQuietly(client: PoolClient): void {
  try {
    client.release();
  } catch {
    // Already released.
  }
}
`;

/**
 * Writes the project. Returns { files, lines } for the record.
 */
export function generateProject(dir, fileCount, seed) {
  const random = createRandom(seed);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);

  // Exports other files may call: { module, name, kind }
  //   kind 'util'   : (values: number[]) => number                 (pure)
  //   kind 'lookup' : (id: string, runner?: QueryRunner) => Promise<string>  (opens its own runner unless lent)
  //   kind 'query'  : (id: string) => Promise<Row[]>                (borrows a pooled connection, releases it)
  //   kind 'format' : (row: { id: string }) => string               (pure)
  const exportsByKind = { util: [], lookup: [], query: [], format: [] };
  const written = [];
  const write = (relative, text) => {
    if (text.length > FILE_BYTES_LIMIT) throw new Error(`generated file too large: ${relative}`);
    const file = path.join(dir, 'src', relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(text.split('\n').length);
  };

  write('db.ts', DB_FILE);
  const perFolder = 40;
  for (let index = 1; index < fileCount; index += 1) {
    const folder = `feature${String(Math.floor(index / perFolder)).padStart(3, '0')}`;
    const kind = index < 8 ? 'util' : random.weighted([['util', 30], ['repo', 25], ['service', 22], ['job', 10], ['mongo', 6], ['cache', 4], ['nest', 3]]);
    const noun = random.pick(NOUNS);
    const base = `${kind}-${noun}-${index}`;
    const relative = `${folder}/${base}.ts`;
    const toRoot = '../';
    const generator = GENERATORS[kind];
    const { text, exported } = generator({ random, index, noun, toRoot, folder, pickImport: (k) => pickImport(random, exportsByKind[k], folder) });
    write(relative, text);
    for (const entry of exported) exportsByKind[entry.kind].push({ ...entry, module: `${folder}/${base}.js` });
  }
  return { files: written.length, lines: written.reduce((sum, n) => sum + n, 0) };
}

/** Prefer recent exports (locality like real code), sometimes any. */
function pickImport(random, list, folder) {
  if (list.length === 0) return undefined;
  const recent = random.chance(0.7);
  const from = recent ? Math.max(0, list.length - 60) : 0;
  const entry = list[random.int(from, list.length - 1)];
  return entry;
}

function importLine(names, fromFolder, entryModule, toRoot) {
  const [folder, file] = entryModule.split('/');
  const spec = folder === fromFolder ? `./${file}` : `${toRoot}${folder}/${file}`;
  return `import { ${[...new Set(names)].sort().join(', ')} } from '${spec}';`;
}

/** Groups picked helper entries by module into import lines. */
function importsFor(entries, folder, toRoot) {
  const byModule = new Map();
  for (const entry of entries) {
    if (entry === undefined) continue;
    if (!byModule.has(entry.module)) byModule.set(entry.module, []);
    byModule.get(entry.module).push(entry.name);
  }
  return [...byModule.entries()].map(([module, names]) => importLine(names, folder, module, toRoot));
}

const GENERATORS = {
  util({ random, index, noun, folder, toRoot, pickImport }) {
    const Noun = cap(noun);
    const sum = `total${Noun}${index}`;
    const fmt = `format${Noun}${index}`;
    const dep = random.chance(0.6) ? pickImport('util') : undefined;
    const fdep = random.chance(0.3) ? pickImport('format') : undefined;
    const lines = [...importsFor([dep, fdep], folder, toRoot)];
    if (lines.length > 0) lines.push('');
    lines.push(
      `export interface ${Noun}Stats${index} {`,
      '  count: number;',
      '  total: number;',
      '  max: number;',
      `  tags: ReadonlyArray<string>;`,
      '}',
      '',
      `export function ${sum}(values: number[]): number {`,
      '  let total = 0;',
      '  for (let i = 0; i < values.length; i += 1) {',
      `    if (values[i] > ${random.int(10, 900)}) continue;`,
      '    total += values[i];',
      '  }',
      dep ? `  return total + ${dep.name}(values.slice(0, ${random.int(1, 5)}));` : '  return total;',
      '}',
      '',
      `export function ${fmt}(row: { id: string }): string {`,
      fdep ? `  return \`${noun}:\${row.id}:\${${fdep.name}(row)}\`;` : `  return \`${noun}:\${row.id}\`;`,
      '}',
      '',
      `export function summarize${Noun}${index}(values: number[], tags: string[] = []): ${Noun}Stats${index} {`,
      '  const sorted = [...values].sort((a, b) => a - b);',
      '  return {',
      '    count: values.length,',
      `    total: ${sum}(values),`,
      '    max: sorted.length > 0 ? sorted[sorted.length - 1] : 0,',
      `    tags: tags.filter((tag) => tag.length > ${random.int(0, 3)}).map((tag) => tag.toLowerCase()),`,
      '  };',
      '}',
    );
    if (random.chance(0.5)) {
      lines.push(
        '',
        `export const ${noun}Weights${index}: Record<string, number> = {`,
        ...Array.from({ length: random.int(2, 6) }, (_, k) => `  ${random.pick(NOUNS)}${k}: ${random.int(1, 99)},`),
        '};',
      );
    }
    return { text: `${lines.join('\n')}\n`, exported: [{ kind: 'util', name: sum }, { kind: 'format', name: fmt }] };
  },

  repo({ random, index, noun, folder, toRoot, pickImport }) {
    const Noun = cap(noun);
    const Row = `${Noun}Row${index}`;
    const find = `find${Noun}${index}`;
    const lookup = `lookup${Noun}Name${index}`;
    const list = `list${Noun}s${index}`;
    const leakHappyPath = random.chance(0.05);
    const util = random.chance(0.5) ? pickImport('util') : undefined;
    const lines = [
      "import type { QueryRunner } from 'typeorm';",
      '',
      `import { dataSource, pool } from '${toRoot}db.js';`,
      ...importsFor([util], folder, toRoot),
      '',
      `export interface ${Row} {`,
      '  id: string;',
      '  name: string;',
      `  ${random.pick(NOUNS)}Id: string;`,
      '  amount: number;',
      '}',
      '',
    ];
    if (leakHappyPath) {
      lines.push(
        '// leak: released on the happy path only',
        `export async function ${find}(id: string): Promise<${Row} | undefined> {`,
        '  const runner = dataSource.createQueryRunner();',
        '  await runner.connect();',
        `  const rows: ${Row}[] = await runner.query('select * from ${noun}s where id = $1', [id]);`,
        '  await runner.release();',
        '  return rows[0];',
        '}',
      );
    } else {
      lines.push(
        `export async function ${find}(id: string): Promise<${Row} | undefined> {`,
        '  const runner = dataSource.createQueryRunner();',
        '  await runner.connect();',
        '  try {',
        `    const rows: ${Row}[] = await runner.query('select * from ${noun}s where id = $1', [id]);`,
        '    return rows[0];',
        '  } finally {',
        '    await runner.release();',
        '  }',
        '}',
      );
    }
    lines.push(
      '',
      '/** Opens its own query runner unless the caller lends one. */',
      `export async function ${lookup}(id: string, runner?: QueryRunner): Promise<string> {`,
      '  const own = runner ?? dataSource.createQueryRunner();',
      '  try {',
      `    const rows: { name: string }[] = await own.query('select name from ${noun}s where id = $1', [id]);`,
      "    return rows[0]?.name ?? 'unknown';",
      '  } finally {',
      '    if (!runner) await own.release();',
      '  }',
      '}',
      '',
      `export async function ${list}(id: string): Promise<${Row}[]> {`,
      `  const { rows } = await pool.query<${Row}>('select * from ${noun}s where owner = $1', [id]);`,
      util ? `  if (${util.name}(rows.map((row) => row.amount)) < 0) return [];` : '  if (rows.length === 0) return [];',
      '  return rows;',
      '}',
    );
    return {
      text: `${lines.join('\n')}\n`,
      exported: [{ kind: 'lookup', name: lookup }, { kind: 'query', name: list }],
    };
  },

  service({ random, index, noun, folder, toRoot, pickImport }) {
    const Noun = cap(noun);
    const lookupA = pickImport('lookup');
    const lookupB = random.chance(0.5) ? pickImport('lookup') : undefined;
    const query = pickImport('query');
    const util = pickImport('util');
    const fmt = random.chance(0.5) ? pickImport('format') : undefined;
    const loopLeak = random.chance(0.06);
    const concurrentLeak = random.chance(0.03);
    const lines = [
      `import { dataSource } from '${toRoot}db.js';`,
      ...importsFor([lookupA, lookupB, query, util, fmt], folder, toRoot),
      '',
      `interface ${Noun}Line${index} {`,
      '  id: string;',
      '  refId: string;',
      '  amount: number;',
      '}',
      '',
    ];
    const describe = `describe${Noun}s${index}`;
    if (lookupA === undefined) {
      lines.push(`export function ${describe}(rows: ${Noun}Line${index}[]): string[] {`, '  return rows.map((row) => row.id);', '}');
    } else if (loopLeak) {
      lines.push(
        '// leak: one query runner per row, through the helper',
        `export async function ${describe}(rows: ${Noun}Line${index}[]): Promise<string[]> {`,
        '  const out: string[] = [];',
        '  for (const row of rows) {',
        `    out.push(\`\${row.id}: \${await ${lookupA.name}(row.refId)} \${row.amount}\`);`,
        '  }',
        '  return out;',
        '}',
      );
    } else {
      lines.push(
        `export async function ${describe}(rows: ${Noun}Line${index}[]): Promise<string[]> {`,
        '  const runner = dataSource.createQueryRunner();',
        '  try {',
        '    const out: string[] = [];',
        '    for (const row of rows) {',
        `      if (row.amount <= ${random.int(0, 50)}) continue;`,
        `      out.push(\`\${row.id}: \${await ${lookupA.name}(row.refId, runner)}\`);`,
        '    }',
        '    return out;',
        '  } finally {',
        '    await runner.release();',
        '  }',
        '}',
      );
    }
    if (lookupB !== undefined) {
      lines.push('');
      if (concurrentLeak) {
        lines.push(
          '// leak: every row holds a session at the same moment',
          `export async function ${describe}AtOnce(rows: ${Noun}Line${index}[]): Promise<string[]> {`,
          `  return Promise.all(rows.map(async (row) => \`\${row.id}: \${await ${lookupB.name}(row.refId)}\`));`,
          '}',
        );
      } else {
        lines.push(
          `export async function ${describe}One(row: ${Noun}Line${index}): Promise<string> {`,
          `  return \`\${row.id}: \${await ${lookupB.name}(row.refId)}\`;`,
          '}',
        );
      }
    }
    if (query !== undefined) {
      lines.push(
        '',
        `export async function ${random.pick(VERBS)}${Noun}Totals${index}(ids: string[]): Promise<number> {`,
        '  let total = 0;',
        '  for (const id of ids) {',
        `    const rows = await ${query.name}(id);`,
        util ? `    total += ${util.name}(rows.map((row) => row.amount));` : '    total += rows.length;',
        fmt ? `    if (rows.length > 0) console.log(${fmt.name}(rows[0]));` : '    if (rows.length > 0) console.log(rows[0].id);',
        '  }',
        '  return total;',
        '}',
      );
    }
    return { text: `${lines.join('\n')}\n`, exported: [] };
  },

  job({ random, index, noun, folder, toRoot, pickImport }) {
    const Noun = cap(noun);
    const earlyReturnLeak = random.chance(0.06);
    const util = random.chance(0.5) ? pickImport('util') : undefined;
    const lines = [
      "import type { PoolClient } from 'pg';",
      '',
      `import { openClient, pool, releaseQuietly } from '${toRoot}db.js';`,
      ...importsFor([util], folder, toRoot),
      '',
    ];
    if (earlyReturnLeak) {
      lines.push(
        '// leak: the early return skips the release',
        `export async function run${Noun}Batch${index}(batchId: string): Promise<number> {`,
        '  const client = await pool.connect();',
        `  const { rows } = await client.query('select id from ${noun}s where batch = $1', [batchId]);`,
        '  if (rows.length === 0) {',
        '    return 0;',
        '  }',
        '  try {',
        `    for (const row of rows) await client.query('update ${noun}s set done = true where id = $1', [row.id]);`,
        '    return rows.length;',
        '  } finally {',
        '    client.release();',
        '  }',
        '}',
      );
    } else {
      lines.push(
        `export async function run${Noun}Batch${index}(batchId: string): Promise<number> {`,
        '  const client = await pool.connect();',
        '  try {',
        `    const { rows } = await client.query('select id, amount from ${noun}s where batch = $1', [batchId]);`,
        '    for (const row of rows) {',
        `      await client.query('update ${noun}s set done = true where id = $1', [row.id]);`,
        '    }',
        util ? `    return ${util.name}(rows.map((row) => Number(row.amount)));` : '    return rows.length;',
        '  } finally {',
        '    releaseQuietly(client);',
        '  }',
        '}',
      );
    }
    lines.push(
      '',
      `async function step${index}(client: PoolClient, id: number): Promise<void> {`,
      `  await client.query('select pg_advisory_lock($1)', [id]);`,
      '}',
      '',
      `export async function process${Noun}Queue${index}(ids: number[]): Promise<void> {`,
      '  const client = await openClient();',
      '  try {',
      "    await client.query('begin');",
      `    for (const id of ids) await step${index}(client, id);`,
      "    await client.query('commit');",
      '  } catch (error) {',
      "    await client.query('rollback');",
      '    throw error;',
      '  } finally {',
      '    client.release();',
      '  }',
      '}',
    );
    return { text: `${lines.join('\n')}\n`, exported: [] };
  },

  mongo({ random, index, noun, toRoot }) {
    const Noun = cap(noun);
    const leak = random.chance(0.08);
    const lines = [
      "import type { ClientSession, Document } from 'mongodb';",
      '',
      `import { driver, mongo, openMongoSession } from '${toRoot}db.js';`,
      '',
      `export async function move${Noun}${index}(from: string, to: string): Promise<void> {`,
      '  const session = openMongoSession();',
      '  try {',
      '    await session.withTransaction(async () => {',
      `      const items = mongo.db('app').collection<Document>('${noun}s');`,
      "      await items.updateOne({ _id: from as never }, { $inc: { count: -1 } }, { session });",
      "      await items.updateOne({ _id: to as never }, { $inc: { count: 1 } }, { session });",
      '    });',
      '  } finally {',
      '    await session.endSession();',
      '  }',
      '}',
      '',
    ];
    if (leak) {
      lines.push(
        '// leak: the graph session is never closed',
        `export async function count${Noun}Nodes${index}(): Promise<number> {`,
        '  const session = driver.session();',
        "  const result = await session.run('MATCH (n) RETURN count(n) AS c');",
        "  return result.records[0].get('c').toNumber();",
        '}',
      );
    } else {
      lines.push(
        `export async function count${Noun}Nodes${index}(): Promise<number> {`,
        '  const session = driver.session();',
        '  try {',
        "    const result = await session.run('MATCH (n) RETURN count(n) AS c');",
        "    return result.records[0].get('c').toNumber();",
        '  } finally {',
        '    await session.close();',
        '  }',
        '}',
      );
    }
    lines.push(
      '',
      `export async function with${Noun}Session${index}<T>(work: (session: ClientSession) => Promise<T>): Promise<T> {`,
      '  return mongo.withSession(work);',
      '}',
    );
    return { text: `${lines.join('\n')}\n`, exported: [] };
  },

  cache({ random, index, noun, toRoot }) {
    const Noun = cap(noun);
    const leak = random.chance(0.3);
    const lines = [
      "import type { QueryRunner } from 'typeorm';",
      '',
      `import { dataSource, openRunner } from '${toRoot}db.js';`,
      '',
    ];
    if (leak) {
      lines.push(
        '// leak: runners cached for the life of the process',
        'const runners = new Map<string, QueryRunner>();',
        '',
        `export function runnerFor${Noun}${index}(tenant: string): QueryRunner {`,
        '  let runner = runners.get(tenant);',
        '  if (runner === undefined) {',
        '    runner = dataSource.createQueryRunner();',
        '    runners.set(tenant, runner);',
        '  }',
        '  return runner;',
        '}',
      );
    } else {
      lines.push(
        `const ${noun}Names${index} = new Map<string, string>();`,
        '',
        `export async function cached${Noun}Name${index}(id: string): Promise<string> {`,
        `  const hit = ${noun}Names${index}.get(id);`,
        '  if (hit !== undefined) return hit;',
        '  const runner = await openRunner();',
        '  try {',
        `    const rows: { name: string }[] = await runner.query('select name from ${noun}s where id = $1', [id]);`,
        "    const name = rows[0]?.name ?? 'unknown';",
        `    ${noun}Names${index}.set(id, name);`,
        '    return name;',
        '  } finally {',
        '    await runner.release();',
        '  }',
        '}',
      );
    }
    return { text: `${lines.join('\n')}\n`, exported: [] };
  },

  nest({ random, index, noun, toRoot }) {
    const Noun = cap(noun);
    const leak = random.chance(0.3);
    const lines = [
      "import { Injectable } from '@nestjs/common';",
      "import { DataSource, type QueryRunner } from 'typeorm';",
      '',
    ];
    if (leak) {
      lines.push(
        '// leak: a singleton provider caches a runner',
        '@Injectable()',
        `export class ${Noun}Service${index} {`,
        '  private runner?: QueryRunner;',
        '',
        '  constructor(private readonly dataSource: DataSource) {}',
        '',
        `  async findAll(): Promise<unknown[]> {`,
        '    this.runner ??= this.dataSource.createQueryRunner();',
        `    return this.runner.query('select * from ${noun}s');`,
        '  }',
        '}',
      );
    } else {
      lines.push(
        '@Injectable()',
        `export class ${Noun}Service${index} {`,
        '  constructor(private readonly dataSource: DataSource) {}',
        '',
        `  async findAll(): Promise<unknown[]> {`,
        `    return this.dataSource.query('select * from ${noun}s');`,
        '  }',
        '',
        `  async findOne(id: string): Promise<unknown> {`,
        '    const runner: QueryRunner = this.dataSource.createQueryRunner();',
        '    try {',
        `      const rows: unknown[] = await runner.query('select * from ${noun}s where id = $1', [id]);`,
        '      return rows[0];',
        '    } finally {',
        '      await runner.release();',
        '    }',
        '  }',
        '}',
      );
    }
    void toRoot;
    return { text: `${lines.join('\n')}\n`, exported: [] };
  },
};
