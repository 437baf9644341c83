import type { Resolved } from '../graph/query.js';
import { renderText } from '../graph/query.js';

/** How much one `Resource` entry of an identity policy covers. */
export interface ResourceClass {
  /** The entry as text, holes shown as `${…}`. */
  readonly text: string;
  /**
   * - `everything`: `"*"`;
   * - `broad`: an ARN whose resource part is only wildcards, maybe after a type (`arn:aws:s3:::*`,
   *   `arn:${AWS::Partition}:logs:*:*:log-group:*`, `arn:aws:*:*:*:*`): every resource of a kind;
   * - `scoped`: anything naming specific resources, including an ARN that starts with a reference to a
   *   resource of the input (`${Bucket.Arn}/*`: the bucket's objects, not every object);
   * - `notKnown`: not known before deployment (a parameter without default).
   */
  readonly scope: 'everything' | 'broad' | 'scoped' | 'notKnown';
  readonly reason?: string;
}

/** Classes by entry: several rules classify the same statements (normalized once per document). */
const classes = new WeakMap<Resolved, ResourceClass>();

/** Classifies one resolved `Resource` entry. The answer is shared: do not change it. */
export function classifyResource(value: Resolved): ResourceClass {
  let cls = classes.get(value);
  if (!cls) classes.set(value, (cls = classify(value)));
  return cls;
}

function classify(value: Resolved): ResourceClass {
  const text = renderText(value) ?? `(${value.kind})`;
  if (value.kind === 'unknown') return { text, scope: 'notKnown', reason: value.reason };
  if (value.kind === 'ref') return { text, scope: 'scoped' };
  if (value.kind === 'text' && typeof value.parts[0] !== 'string' && value.parts[0]?.kind === 'ref') return { text, scope: 'scoped' };
  if (value.kind !== 'literal' && value.kind !== 'text') return { text, scope: 'notKnown', reason: `the resource is a ${value.kind}` };
  // Holes count as fixed text: a reference or pseudo parameter names something specific.
  const parts = value.kind === 'text' ? value.parts.map((p) => (typeof p === 'string' ? p : '\u0000')).join('') : String(value.value);
  if (/^[*?]+$/.test(parts)) return { text, scope: 'everything' };
  const arn = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.*)$/s.exec(parts);
  if (!arn) return { text, scope: 'scoped' };
  const [, , service = '', , , rest = ''] = arn;
  if (/^[*?]+$/.test(service)) return { text, scope: 'broad' };
  // Strip a leading resource type (`log-group:`, `table/`, `role/`) and look at what is left. S3 ARNs have no
  // type: `arn:aws:s3:::bucket/*` starts with the bucket's name, so nothing is stripped there.
  const id = service === 's3' ? rest : rest.replace(/^[A-Za-z][\w-]*[:/](?=.)/, '');
  return { text, scope: /^[*?/:]+$/.test(id) || rest === '' ? 'broad' : 'scoped' };
}

/** True for `everything` and `broad`: entries that do not limit which resources of a kind are granted. */
export function isUnscoped(cls: ResourceClass): boolean {
  return cls.scope === 'everything' || cls.scope === 'broad';
}
