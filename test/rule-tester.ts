import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { RuleTester } from '@typescript-eslint/rule-tester';

export const FIXTURES_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** Typed: the fixtures project through the project service, so the libraries' real declarations resolve. */
export function createRuleTesterWithTypes(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: FIXTURES_DIR,
      },
    },
  });
}

/** Untyped: typescript-eslint's parser without a program, as in the `recommended` preset. */
export function createRuleTesterUntyped(): RuleTester {
  return new RuleTester();
}
