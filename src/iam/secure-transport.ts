import type { Branch } from '../graph/query.js';
import { booleanOf, renderList } from '../graph/query.js';
import type { Statement } from './policy.js';
import { conditionsOn, isEveryone } from './policy.js';

/** A Deny statement on `aws:SecureTransport = false`, and whether it reaches every caller and action. */
export interface InsecureTransportDenial {
  statement: Statement;
  /**
   * The branches under which the statement denies every principal and every action of `service` on insecure
   * transport (its own `Fn::If` branches, those of the condition and of the `*` principal and action), or, when it
   * falls short, why (`"denies only s3:GetObject, not s3:*"`).
   */
  scope: { full: true; when: Branch[] } | { full: false; shortfall: string };
}

/**
 * Reads a statement as a TLS guard: a `Deny` with `Bool` or `BoolIfExists` on `aws:SecureTransport` (key compared
 * case-insensitively) and the value `false` or `"false"`. Undefined for any other statement. A full guard also has
 * the principal `*` (or `{"AWS": "*"}`), the action `*` or `<service>:*`, and no other condition: another condition
 * narrows the Deny to requests that also meet it.
 */
export function insecureTransportDenial(statement: Statement, service: string): InsecureTransportDenial | undefined {
  if (statement.effect !== 'Deny') return undefined;
  let test: Branch[] | undefined;
  for (const entry of conditionsOn(statement, 'aws:SecureTransport')) {
    // BoolIfExists also denies when the key is absent, which only makes the guard stricter.
    if (!/^Bool(IfExists)?$/i.test(entry.operator)) continue;
    const value = entry.values.find((v) => booleanOf(v.value) === false);
    if (value) {
      test = [...statement.when, ...entry.when, ...value.when];
      break;
    }
  }
  if (!test) return undefined;
  const everyone = (statement.principals ?? []).find(isEveryone);
  if (!everyone) {
    const listed = statement.principals ? renderList(statement.principals.map((p) => p.value.value)) : 'the principals NotPrincipal leaves';
    return { statement, scope: { full: false, shortfall: `applies only to ${listed}, not to every principal ("*")` } };
  }
  const wildcard = new RegExp(`^(\\*|${service.replace(/[^a-z0-9-]/gi, '')}:\\*)$`, 'i');
  const all = statement.actions.find(({ value }) => value.kind === 'literal' && wildcard.test(String(value.value)));
  if (!all) {
    const actions =
      statement.actions.length > 0
        ? renderList(statement.actions.map((a) => a.value))
        : `every action except ${renderList(statement.notActions.map((a) => a.value))}`;
    return { statement, scope: { full: false, shortfall: `denies only ${actions}, not ${service}:*` } };
  }
  const others = statement.conditions.filter((c) => c.key.toLowerCase() !== 'aws:securetransport');
  if (others.length > 0)
    return {
      statement,
      scope: { full: false, shortfall: `also requires ${[...new Set(others.map((c) => `${c.operator} ${c.key}`))].join(', ')}` },
    };
  return { statement, scope: { full: true, when: [...test, ...everyone.value.when, ...all.when] } };
}
