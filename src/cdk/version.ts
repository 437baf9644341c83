import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This package's version, read from its package.json on first use (never at import). */
export function packageVersion(): string {
  cached ??= findVersion();
  return cached;
}

function findVersion(): string {
  // dist/cdk/version.js → ../../package.json; dist/cjs/cdk/version.js → ../../../package.json; src/cdk → ../../.
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const value = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: unknown; version?: unknown };
      if (value.name === 'stackwarden' && typeof value.version === 'string') return value.version;
    } catch {
      // Not there: try the next.
    }
  }
  return '0.0.0';
}
