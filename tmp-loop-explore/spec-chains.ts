import type { Spec } from './types.js';

export const chains: Spec[] = [
  { section: 'chains', modes: ['typed'], name: 'three-file chain, runner lent to the first link', code: `import { dataSource } from './loop/data-source.js';
import { buildCustomerReport } from './loop/customer-report.js';
export async function reports(customerIds: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    const out: string[] = [];
    for (const id of customerIds) out.push(await buildCustomerReport(id, runner));
    return out;
  } finally {
    await runner.release();
  }
}
` },
  { section: 'chains', modes: ['typed'], name: 'three-file chain, no runner lent', expect: ['buildCustomerReport(id)'], code: `import { buildCustomerReport } from './loop/customer-report.js';
export async function reports(customerIds: string[]) {
  const out: string[] = [];
  for (const id of customerIds) out.push(await buildCustomerReport(id));
  return out;
}
` },
  { section: 'chains', modes: ['typed'], name: 'four-link chain through a function that never lends', expect: ['printCustomerReport(id)'], code: `import { printCustomerReport } from './loop/customer-report.js';
export function printAll(customerIds: string[]) {
  customerIds.forEach((id) => void printCustomerReport(id));
}
` },
  { section: 'chains', modes: ['typed'], name: 'four-link chain under Promise.all', expect: ['printCustomerReport(id)'], code: `import { printCustomerReport } from './loop/customer-report.js';
export async function printAll(customerIds: string[]) {
  await Promise.all(customerIds.map(async (id) => printCustomerReport(id)));
}
` },
  { section: 'chains', modes: ['typed'], name: 'middle link called directly, runner lent', code: `import { dataSource } from './loop/data-source.js';
import { summarizeOrders } from './loop/order-summary.js';
export async function totals(customerIds: string[]) {
  const runner = dataSource.createQueryRunner();
  try {
    let total = 0;
    for (const id of customerIds) total += await summarizeOrders(id, runner);
    return total;
  } finally {
    await runner.release();
  }
}
` },
  { section: 'chains', modes: ['typed'], name: 'middle link called directly, no runner', expect: ['summarizeOrders(id)'], code: `import { summarizeOrders } from './loop/order-summary.js';
export async function totals(customerIds: string[]) {
  let total = 0;
  for (const id of customerIds) total += await summarizeOrders(id);
  return total;
}
` },
  { section: 'chains', modes: ['typed'], name: 'session factory in another file', expect: ['checkout(pool)'], code: `import { pool } from './loop/pool.js';
import { checkout } from './factories.js';
export async function touchAll(ids: string[]) {
  for (const id of ids) {
    const client = await checkout(pool);
    try { await client.query('select $1', [id]); } finally { client.release(); }
  }
}
` },
  { section: 'chains', modes: ['typed'], name: 'lookup helpers with an early-return guard, lent', code: `import { dataSource } from './loop/data-source.js';
import { findMerchantName } from './loop/lookups.js';
export async function merchants(ids: string[]) {
  const runner = dataSource.createQueryRunner();
  try { return await Promise.all(ids.map(async (id) => findMerchantName(id, runner))); } finally { await runner.release(); }
}
` },
  { section: 'chains', modes: ['typed'], name: 'lookup helpers with an early-return guard, not lent', expect: ['findMerchantName(id)'], code: `import { findMerchantName } from './loop/lookups.js';
export async function merchants(ids: string[]) {
  return Promise.all(ids.map(async (id) => findMerchantName(id)));
}
` },
  { section: 'chains', modes: ['untyped'], name: 'untyped: openers in other files are not followed', code: `import { buildCustomerReport } from './loop/customer-report.js';
import { loadAccountName } from './loop/account-name.js';
export async function reports(customerIds: string[]) {
  for (const id of customerIds) {
    await buildCustomerReport(id);
    await loadAccountName(id);
  }
}
` },
];
