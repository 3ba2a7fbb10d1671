import { readFileSync } from 'node:fs';

/** The package's own manifest, found upwards from this file (runs from `src/` or `src/auditor/` in tests and under `dist/` when built). */
export function readOwnPackageJson(): { name: string; version: string } {
  for (const relative of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'eslint-plugin-session-leaks' && manifest.version !== undefined) {
        return { name: manifest.name, version: manifest.version };
      }
    } catch {
      // Not at this level; try the next one.
    }
  }
  return { name: 'eslint-plugin-session-leaks', version: '0.0.0' };
}
