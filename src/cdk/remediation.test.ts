/**
 * Synthesizes the bundled prototype with and without the remediation Aspect: every fixable finding is gone,
 * every resource and property no fix touched is identical, and no policy allows an action × resource pair that
 * the prototype did not allow already.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Aspects } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../examples/prototype/app.js';
import { analyze } from '../index.js';
import { StackWardenRemediation } from './remediation.js';

const root = mkdtempSync(join(tmpdir(), 'stackwarden-aspect-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

type Template = { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };

function synth(withAspect: boolean): { dir: string; templates: Record<string, Template>; messages: string[] } {
  const dir = join(root, withAspect ? 'fixed' : 'plain');
  const app = buildApp(dir);
  if (withAspect) Aspects.of(app).add(new StackWardenRemediation());
  const assembly = app.synth();
  const templates: Record<string, Template> = {};
  const messages: string[] = [];
  for (const stack of assembly.stacks) {
    templates[stack.id] = JSON.parse(readFileSync(stack.templateFullPath, 'utf8')) as Template;
    for (const m of stack.messages) messages.push(String(m.entry.data));
  }
  return { dir, templates, messages };
}

/** Managed policies the fix may replace, with what they allow (AWSLambdaBasicExecutionRole: logs writes on `*`). */
const MANAGED: Record<string, string[]> = {
  AWSLambdaBasicExecutionRole: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
};

/** Allowed `action resource` pairs per role, from its inline policies, attached AWS::IAM::Policy and the managed policies above. */
function allowed(t: Template): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const add = (role: string, action: string, resource: unknown) => {
    if (!out.has(role)) out.set(role, new Set());
    out.get(role)!.add(`${action} ${JSON.stringify(resource)}`);
  };
  const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type === 'AWS::IAM::Role')
      for (const arn of list(r.Properties?.['ManagedPolicyArns'] as unknown[]))
        for (const [name, actions] of Object.entries(MANAGED))
          if (JSON.stringify(arn).includes(name)) for (const a of actions) add(id, a, '*');
    if (r.Type !== 'AWS::IAM::Policy') continue;
    const document = r.Properties?.['PolicyDocument'] as { Statement: { Effect: string; Action: string | string[]; Resource: unknown }[] };
    for (const role of list(r.Properties?.['Roles'] as { Ref: string }[]))
      for (const s of document.Statement)
        if (s.Effect === 'Allow') for (const a of list(s.Action)) for (const res of list(s.Resource)) add(role.Ref, a, res);
  }
  return out;
}

describe('StackWardenRemediation on the prototype', () => {
  const plain = synth(false);
  const fixed = synth(true);
  const before = analyze([join(plain.dir)], { asOf: '2026-01-01' }).findings;
  const after = analyze([join(fixed.dir)], { asOf: '2026-01-01' }).findings;

  it('leaves no finding the fixes could fix', () => {
    const fixable = before.filter((f) => f.autofix?.kind === 'fix').map((f) => `${f.ruleId} ${f.logicalId ?? f.stack}`);
    expect(fixable.length).toBeGreaterThan(5);
    const left = after.map((f) => `${f.ruleId} ${f.logicalId ?? f.stack}`);
    expect(left.filter((f) => fixable.includes(f))).toEqual([]);
    expect(after.filter((f) => f.autofix?.kind === 'fix')).toEqual([]);
  });

  it('changes nothing that no fix touched', () => {
    const touched = new Set(before.filter((f) => f.autofix?.kind === 'fix').map((f) => f.logicalId));
    for (const [stack, template] of Object.entries(plain.templates))
      for (const [id, resource] of Object.entries(template.Resources)) {
        const now = fixed.templates[stack]!.Resources[id];
        if (!touched.has(id)) expect(now, `${stack}/${id}`).toEqual(resource);
        else {
          expect(now!.Type).toBe(resource.Type);
          // Properties the fixes do not set are as they were.
          for (const [key, value] of Object.entries(resource.Properties ?? {}))
            if (key !== 'ManagedPolicyArns') expect(now!.Properties?.[key], `${id}.${key}`).toEqual(value);
        }
      }
  });

  it('widens no permission: every allowed action × resource pair after was allowed before', () => {
    for (const [stack, template] of Object.entries(fixed.templates)) {
      const was = allowed(plain.templates[stack]!);
      for (const [role, pairs] of allowed(template)) {
        const old = was.get(role) ?? new Set<string>();
        for (const pair of pairs) {
          const [action] = pair.split(' ');
          expect(old.has(pair) || old.has(`${action} "*"`), `${role}: ${pair}`).toBe(true);
        }
      }
    }
  });

  it('reports its changes and refusals as annotations, with one summary per stack', () => {
    expect(fixed.messages.filter((m) => m.startsWith('StackWarden remediation: fixed'))).toHaveLength(2);
    expect(fixed.messages.some((m) => m.startsWith('StackWarden fixed s3/tls-only'))).toBe(true);
  });
});
