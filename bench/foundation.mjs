// The three rules of the foundation (one per layer: a property rule, a resolved list, an assembly fact). The
// benchmarks time them apart from the full rule set, to separate the engine's own cost from the rules'.
import { rules } from '../dist/index.js';

const IDS = new Set(['s3/block-public-access', 'iam/no-managed-policies', 'cfn/termination-protection']);

export const foundation = rules.filter((r) => IDS.has(r.id));
// A renamed rule would silently drop out of the timings.
if (foundation.length !== IDS.size)
  throw new Error(`foundation rules missing: ${[...IDS].filter((id) => !foundation.some((r) => r.id === id)).join(', ')}`);
