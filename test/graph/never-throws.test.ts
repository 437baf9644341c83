import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Graph } from '../../src/graph/build.js';
import { alternatives, describeBranches, describeOrigin, listItems, matchableText, renderText } from '../../src/graph/query.js';
import type { NodeRef, Resolved } from '../../src/graph/values.js';
import { MAX_ALTERNATIVES } from '../../src/graph/values.js';
import { MAX_RESOLVE_STEPS } from '../../src/graph/resolve.js';
import { makeLocator } from '../../src/load/document.js';
import { toPointer } from '../../src/load/pointer.js';
import type { LoadedStack } from '../../src/load/stack.js';
import { AWS_NAMING } from '../../src/aws/names.js';

/** Names that templates use for resources, parameters, conditions, mappings and exports — and some hostile ones. */
const name = fc.constantFrom(
  'A',
  'B',
  'P',
  'L',
  'C',
  'M',
  'X',
  'AWS::Region',
  'AWS::NoValue',
  'AWS::Partition',
  'AWS::StackName',
  'AWS::Bogus',
  'Missing',
  '__proto__',
  'constructor',
  '',
);
const attribute = fc.constantFrom('Arn', 'GroupId', 'Endpoint.Address', '', 'a.b.c');
const subText = fc
  .array(
    fc.constantFrom('x', '-', '${A}', '${B.Arn}', '${A.Endpoint.Port}', '${!Lit}', '${AWS::Region}', '${P}', '${L}', '${', '}', '${}', '$'),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));
const scalar = fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: -2, max: 5 }), fc.boolean(), fc.constant(null), name, subText);

/** Values with every intrinsic, well-formed or not, nested. */
const { value } = fc.letrec<{ value: unknown }>((tie) => {
  const v = tie('value');
  const list = fc.array(v, { maxLength: 4 });
  return {
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      list,
      fc.dictionary(name, v, { maxKeys: 3 }),
      fc.record({ Ref: fc.oneof(name, v) }),
      fc.record({ 'Fn::GetAtt': fc.oneof(fc.tuple(name, attribute), fc.tuple(name, v), fc.constantFrom('A.Arn', 'B.x.y', 'Nope'), v) }),
      fc.record({ 'Fn::Sub': fc.oneof(subText, fc.tuple(subText, fc.dictionary(name, v, { maxKeys: 3 })), v) }),
      fc.record({ 'Fn::Join': fc.oneof(fc.tuple(fc.constantFrom('', ',', ':'), fc.oneof(list, v)), v) }),
      fc.record({ 'Fn::If': fc.oneof(fc.tuple(name, v, v), list) }),
      fc.record({
        'Fn::Select': fc.oneof(fc.tuple(fc.oneof(fc.integer({ min: -1, max: 3 }), fc.constantFrom('0', '1', 'x')), fc.oneof(list, v)), v),
      }),
      fc.record({ 'Fn::Split': fc.oneof(fc.tuple(fc.constantFrom(',', '', '|'), v), v) }),
      fc.record({ 'Fn::FindInMap': fc.oneof(fc.array(fc.oneof(name, v), { maxLength: 4 }), v) }),
      fc.record({ 'Fn::ImportValue': fc.oneof(name, v) }),
      fc.record({ 'Fn::Equals': fc.oneof(fc.tuple(v, v), v) }),
      fc.record({ 'Fn::And': list }),
      fc.record({ 'Fn::Or': list }),
      fc.record({ 'Fn::Not': list }),
      fc.record({ Condition: fc.oneof(name, v) }),
      fc.record({ 'Fn::Base64': v }),
      fc.record({ 'Fn::GetAZs': v }),
      fc.record({ 'Fn::Cidr': list }),
      fc.record({ 'Fn::Frobnicate': v }),
    ),
  };
});

const resourceType = fc.constantFrom(
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::Lambda::Function',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroup',
  'Custom::X',
);
const property = fc.constantFrom(
  'Bucket',
  'BucketName',
  'RoleName',
  'Roles',
  'Role',
  'GroupId',
  'GroupName',
  'PolicyDocument',
  'Tags',
  'V',
);
const template = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        Parameters: fc.dictionary(
          name,
          fc.oneof(
            fc.record(
              {
                Type: fc.constantFrom('String', 'Number', 'CommaDelimitedList', 'List<String>', 'AWS::SSM::Parameter::Value<String>'),
                Default: value,
              },
              { requiredKeys: ['Type'] },
            ),
            value,
          ),
          { maxKeys: 4 },
        ),
        Mappings: fc.oneof(
          fc.dictionary(name, fc.dictionary(name, fc.dictionary(name, value, { maxKeys: 2 }), { maxKeys: 3 }), { maxKeys: 2 }),
          value,
        ),
        Conditions: fc.dictionary(name, value, { maxKeys: 4 }),
        Resources: fc.oneof(
          {
            weight: 5,
            arbitrary: fc.dictionary(
              name,
              fc.record(
                { Type: resourceType, Properties: fc.dictionary(property, value, { maxKeys: 4 }), Condition: name, Metadata: value },
                { requiredKeys: ['Type'] },
              ),
              { maxKeys: 5 },
            ),
          },
          { weight: 1, arbitrary: value },
        ),
        Outputs: fc.dictionary(
          name,
          fc.record({ Value: value, Export: fc.record({ Name: fc.oneof(name, value) }) }, { requiredKeys: ['Value'] }),
          { maxKeys: 3 },
        ),
      },
      { requiredKeys: ['Resources'] },
    ),
  },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), value, { maxKeys: 4 }) },
);

const env = fc.record({
  account: fc.constantFrom(null, '123456789012', '012345678901'),
  region: fc.constantFrom(null, 'us-east-1', 'cn-north-1', 'us-gov-west-1', 'eu-isoe-west-1'),
});

function stackOf(value: unknown, i: number, environment: { account: string | null; region: string | null }): LoadedStack {
  const text = JSON.stringify(value);
  return {
    id: `s${i}`,
    name: i === 0 ? null : `stack-${i}`,
    // The graph needs a document; its text is only used for locating findings.
    template: { file: `t${i}.json`, format: 'json', text, value, locate: makeLocator(text, () => () => [0, 0]) },
    env: environment,
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
  };
}

/** Every node of a value, as a NodeRef. */
function* nodes(stack: Graph['stacks'][number]): Generator<NodeRef> {
  const pending: { tokens: (string | number)[]; value: unknown }[] = [{ tokens: [], value: stack.template.value }];
  while (pending.length > 0) {
    const { tokens, value: v } = pending.pop()!;
    yield { stack, pointer: toPointer(tokens), value: v };
    if (Array.isArray(v)) v.forEach((item, i) => pending.push({ tokens: [...tokens, i], value: item }));
    else if (v !== null && typeof v === 'object')
      for (const [k, item] of Object.entries(v)) pending.push({ tokens: [...tokens, k], value: item });
  }
}

/** A resolver error is an exception it caught: a bug even though it did not escape. Checks every part of a result. */
function assertNoResolverError(r: Resolved, seen = new Set<Resolved>()): void {
  if (seen.has(r)) return;
  seen.add(r);
  if (r.kind === 'unknown') expect(r.reason).not.toMatch(/^resolver error/);
  if (r.kind === 'list') r.items.forEach((i) => assertNoResolverError(i, seen));
  if (r.kind === 'text') r.parts.forEach((p) => typeof p !== 'string' && assertNoResolverError(p, seen));
  if (r.kind === 'oneOf') r.options.forEach((o) => assertNoResolverError(o.value, seen));
}

describe('the resolver and the graph never throw (property)', () => {
  it('on arbitrary templates with random intrinsics', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(template, env), { minLength: 1, maxLength: 3 }),
        fc.array(fc.oneof(property, name, fc.nat(3)), { maxLength: 4 }),
        (specs, path) => {
          const graph = new Graph(
            specs.map(([t, e], i) => stackOf(t, i, e)),
            AWS_NAMING,
          );
          for (const stack of graph.stacks) {
            for (const node of nodes(stack)) {
              const r = graph.resolve(node);
              assertNoResolverError(r);
              // What rules do with results must not throw either.
              for (const alt of alternatives(r)) {
                renderText(alt.value);
                describeBranches(alt.when);
              }
              listItems(r);
              matchableText(r);
              describeOrigin(r);
            }
            const conditions = (stack.template.value as Record<string, unknown>)['Conditions'];
            if (conditions && typeof conditions === 'object')
              for (const c of Object.keys(conditions)) [graph.resolver.condition(stack, c), graph.resolver.condition(stack, c, true)];
            for (const resource of stack.resources) {
              assertNoResolverError(graph.get(resource, 'Properties', ...path));
              for (const other of stack.resources) graph.referencing(other, resource.type);
              graph.referencedBy(resource);
            }
          }
          graph.links();
        },
      ),
      { numRuns: 400 },
    );
  });
});

/** One link of a generated resolution chain: how level i reads level i + 1 (`N` is the next level's value). */
const link = fc.constantFrom(
  { Fn: 'If', make: (n: unknown, i: number) => ({ 'Fn::If': [`C${i % 3}`, n, n] }) },
  { Fn: 'IfJoin', make: (n: unknown, i: number) => ({ 'Fn::If': [`D${i % 2}`, { 'Fn::Join': ['-', [n, n]] }, n] }) },
  { Fn: 'Join', make: (n: unknown) => ({ 'Fn::Join': ['', [n, n]] }) },
  { Fn: 'SplitSelect', make: (n: unknown) => ({ 'Fn::Select': [0, { 'Fn::Split': [',', n] }] }) },
  { Fn: 'FindInMap', make: (n: unknown) => ({ 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, n] }) },
  { Fn: 'FindInMapKey', make: (n: unknown) => ({ 'Fn::FindInMap': ['M', n, { Ref: 'AWS::Region' }] }) },
  { Fn: 'Select', make: (n: unknown) => ({ 'Fn::Select': [0, [n, n]] }) },
);

/** How a level hands its value to the next: a parameter of the same stack, an export, a nested stack, a stack output. */
const hop = fc.constantFrom('parameter', 'import', 'nested', 'stackOutput', 'nestedParameter');

/**
 * A chain of stacks: level i's value is `link(level i + 1)`, reached by `hop`. Conditions C0…C2 depend on the region;
 * D0/D1 on a parameter whose default contradicts their true branch, so branches are read under narrowed scopes.
 */
function chainStacks(levels: { link: { make: (n: unknown, i: number) => unknown }; hop: string }[]): LoadedStack[] {
  const common = {
    Parameters: { Q: { Type: 'String', Default: 'no', AllowedValues: ['no', 'yes'] } },
    Mappings: { M: { 'us-east-1': { a: 'x', b: 'y' }, a: { 'us-east-1': 'z' } } },
    Conditions: {
      C0: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] },
      C1: { 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'eu-west-1'] },
      C2: { 'Fn::Not': [{ Condition: 'C0' }] },
      D0: { 'Fn::Equals': [{ Ref: 'Q' }, 'yes'] },
      D1: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Q' }, 'no'] }] },
    },
  };
  const templates: Record<string, unknown>[] = [];
  const nested: (LoadedStack['nestedIn'] | null)[] = [];
  let current: Record<string, unknown> = { ...common, Resources: {}, Outputs: {} };
  templates.push(current);
  nested.push(null);
  let parameters = { ...common.Parameters } as Record<string, unknown>;
  current['Parameters'] = parameters;
  let next = 0;
  // Level values are built from the bottom up: the last level is a literal.
  const values: unknown[] = [];
  const refs: unknown[] = [];
  for (let i = 0; i < levels.length; i++) {
    const name = `L${i}`;
    const { hop: how } = levels[i]!;
    if (how === 'parameter') {
      parameters[name] = { Type: 'String', Default: null };
      refs.push({ Ref: name });
      values.push({ at: parameters, key: name, stack: templates.length - 1 });
    } else {
      // A new stack for this level; the reference to it is written in the current stack.
      const stack: Record<string, unknown> = { ...common, Parameters: { ...common.Parameters }, Resources: {}, Outputs: {} };
      templates.push(stack);
      const index = templates.length - 1;
      const resources = current['Resources'] as Record<string, unknown>;
      if (how === 'import') {
        nested.push(null);
        refs.push({ 'Fn::ImportValue': `E${index}` });
        (stack['Outputs'] as Record<string, unknown>)['O'] = { Value: null, Export: { Name: `E${index}` } };
      } else if (how === 'stackOutput') {
        nested.push(null);
        refs.push({ 'Fn::GetStackOutput': { StackName: `stack-${index}`, OutputName: 'O', Region: 'us-east-1' } });
        (stack['Outputs'] as Record<string, unknown>)['O'] = { Value: null };
      } else {
        const logicalId = `N${index}`;
        resources[logicalId] = {
          Type: 'AWS::CloudFormation::Stack',
          Properties: how === 'nestedParameter' ? { TemplateURL: 'x', Parameters: { In: null } } : { TemplateURL: 'x' },
        };
        nested.push({ stackId: `c${templates.indexOf(current)}`, logicalId });
        if (how === 'nestedParameter') {
          // The parent passes the value in; the nested stack reads its parameter.
          (stack['Parameters'] as Record<string, unknown>)['In'] = { Type: 'String' };
          refs.push({ 'Fn::GetAtt': [logicalId, 'Outputs.O'] });
          (stack['Outputs'] as Record<string, unknown>)['O'] = { Value: { Ref: 'In' } };
        } else {
          refs.push({ 'Fn::GetAtt': [logicalId, 'Outputs.O'] });
          (stack['Outputs'] as Record<string, unknown>)['O'] = { Value: null };
        }
      }
      values.push({ stack: index, how, logicalId: `N${index}`, parent: templates.indexOf(current) });
      current = stack;
      parameters = stack['Parameters'] as Record<string, unknown>;
      next++;
    }
  }
  void next;
  // Fill each level with its link over the next level's reference; the deepest is a literal.
  for (let i = levels.length - 1; i >= 0; i--) {
    const inner = i + 1 < levels.length ? refs[i + 1] : 'us-east-1,b';
    const body = levels[i]!.link.make(inner, i);
    const slot = values[i] as {
      at?: Record<string, unknown>;
      key?: string;
      stack: number;
      how?: string;
      logicalId?: string;
      parent?: number;
    };
    if (slot.at && slot.key) (slot.at[slot.key] as Record<string, unknown>)['Default'] = body;
    else {
      const output = (templates[slot.stack]!['Outputs'] as Record<string, unknown>)['O'] as Record<string, unknown>;
      if (slot.how === 'nestedParameter') {
        const parent = templates[slot.parent!]!['Resources'] as Record<string, { Properties: { Parameters: Record<string, unknown> } }>;
        parent[slot.logicalId!]!.Properties.Parameters['In'] = body;
      } else output['Value'] = body;
    }
  }
  (templates[0]!['Resources'] as Record<string, unknown>)['R'] = { Type: 'Test::Thing', Properties: { V: refs[0] } };
  return templates.map((t, i) => {
    const s = stackOf(t, i, { account: null, region: i % 2 === 0 ? null : 'us-east-1' });
    return { ...s, id: `c${i}`, name: nested[i] ? null : `stack-${i}`, nestedIn: nested[i] ?? null };
  });
}

describe('the resolver never throws and stays bounded on generated resolution chains (property)', () => {
  it('chains of Fn::If, Fn::FindInMap, Fn::Join, Fn::Select, exports, stack outputs and nested stacks', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ link, hop }), { minLength: 1, maxLength: 24 }), (levels) => {
        const graph = new Graph(chainStacks(levels), AWS_NAMING);
        const before = graph.resolver.computed;
        let calls = 0;
        for (const stack of graph.stacks)
          for (const resource of stack.resources) {
            calls++;
            const r = graph.get(resource, 'Properties', 'V');
            assertNoResolverError(r);
            expect(alternatives(r).length).toBeLessThanOrEqual(MAX_ALTERNATIVES);
            for (const alt of alternatives(r)) renderText(alt.value);
            listItems(r);
          }
        graph.links();
        // Every top-level resolution is bounded; an exponential one would pass this by orders of magnitude.
        expect(graph.resolver.computed - before).toBeLessThanOrEqual((calls + 1) * MAX_RESOLVE_STEPS + 10_000);
      }),
      { numRuns: 150 },
    );
  });
});
