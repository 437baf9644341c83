import type { Resource, Stack } from '../graph/values.js';
import { creationSiteOf } from '../load/creation-stack.js';
import { frameworkOriginOf } from '../load/framework-origin.js';
import type { Finding } from '../model/types.js';

/**
 * The CDK-only fields of a finding: `source` (where user code created the construct) and `origin` (the CDK
 * framework made the resource). Both come from the cloud assembly's metadata; a plain template gets neither.
 */
export function cdkFieldsOf(resource: Resource | null, stack: Stack | null): Pick<Finding, 'source' | 'origin'> {
  if (!stack?.constructs) return {};
  const constructPath = resource ? resource.constructPath : stack.constructPath;
  const out: Pick<Finding, 'source' | 'origin'> = {};
  const source = creationSiteOf(stack.constructs, constructPath, stack.constructPath);
  if (source) out.source = source;
  const origin = resource ? frameworkOriginOf(constructPath, stack.constructPath, stack.constructs) : undefined;
  if (origin) out.origin = origin;
  return out;
}
