import rule from '../../rules/no-cached-session.js';
import { createRuleTesterUntyped, createRuleTesterWithTypes } from '../rule-tester.js';

const typed = createRuleTesterWithTypes();
const untyped = createRuleTesterUntyped();

const cases = {
  valid: [
    // Clients are meant to be shared, wherever they live.
    `
import { PrismaClient } from '@prisma/client';
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };
export const prisma = (globalForPrisma.prisma ??= new PrismaClient());
`,
    `
import { Pool } from 'pg';
export const pool = new Pool();
export class Db { static pool = new Pool(); }
`,
    // A session per unit of work, released.
    `
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export async function count() {
  const session = driver.session();
  try { return await session.run('MATCH (n) RETURN count(n)'); } finally { await session.close(); }
}
`,
    // Request-scoped NestJS provider: one instance per request.
    `
import { Injectable, Scope } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
@Injectable({ scope: Scope.REQUEST })
export class UnitOfWork {
  runner: QueryRunner;
  constructor(private readonly ds: DataSource) { this.runner = ds.createQueryRunner(); }
  async close() { await this.runner.release(); }
}
`,
    // An ordinary class created per unit of work may hold its session.
    `
import { DataSource, type QueryRunner } from 'typeorm';
export class Work {
  private runner: QueryRunner;
  constructor(ds: DataSource) { this.runner = ds.createQueryRunner(); }
  async done() { await this.runner.release(); }
}
`,
  ],
  invalid: [
    {
      code: `
import neo4j from 'neo4j-driver';
const driver = neo4j.driver('neo4j://localhost');
export class Graph {
  static session = driver.session();
}
`,
      errors: [{ messageId: 'cachedSession' as const, line: 5, column: 3, endLine: 5, endColumn: 37 }],
    },
    {
      code: `
import { MongoClient, type ClientSession } from 'mongodb';
const client = new MongoClient('mongodb://localhost');
const sessions = new Map<string, ClientSession>();
export function sessionFor(userId: string) {
  const session = client.startSession();
  sessions.set(userId, session);
  return session;
}
`,
      errors: [{ messageId: 'cachedSession' as const, line: 7, column: 3, endLine: 7, endColumn: 33 }],
    },
    {
      code: `
import { DataSource, type QueryRunner } from 'typeorm';
const ds = new DataSource({ type: 'postgres' });
let runner: QueryRunner | undefined;
export function getRunner() {
  runner ??= ds.createQueryRunner();
  return runner;
}
`,
      errors: [{ messageId: 'cachedSession' as const, line: 6, column: 3, endLine: 6, endColumn: 37 }],
    },
    {
      code: `
import { Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
@Injectable()
export class UsersService {
  private runner?: QueryRunner;
  constructor(private readonly ds: DataSource) {}
  async find(id: string) {
    this.runner ??= this.ds.createQueryRunner();
    return this.runner.query('select $1', [id]);
  }
}
`,
      errors: [{ messageId: 'cachedSession' as const, line: 9, column: 5, endLine: 9, endColumn: 49 }],
    },
    {
      code: `
import { chromium, type Page } from 'playwright-core';
export async function open() {
  const browser = await chromium.launch();
  (globalThis as any).page = await browser.newPage();
}
`,
      errors: [{ messageId: 'cachedSession' as const, line: 5, column: 3, endLine: 5, endColumn: 54 }],
    },
  ],
};

typed.run('no-cached-session (typed)', rule, cases);
untyped.run('no-cached-session (untyped)', rule, cases);
