import type { Stack } from './values.js';
import { asObject } from '../model/json.js';
import { boundedTest } from '../model/regex.js';

type Json = Record<string, unknown>;

/** Longest `AllowedPattern` compiled: a pattern is checked against short candidate values only, but not unboundedly long. */
const MAX_PATTERN_LENGTH = 1024;
/** Longest candidate value a pattern is run on (and each run is time-bounded: `boundedTest`). */
const MAX_CANDIDATE_LENGTH = 64;

/**
 * What CloudFormation lets a deployment pass for a parameter: it rejects a stack whose parameter value is not one
 * of `AllowedValues`, does not match `AllowedPattern` as a whole, or is shorter than `MinLength` / longer than
 * `MaxLength` (string parameters). The default is not among the constraints: a deployment can override it.
 */
export interface ParameterConstraints {
  /** The parameter's name in its stack. */
  readonly name: string;
  readonly stack: Stack;
  /** `AllowedValues` as strings, when the template lists them: the parameter is one of these. */
  readonly allowedValues?: readonly string[];
  /** `AllowedPattern` as written. */
  readonly allowedPattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /**
   * Whether CloudFormation accepts `value` for the parameter. A pattern that is not a valid regular expression here
   * (CloudFormation's dialect is Java's) constrains nothing: undecided is not forbidden.
   */
  admits(value: string): boolean;
}

/** The constraints of a parameter of a stack; undefined when the stack has no such parameter. Never throws. */
export function parameterConstraints(stack: Stack, name: string): ParameterConstraints | undefined {
  const parameters = asObject(asObject(stack.template.value)?.['Parameters']);
  const p = parameters && Object.hasOwn(parameters, name) ? asObject(parameters[name]) : undefined;
  if (!p) return undefined;
  const listed = p['AllowedValues'];
  const allowedValues = Array.isArray(listed)
    ? listed.filter((v) => v !== null && typeof v !== 'object').map((v) => String(v as string | number | boolean))
    : undefined;
  const allowedPattern = typeof p['AllowedPattern'] === 'string' ? p['AllowedPattern'] : undefined;
  const minLength = lengthOf(p['MinLength']);
  const maxLength = lengthOf(p['MaxLength']);
  let pattern = compile(allowedPattern);
  return {
    name,
    stack,
    ...(allowedValues ? { allowedValues } : {}),
    ...(allowedPattern !== undefined ? { allowedPattern } : {}),
    ...(minLength !== undefined ? { minLength } : {}),
    ...(maxLength !== undefined ? { maxLength } : {}),
    admits(value: string): boolean {
      if (allowedValues && !allowedValues.includes(value)) return false;
      if (minLength !== undefined && value.length < minLength) return false;
      if (maxLength !== undefined && value.length > maxLength) return false;
      if (pattern && value.length <= MAX_CANDIDATE_LENGTH) {
        const matched = boundedTest(pattern, value);
        if (matched !== undefined) return matched;
        // It ran out of time: a pattern that backtracks this much decides nothing, here or for the next values.
        pattern = undefined;
      }
      return true;
    },
  };
}

/** `AllowedPattern` must match the whole value (CloudFormation anchors it). Undefined when absent or not compilable. */
function compile(pattern: string | undefined): RegExp | undefined {
  if (pattern === undefined || pattern.length > MAX_PATTERN_LENGTH) return undefined;
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return undefined;
  }
}

function lengthOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** How deep a condition's `Condition` references are followed when collecting its parameters. */
const MAX_CONDITION_DEPTH = 32;
/** Nodes of condition expressions visited when collecting parameters: a bound on hostile input. */
const MAX_CONDITION_NODES = 10_000;

/**
 * The parameters of the stack that a named condition reads (`Ref` to a parameter, through `Fn::Equals`, `Fn::And`,
 * `Condition` …), in order of first use. Bounded: a cycle of conditions or a huge expression ends the walk.
 */
export function conditionParameters(stack: Stack, condition: string): string[] {
  const template = asObject(stack.template.value);
  const conditions = asObject(template?.['Conditions']);
  const parameters = asObject(template?.['Parameters']);
  const out = new Set<string>();
  if (!conditions || !parameters) return [];
  const seen = new Set<string>();
  let budget = MAX_CONDITION_NODES;
  const visit = (value: unknown, depth: number): void => {
    if (--budget < 0 || depth > MAX_CONDITION_DEPTH || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const item of value) visit(item, depth);
      return;
    }
    const json = value as Json;
    if (typeof json['Ref'] === 'string' && Object.hasOwn(parameters, json['Ref'])) out.add(json['Ref']);
    if (typeof json['Condition'] === 'string') named(json['Condition'], depth + 1);
    for (const key in json) if (Object.hasOwn(json, key) && key !== 'Ref' && key !== 'Condition') visit(json[key], depth + 1);
  };
  const named = (name: string, depth: number): void => {
    if (seen.has(name) || !Object.hasOwn(conditions, name)) return;
    seen.add(name);
    visit(conditions[name], depth);
  };
  named(condition, 0);
  return [...out];
}
