import type { Spec } from './types.js';

const TO = `import { DataSource, type QueryRunner } from 'typeorm';
const dataSource = new DataSource({ type: 'postgres' });
`;

const SHAPES: Record<string, string> = {
  'if (!runner)': `async function findName(id: string, runner?: QueryRunner) {
  let own: QueryRunner | undefined;
  if (!runner) {
    own = dataSource.createQueryRunner();
    runner = own;
  }
  try { return await runner.query('select name from users where id = $1', [id]); } finally { await own?.release(); }
}
`,
  'runner ?? acquire': `async function findName(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
`,
  'if (runner) return …; acquire': `async function findName(id: string, runner?: QueryRunner) {
  if (runner) return runner.query('select name from users where id = $1', [id]);
  const own = dataSource.createQueryRunner();
  try { return await own.query('select name from users where id = $1', [id]); } finally { await own.release(); }
}
`,
  'parameter default': `async function findName(id: string, runner: QueryRunner = dataSource.createQueryRunner()) {
  return runner.query('select name from users where id = $1', [id]);
}
`,
  'options object opts?.runner ?? acquire': `async function findName(id: string, opts?: { runner?: QueryRunner }) {
  const active = opts?.runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!opts?.runner) await active.release(); }
}
`,
  'destructured options { runner } = {}': `async function findName(id: string, { runner }: { runner?: QueryRunner } = {}) {
  const active = runner ?? dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (!runner) await active.release(); }
}
`,
  'runner ? runner : acquire': `async function findName(id: string, runner?: QueryRunner) {
  const active = runner ? runner : dataSource.createQueryRunner();
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (active !== runner) await active.release(); }
}
`,
  'runner === undefined ? acquire : runner': `async function findName(id: string, runner?: QueryRunner) {
  const active = runner === undefined ? dataSource.createQueryRunner() : runner;
  try { return await active.query('select name from users where id = $1', [id]); } finally { if (active !== runner) await active.release(); }
}
`,
  'if (runner == null)': `async function findName(id: string, runner?: QueryRunner | null) {
  let active = runner;
  if (runner == null) active = dataSource.createQueryRunner();
  try { return await active!.query('select name from users where id = $1', [id]); } finally { if (active !== runner) await active!.release(); }
}
`,
  'runner ??= acquire': `async function findName(id: string, runner?: QueryRunner) {
  const lent = runner !== undefined;
  runner ??= dataSource.createQueryRunner();
  try { return await runner.query('select name from users where id = $1', [id]); } finally { if (!lent) await runner.release(); }
}
`,
};

const lend = (shape: string) => (shape.startsWith('options') || shape.startsWith('destructured') ? '{ runner }' : 'runner');

export const guards: Spec[] = Object.entries(SHAPES).flatMap(([shape, fn]): Spec[] => [
  { section: 'guards', name: `guard ${shape}: runner lent in the loop`, code: `${TO}${fn}export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    for (const id of ids) await findName(id, ${lend(shape)});
  } finally {
    await runner.release();
  }
}
` },
  { section: 'guards', name: `guard ${shape}: no runner lent in the loop`, expect: ['findName(id)'], code: `${TO}${fn}export async function names(ids: string[]) {
  for (const id of ids) await findName(id);
}
` },
]);

guards.push(
  { section: 'guards', name: 'guard: explicit undefined does not lend', expect: ['findName(id, undefined)'], code: `${TO}${SHAPES['runner ?? acquire']}export async function names(ids: string[]) {
  for (const id of ids) await findName(id, undefined);
}
` },
  { section: 'guards', name: 'guard: void 0 does not lend', expect: ['findName(id, void 0)'], code: `${TO}${SHAPES['runner ?? acquire']}export async function names(ids: string[]) {
  return Promise.all(ids.map(async (id) => findName(id, void 0)));
}
` },
  { section: 'guards', name: 'guard: passed straight through a wrapper, lent', code: `${TO}${SHAPES['runner ?? acquire']}async function findLabel(id: string, runner?: QueryRunner) {
  return '#' + (await findName(id, runner));
}
export async function labels(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { for (const id of ids) await findLabel(id, runner); } finally { await runner.release(); }
}
` },
  { section: 'guards', name: 'guard: passed straight through a wrapper, not lent', expect: ['findLabel(id)'], code: `${TO}${SHAPES['runner ?? acquire']}async function findLabel(id: string, runner?: QueryRunner) {
  return '#' + (await findName(id, runner));
}
export async function labels(ids: string[]) {
  for (const id of ids) await findLabel(id);
}
` },
  { section: 'guards', name: 'guard: wrapper passes opts.runner through', code: `${TO}${SHAPES['runner ?? acquire']}async function findLabel(id: string, opts: { runner?: QueryRunner } = {}) {
  return '#' + (await findName(id, opts.runner));
}
export async function labels(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { for (const id of ids) await findLabel(id, { runner }); } finally { await runner.release(); }
}
` },
  { section: 'guards', name: 'guard: wrapper never lends, so lending to the wrapper does not help', expect: ['findLabel(id, runner)'], code: `${TO}${SHAPES['runner ?? acquire']}async function findLabel(id: string, runner?: QueryRunner) {
  return '#' + (await findName(id));
}
export async function labels(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { for (const id of ids) await findLabel(id, runner); } finally { await runner.release(); }
}
` },
  { section: 'guards', name: 'guard: an unguarded second acquisition still opens when the runner is lent', expect: ['audit(id, runner)'], code: `${TO}async function audit(id: string, runner?: QueryRunner) {
  const active = runner ?? dataSource.createQueryRunner();
  const log = dataSource.createQueryRunner();
  try {
    await active.query('select $1', [id]);
    await log.query('insert into audit values ($1)', [id]);
  } finally {
    await log.release();
    if (!runner) await active.release();
  }
}
export async function auditAll(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { for (const id of ids) await audit(id, runner); } finally { await runner.release(); }
}
` },
  { section: 'guards', name: 'guard: acquisition in the held branch is not guarded', expect: ['findName(id, runner)'], code: `${TO}async function findName(id: string, runner?: QueryRunner) {
  if (runner) {
    const extra = dataSource.createQueryRunner();
    await extra.release();
  }
  return id;
}
export async function names(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { for (const id of ids) await findName(id, runner); } finally { await runner.release(); }
}
` },
  { section: 'guards', name: 'guard: the guard is a later parameter (pg client ?? pool.connect())', code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function rename(id: string, name: string, client?: PoolClient) {
  const own = client ?? (await pool.connect());
  try { await own.query('update users set name = $2 where id = $1', [id, name]); } finally { if (!client) own.release(); }
}
export async function renameAll(names: Map<string, string>) {
  const client = await pool.connect();
  try { for (const [id, name] of names) await rename(id, name, client); } finally { client.release(); }
}
` },
  { section: 'guards', name: 'guard: the guard is a later parameter, omitted', expect: ['rename(id, name)'], code: `import { Pool, type PoolClient } from 'pg';
const pool = new Pool();
async function rename(id: string, name: string, client?: PoolClient) {
  const own = client ?? (await pool.connect());
  try { await own.query('update users set name = $2 where id = $1', [id, name]); } finally { if (!client) own.release(); }
}
export async function renameAll(names: Map<string, string>) {
  for (const [id, name] of names) await rename(id, name);
}
` },
);
