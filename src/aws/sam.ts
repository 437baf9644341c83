import type { NodeRef, Stack } from '../graph/values.js';

/**
 * A section of a SAM template's `Globals` (`Function`, `Api` …), as a node to read with `graph.get`, or undefined
 * when the template has none. SAM copies these properties into every resource of that kind that does not set them.
 */
export function samGlobals(stack: Stack, section: string): NodeRef | undefined {
  const template = stack.template.value as Record<string, unknown> | null;
  const globals = template?.['Globals'];
  const value = globals && typeof globals === 'object' ? (globals as Record<string, unknown>)[section] : undefined;
  return value && typeof value === 'object' && !Array.isArray(value) ? { stack, pointer: `/Globals/${section}`, value } : undefined;
}
