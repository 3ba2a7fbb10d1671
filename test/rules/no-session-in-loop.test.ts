import rule from '../../rules/no-session-in-loop.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

const typed = createRuleTesterWithTypes();
const untyped = createRuleTesterUntyped();

typed.run('no-session-in-loop (typed, openers across files)', rule, {
  valid: [
    // The client is lent: loadAccountName passes it through to loadAccount's guard parameter.
    `
import { pool } from './loop/pool.js';
import { loadAccountName } from './loop/account-name.js';
export async function render(ids: string[]) {
  const client = await pool.connect();
  try {
    for (const id of ids) await loadAccountName(id, client);
  } finally {
    client.release();
  }
}
`,
    // Defined in the loop, never called there.
    `
import { pool } from './loop/pool.js';
export function handlers(ids: string[]) {
  const list = [];
  for (const id of ids) list.push(() => pool.connect());
  return list;
}
`,
    // One-shot pool queries hold no session.
    `
import { pool } from './loop/pool.js';
export async function names(ids: string[]) {
  for (const id of ids) await pool.query('select 1 where $1', [id]);
}
`,
  ],
  invalid: [
    {
      code: `
import { loadAccountName } from './loop/account-name.js';
export async function render(ids: string[]) {
  for (const id of ids) await loadAccountName(id);
}
`,
      errors: [
        {
          messageId: 'openerInLoop',
          line: 4,
          column: 31,
          endLine: 4,
          endColumn: 50,
          data: {
            callee: 'loadAccountName',
            chain: 'loadAccountName → loadAccount → pool.connect()',
            resource: 'pooled client',
            loop: '`for…of` loop',
            wrapper: '',
          },
        },
      ],
    },
    {
      code: `
import { loadAccountLabel } from './loop/account-name.js';
export async function render(ids: string[]) {
  return Promise.all(ids.map(async (id) => loadAccountLabel(id)));
}
`,
      errors: [
        {
          messageId: 'openerConcurrently',
          line: 4,
          column: 44,
          endLine: 4,
          endColumn: 64,
          data: {
            callee: 'loadAccountLabel',
            chain: 'loadAccountLabel → loadAccount → pool.connect()',
            resource: 'pooled client',
            loop: '`map` callback',
            wrapper: 'Promise.all',
          },
        },
      ],
    },
    {
      code: `
import { pool } from './loop/pool.js';
export async function render(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try { await client.query('select $1', [id]); } finally { client.release(); }
  }
}
`,
      errors: [{ messageId: 'acquiredInLoop', line: 5, column: 26, endLine: 5, endColumn: 40 }],
    },
  ],
});

untyped.run('no-session-in-loop (untyped)', rule, {
  valid: [
    `
import { Pool } from 'pg';
const pool = new Pool();
async function loadAccount(id: string, client?: import('pg').PoolClient) {
  const own = client ?? (await pool.connect());
  try { return await own.query('select $1', [id]); } finally { if (!client) own.release(); }
}
export async function render(ids: string[]) {
  const client = await pool.connect();
  try { for (const id of ids) await loadAccount(id, client); } finally { client.release(); }
}
`,
  ],
  invalid: [
    {
      code: `
import { Pool } from 'pg';
const pool = new Pool();
async function loadAccount(id: string, client?: import('pg').PoolClient) {
  const own = client ?? (await pool.connect());
  try { return await own.query('select $1', [id]); } finally { if (!client) own.release(); }
}
export async function render(ids: string[]) {
  for (const id of ids) await loadAccount(id);
}
`,
      errors: [{ messageId: 'openerInLoop', line: 9, column: 31, endLine: 9, endColumn: 46 }],
    },
  ],
});
