/** A parsed JSON or YAML mapping. */
export type JsonObject = Record<string, unknown>;

/** The value as a mapping (not null, not a list), or undefined: how every reader of parsed input asks for one. */
export function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}

/** Whether the value is a mapping (not null, not a list). */
export function isObject(value: unknown): value is JsonObject {
  return asObject(value) !== undefined;
}
