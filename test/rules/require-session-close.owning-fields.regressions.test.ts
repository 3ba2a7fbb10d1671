/**
 * require-session-close, owning fields, regressions: a field read by destructuring `this` or by a
 * string element access and then released counts as released. The tables run typed and untyped.
 */
import type { ValidTestCase } from '@typescript-eslint/rule-tester';

import rule from '../../rules/require-session-close.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

type Valid = ValidTestCase<[]>;

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

typed.run('require-session-close (regressions, typed): owning fields', rule, { valid, invalid: [] });
untyped.run('require-session-close (regressions, untyped): owning fields', rule, { valid, invalid: [] });
