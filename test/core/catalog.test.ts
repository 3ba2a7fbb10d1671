import { describe, expect, it } from 'vitest';

import {
  BUILTIN_CATALOG,
  createCatalog,
  getPackageName,
  isLibraryPackage,
  SettingsError,
  type LibraryEntry,
  type SessionLeaksSettings,
} from '../../src/core/catalog.js';

function entry(library: string): LibraryEntry {
  const found = BUILTIN_CATALOG.find((candidate) => candidate.library === library);
  if (found === undefined) throw new Error(`no built-in entry for ${library}`);
  return found;
}

/** Settings that are invalid on purpose: the type would reject them, users' config files do not. */
function invalid(settings: unknown): SessionLeaksSettings {
  return settings as SessionLeaksSettings;
}

function settingsError(settings: unknown): SettingsError {
  try {
    createCatalog(invalid(settings));
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return error as SettingsError;
  }
  throw new Error('createCatalog accepted invalid settings');
}

describe('createCatalog: built-in catalog', () => {
  it('has every library named in the product', () => {
    const names = createCatalog(undefined).libraries.map((library) => library.library);
    expect(names).toEqual(
      expect.arrayContaining([
        'typeorm',
        'pg',
        'mysql2',
        'mongodb',
        'mongoose',
        'neo4j-driver',
        'knex',
        'sequelize',
        'prisma',
        'mikro-orm',
        'playwright',
        'puppeteer',
        'ioredis',
        'redis',
        'generic-pool',
      ]),
    );
    expect(names).toHaveLength(15);
    expect(new Set(names).size).toBe(names.length);
  });

  it('every built-in entry has packages and well-formed acquisitions', () => {
    for (const library of BUILTIN_CATALOG) {
      expect(library.packages.length, library.library).toBeGreaterThan(0);
      expect(library.acquire.length, library.library).toBeGreaterThan(0);
      for (const spec of library.acquire) {
        expect(['client', 'session'], `${library.library}.${spec.name}`).toContain(spec.kind);
        expect(['call', 'method', 'new'], `${library.library}.${spec.name}`).toContain(spec.form);
        expect(Array.isArray(spec.release), `${library.library}.${spec.name}`).toBe(true);
        // A method acquisition needs receiver types to match against.
        if (spec.form === 'method') expect(spec.on?.length, `${library.library}.${spec.name}`).toBeGreaterThan(0);
      }
    }
  });

  it('without settings: the built-in entries, no closers, and the name sets', () => {
    const catalog = createCatalog(undefined);
    expect(catalog.libraries).toEqual(BUILTIN_CATALOG);
    expect(catalog.closers.size).toBe(0);
    for (const name of ['connect', 'getConnection', 'createQueryRunner', 'startSession', 'session', 'newPage', 'Pool', 'PrismaClient']) {
      expect(catalog.acquireNames.has(name), name).toBe(true);
    }
    for (const name of ['release', 'end', 'destroy', 'endSession', 'close', '$disconnect', 'quit', 'releaseConnection', 'rollbackTransaction']) {
      expect(catalog.releaseNames.has(name), name).toBe(true);
    }
    expect(catalog.acquireNames.has('query')).toBe(false);
  });

  it('empty settings give the built-in catalog', () => {
    expect(createCatalog({}).libraries).toEqual(BUILTIN_CATALOG);
  });

  it('does not mutate the built-in catalog when settings add libraries', () => {
    const before = BUILTIN_CATALOG.length;
    createCatalog({ factories: [{ name: 'getDb', release: ['close'] }] });
    expect(BUILTIN_CATALOG).toHaveLength(before);
  });

  it('the mikro-orm fork has nothing to release', () => {
    const fork = entry('mikro-orm').acquire.find((spec) => spec.name === 'fork');
    expect(fork?.release).toEqual([]);
  });
});

describe('createCatalog: user settings', () => {
  it('adds user libraries after the built-in ones, with their names', () => {
    const acme: LibraryEntry = {
      library: 'acme-db',
      packages: ['@acme/db'],
      acquire: [
        { resource: 'Acme session', kind: 'session', form: 'method', name: 'openSession', on: ['AcmeDb'], release: ['shutDown'] },
      ],
    };
    const catalog = createCatalog({ libraries: [acme] });
    expect(catalog.libraries.at(-1)).toEqual(acme);
    expect(catalog.libraries).toHaveLength(BUILTIN_CATALOG.length + 1);
    expect(catalog.acquireNames.has('openSession')).toBe(true);
    expect(catalog.releaseNames.has('shutDown')).toBe(true);
  });

  it('turns factories into a "project" library of call acquisitions', () => {
    const catalog = createCatalog({
      factories: [
        { name: 'getDb', release: ['close'], kind: 'client' },
        { name: 'beginWork', release: ['commit', 'rollback'], rollback: ['rollback'], module: './db' },
        { name: 'openThing', release: ['dispose'], resource: 'thing' },
      ],
    });
    const project = catalog.libraries.find((library) => library.library === 'project');
    expect(project?.packages).toEqual([]);
    expect(project?.acquire).toHaveLength(3);
    const [getDb, beginWork, openThing] = project!.acquire;
    expect(getDb).toMatchObject({ name: 'getDb', form: 'call', kind: 'client', resource: 'session', release: ['close'], anySource: true });
    expect(getDb.module).toBeUndefined();
    expect(beginWork).toMatchObject({
      name: 'beginWork',
      kind: 'session',
      resource: 'transaction',
      rollback: ['rollback'],
      anySource: false,
      module: './db',
    });
    expect(openThing).toMatchObject({ resource: 'thing', kind: 'session' });
    for (const name of ['getDb', 'beginWork', 'openThing']) expect(catalog.acquireNames.has(name), name).toBe(true);
    for (const name of ['close', 'commit', 'rollback', 'dispose']) expect(catalog.releaseNames.has(name), name).toBe(true);
  });

  it('an empty factories list adds no library', () => {
    expect(createCatalog({ factories: [] }).libraries.some((library) => library.library === 'project')).toBe(false);
  });

  it('closers become a set', () => {
    const catalog = createCatalog({ closers: ['safeClose', 'closeQuietly'] });
    expect([...catalog.closers].sort()).toEqual(['closeQuietly', 'safeClose']);
  });
});

describe('createCatalog: invalid settings', () => {
  it('settings that are not an object', () => {
    expect(settingsError(null).message).toContain('must be an object');
    expect(settingsError('pg').message).toContain('must be an object');
  });

  it('an unknown key is named', () => {
    const error = settingsError({ librarys: [] });
    expect(error.message).toContain('unknown key "librarys"');
  });

  it('a library without packages names its index', () => {
    const error = settingsError({ libraries: [{ library: 'acme', acquire: [] }] });
    expect(error.message).toContain('settings["session-leaks"].libraries[0]');
    expect(error.message).toContain('"packages"');
  });

  it('a library whose name is not a string', () => {
    expect(settingsError({ libraries: [{ library: 1, packages: [], acquire: [] }] }).message).toContain('libraries[0]');
  });

  it('an acquisition with an unknown form names the acquisition', () => {
    const error = settingsError({
      libraries: [
        { library: 'ok', packages: ['ok'], acquire: [] },
        { library: 'acme', packages: ['acme'], acquire: [{ name: 'open', form: 'function', kind: 'session', release: [] }] },
      ],
    });
    expect(error.message).toContain('libraries[1].acquire[0]');
    expect(error.message).toContain('"form"');
  });

  it('an acquisition without a name', () => {
    const error = settingsError({
      libraries: [{ library: 'acme', packages: ['acme'], acquire: [{ form: 'call', kind: 'session', release: [] }] }],
    });
    expect(error.message).toContain('libraries[0].acquire[0]');
    expect(error.message).toContain('"name"');
  });

  it('a staleness that is not `{ why, shared }` names `.staleness`', () => {
    for (const staleness of [null, 'stale', { why: 'expired' }, { why: 1, shared: 'pool' }]) {
      const error = settingsError({ libraries: [{ library: 'acme', packages: ['acme'], acquire: [], staleness }] });
      expect(error.message).toContain('libraries[0].staleness');
    }
    expect(() => createCatalog({ libraries: [{ library: 'acme', packages: ['acme'], acquire: [], staleness: { why: 'it expires', shared: 'client' } }] })).not.toThrow();
  });

  it('a releaseWith that is not an array names `.releaseWith`', () => {
    const error = settingsError({
      libraries: [{ library: 'acme', packages: ['acme'], acquire: [{ name: 'borrow', form: 'method', kind: 'session', release: [], releaseWith: 'giveBack' }] }],
    });
    expect(error.message).toContain('libraries[0].acquire[0].releaseWith');
  });

  it('an acquisition with an unknown kind names `.kind`', () => {
    const error = settingsError({
      libraries: [{ library: 'acme', packages: ['acme'], acquire: [{ name: 'open', form: 'call', kind: 'pool', release: [] }] }],
    });
    expect(error.message).toContain('libraries[0].acquire[0].kind');
  });

  it('an acquisition whose release is not an array names `.release`', () => {
    const error = settingsError({
      libraries: [{ library: 'acme', packages: ['acme'], acquire: [{ name: 'open', form: 'call', kind: 'client', release: 'close' }] }],
    });
    expect(error.message).toContain('libraries[0].acquire[0].release');
  });

  it('a factory without release names its index', () => {
    const error = settingsError({ factories: [{ name: 'getDb', release: ['close'] }, { name: 'openDb' }] });
    expect(error.message).toContain('settings["session-leaks"].factories[1]');
    expect(error.message).toContain('"release"');
  });

  it('a factory without a name', () => {
    expect(settingsError({ factories: [{ release: ['close'] }] }).message).toContain('factories[0]');
  });

  it('closers that are not all strings', () => {
    expect(settingsError({ closers: ['safeClose', 42] }).message).toContain('settings["session-leaks"].closers');
  });
});

describe('isLibraryPackage', () => {
  it('matches a listed package and its @types twin', () => {
    expect(isLibraryPackage(entry('pg'), 'pg')).toBe(true);
    expect(isLibraryPackage(entry('pg'), 'pg-pool')).toBe(true);
    expect(isLibraryPackage(entry('pg'), '@types/pg')).toBe(true);
    expect(isLibraryPackage(entry('pg'), '@types/pg-pool')).toBe(true);
  });

  it('does not match other packages that share a prefix', () => {
    expect(isLibraryPackage(entry('pg'), 'pgx')).toBe(false);
    expect(isLibraryPackage(entry('pg'), '@types/pgx')).toBe(false);
    expect(isLibraryPackage(entry('mongodb'), 'mongoose')).toBe(false);
    expect(isLibraryPackage(entry('redis'), 'ioredis')).toBe(false);
    expect(isLibraryPackage(entry('ioredis'), 'redis')).toBe(false);
  });

  it('a trailing slash matches the whole scope', () => {
    expect(isLibraryPackage(entry('mikro-orm'), '@mikro-orm/postgresql')).toBe(true);
    expect(isLibraryPackage(entry('mikro-orm'), '@mikro-orm/core')).toBe(true);
    expect(isLibraryPackage(entry('mikro-orm'), '@mikro-orm')).toBe(false);
    expect(isLibraryPackage(entry('mikro-orm'), 'mikro-orm')).toBe(false);
  });

  it('a scoped package and its @types twin (`@types/scope__name`)', () => {
    expect(isLibraryPackage(entry('prisma'), '@prisma/client')).toBe(true);
    expect(isLibraryPackage(entry('prisma'), '@types/prisma__client')).toBe(true);
    expect(isLibraryPackage(entry('redis'), '@redis/client')).toBe(true);
    expect(isLibraryPackage(entry('sequelize'), '@sequelize/core')).toBe(true);
  });

  it('works on user entries too', () => {
    const acme: LibraryEntry = { library: 'acme', packages: ['@acme/db'], acquire: [] };
    expect(isLibraryPackage(acme, '@acme/db')).toBe(true);
    expect(isLibraryPackage(acme, '@acme/dbx')).toBe(false);
  });
});

describe('getPackageName', () => {
  it('keeps the scope and drops subpaths', () => {
    expect(getPackageName('pg')).toBe('pg');
    expect(getPackageName('pg/lib/client')).toBe('pg');
    expect(getPackageName('@mikro-orm/postgresql')).toBe('@mikro-orm/postgresql');
    expect(getPackageName('@mikro-orm/postgresql/dist/index.js')).toBe('@mikro-orm/postgresql');
  });
});
