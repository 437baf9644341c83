import { describe, expect, it, vi } from 'vitest';
import { createHash } from 'node:crypto';
import { fingerprint } from '../../src/engine/fingerprint.js';
import { compareFindings, formatMessage, reachesThreshold, RULE_ERROR_ID, run } from '../../src/engine/run.js';
import type { LoadResult } from '../../src/load/stack.js';
import { CONTROL_IDS, type Finding } from '../../src/model/types.js';
import { defineRule, type RuleModule } from '../../src/rules/define.js';
import { stackOf, type StackSpec } from '../helpers.js';

const templateA = `Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: a
  Queue:
    Type: AWS::SQS::Queue
  Topic:
    Type: AWS::SNS::Topic
`;
const templateB = `Resources:
  Other:
    Type: AWS::S3::Bucket
`;

function loaded(...specs: StackSpec[]): LoadResult {
  return { stacks: specs.map(stackOf), errors: [], files: specs.length };
}

/** A rule that records what it was called with and reports each resource. */
function recorder(id: string, appliesTo: readonly string[], seen: string[]): RuleModule {
  return defineRule({
    id,
    title: 't',
    description: 'd',
    fix: 'f',
    controls: ['S3-1'],
    severity: 'error',
    appliesTo,
    messages: { hit: '{{id}} seen' },
    *check(resource) {
      seen.push(`${resource.stack.template.file}:${resource.logicalId}`);
      yield { at: resource, messageId: 'hit', data: { id: resource.logicalId } };
    },
  });
}

describe('dispatch', () => {
  it('calls a resource rule on every resource of its types, in every stack', () => {
    const seen: string[] = [];
    const result = run(loaded({ template: templateA, file: 'a.yaml' }, { template: templateB, file: 'b.yaml' }), {
      rules: [recorder('t/buckets-and-queues', ['AWS::S3::Bucket', 'AWS::SQS::Queue'], seen)],
    });
    expect(seen).toEqual(['a.yaml:Bucket', 'a.yaml:Queue', 'b.yaml:Other']);
    expect(result.findings.map((f) => `${f.file}:${f.logicalId} ${f.message}`)).toEqual([
      'a.yaml:Bucket Bucket seen',
      'a.yaml:Queue Queue seen',
      'b.yaml:Other Other seen',
    ]);
  });

  it('calls a stack rule once per stack', () => {
    const stacks: string[] = [];
    const rule = defineRule({
      id: 't/stack',
      title: 't',
      description: 'd',
      fix: 'f',
      controls: ['CFN-1'],
      severity: 'note',
      appliesTo: 'stack',
      messages: { m: 'stack {{n}}' },
      *check(stack) {
        stacks.push(stack.template.file);
        yield { at: stack, messageId: 'm', data: { n: stack.resources.length } };
      },
    });
    const result = run(loaded({ template: templateA, file: 'a.yaml' }, { template: templateB, file: 'b.yaml' }), { rules: [rule] });
    expect(stacks).toEqual(['a.yaml', 'b.yaml']);
    expect(result.findings.map((f) => [f.file, f.message, f.pointer, f.logicalId])).toEqual([
      ['a.yaml', 'stack 3', '', null],
      ['b.yaml', 'stack 1', '', null],
    ]);
  });

  it('skips rules set to off and applies severity overrides', () => {
    const result = run(loaded({ template: templateA }), {
      rules: [recorder('t/a', ['AWS::S3::Bucket'], []), recorder('t/b', ['AWS::SQS::Queue'], [])],
      severity: { 't/a': 'off', 't/b': 'note' },
    });
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['t/b note']);
    expect(result.rules.map((r) => r.id)).toContain('t/b');
    expect(result.rules.map((r) => r.id)).not.toContain('t/a');
  });

  it('lets a configured severity win over the severity a rule gives one finding', () => {
    const noting = defineRule({
      id: 't/noting',
      title: 't',
      description: 'd',
      fix: 'f',
      controls: ['S3-1'],
      severity: 'error',
      appliesTo: ['AWS::S3::Bucket'],
      messages: { m: 'noted' },
      *check(bucket) {
        yield { at: bucket, messageId: 'm', severity: 'note' };
      },
    });
    expect(run(loaded({ template: templateA }), { rules: [noting] }).findings.map((f) => f.severity)).toEqual(['note']);
    expect(
      run(loaded({ template: templateA }), { rules: [noting], severity: { 't/noting': 'error' } }).findings.map((f) => f.severity),
    ).toEqual(['error']);
  });

  it('fills every field of a finding', () => {
    const result = run(loaded({ template: templateA, name: 'Stack', file: 'a.yaml' }), {
      rules: [recorder('t/a', ['AWS::S3::Bucket'], [])],
    });
    const f = result.findings[0]!;
    expect(f).toEqual({
      ruleId: 't/a',
      messageId: 'hit',
      controls: ['S3-1'],
      severity: 'error',
      message: 'Bucket seen',
      file: 'a.yaml',
      stack: 'Stack',
      logicalId: 'Bucket',
      resourceType: 'AWS::S3::Bucket',
      constructPath: null,
      pointer: '/Resources/Bucket',
      range: { start: { line: 2, column: 3 }, end: { line: 6, column: 1 } },
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
      suppressed: null,
      fix: 'f',
      suggestion: null,
    });
  });

  it('points at the nearest existing ancestor of a missing property', () => {
    const rule = defineRule({
      id: 't/missing',
      title: 't',
      description: 'd',
      fix: 'f',
      controls: ['S3-3'],
      severity: 'warning',
      appliesTo: ['AWS::S3::Bucket'],
      messages: { m: 'no encryption' },
      *check(bucket, ctx) {
        yield { at: ctx.graph.get(bucket, 'Properties', 'BucketEncryption', 'Rules').at, messageId: 'm' };
      },
    });
    const [f] = run(loaded({ template: templateA }), { rules: [rule] }).findings;
    expect(f).toMatchObject({ pointer: '/Resources/Bucket/Properties', range: { start: { line: 4, column: 5 } }, logicalId: 'Bucket' });
  });

  it('keeps one finding when a rule reports the same thing twice', () => {
    const rule = defineRule({
      id: 't/twice',
      title: 't',
      description: 'd',
      fix: 'f',
      controls: ['S3-1'],
      severity: 'error',
      appliesTo: ['AWS::S3::Bucket'],
      messages: { m: 'x' },
      *check(bucket) {
        yield { at: bucket, messageId: 'm' };
        yield { at: bucket, messageId: 'm' };
      },
    });
    expect(run(loaded({ template: templateA }), { rules: [rule] }).findings).toHaveLength(1);
  });
});

describe('a rule that throws', () => {
  const crashing = defineRule({
    id: 't/crashing',
    title: 't',
    description: 'd',
    fix: 'f',
    controls: ['S3-5'],
    severity: 'warning',
    appliesTo: ['AWS::S3::Bucket'],
    messages: { before: 'before the crash' },
    *check(bucket) {
      yield { at: bucket, messageId: 'before' };
      if (bucket.logicalId === 'Bucket') throw new Error('boom');
    },
  });

  it('becomes a stackwarden/rule-error finding at the resource, and the run goes on', () => {
    const result = run(loaded({ template: templateA, file: 'a.yaml' }, { template: templateB, file: 'b.yaml' }), {
      rules: [crashing, recorder('t/other', ['AWS::SQS::Queue'], [])],
    });
    expect(result.findings.map((f) => `${f.file}:${f.logicalId} ${f.ruleId} ${f.severity} ${f.message}`)).toEqual([
      "a.yaml:Bucket stackwarden/rule-error error Rule 't/crashing' failed here: boom",
      'a.yaml:Bucket t/crashing warning before the crash',
      'a.yaml:Queue t/other error Queue seen',
      'b.yaml:Other t/crashing warning before the crash',
    ]);
    const crash = result.findings.find((f) => f.ruleId === RULE_ERROR_ID)!;
    expect(crash).toMatchObject({
      pointer: '/Resources/Bucket',
      resourceType: 'AWS::S3::Bucket',
      range: { start: { line: 2, column: 3 } },
    });
    expect(crash.fix).toContain('t/crashing');
  });

  it('a stack rule that throws (not an Error) is reported too', () => {
    const rule = defineRule({
      id: 't/stack-crash',
      title: 't',
      description: 'd',
      fix: 'f',
      controls: ['CFN-1'],
      severity: 'error',
      appliesTo: 'stack',
      messages: {},
      // biome-ignore lint/correctness/useYield: a rule that throws before it yields anything
      *check() {
        throw 'a string';
      },
    });
    const result = run(loaded({ template: templateA }), { rules: [rule] });
    expect(result.findings.map((f) => `${f.ruleId}: ${f.message}`)).toEqual([
      "stackwarden/rule-error: Rule 't/stack-crash' failed here: a string",
    ]);
  });
});

describe('fingerprints', () => {
  const rules = [recorder('t/a', ['AWS::S3::Bucket', 'AWS::SQS::Queue'], [])];
  const byKey = (findings: Finding[]) =>
    Object.fromEntries(findings.map((f) => [`${f.logicalId}`, { line: f.range.start.line, fingerprint: f.fingerprint }]));

  it('have no line numbers: moving lines keeps them', () => {
    const before = byKey(run(loaded({ template: templateA }), { rules }).findings);
    const moved = `# a comment\n\n${templateA.replace('  Queue:\n    Type: AWS::SQS::Queue\n', '')}  # more\n  Queue:\n    Type: AWS::SQS::Queue\n`;
    const after = byKey(run(loaded({ template: moved }), { rules }).findings);
    expect(after['Bucket']!.line).not.toBe(before['Bucket']!.line);
    expect(after['Queue']!.line).not.toBe(before['Queue']!.line);
    expect(after['Bucket']!.fingerprint).toBe(before['Bucket']!.fingerprint);
    expect(after['Queue']!.fingerprint).toBe(before['Queue']!.fingerprint);
  });

  it('differ by rule, file, resource and message data', () => {
    const all = [
      ...run(loaded({ template: templateA, file: 'a.yaml' }), { rules }).findings,
      ...run(loaded({ template: templateA, file: 'copy.yaml' }), { rules }).findings,
      ...run(loaded({ template: templateA, file: 'a.yaml' }), { rules: [recorder('t/b', ['AWS::S3::Bucket'], [])] }).findings,
    ];
    expect(new Set(all.map((f) => f.fingerprint)).size).toBe(all.length);
  });
});

describe('deterministic output', () => {
  it('sorts findings by file, position and rule, whatever the order of rules and stacks', () => {
    const rulesA = [
      recorder('t/z', ['AWS::S3::Bucket', 'AWS::SNS::Topic'], []),
      recorder('t/a', ['AWS::S3::Bucket', 'AWS::SQS::Queue'], []),
    ];
    const specs: StackSpec[] = [
      { template: templateB, file: 'b.yaml' },
      { template: templateA, file: 'a.yaml' },
    ];
    const one = run(loaded(...specs), { rules: rulesA });
    const two = run(loaded(...[...specs].reverse()), { rules: [...rulesA].reverse() });
    const lines = (r: typeof one) => r.findings.map((f) => `${f.file}:${f.range.start.line} ${f.ruleId}`);
    expect(lines(one)).toEqual(['a.yaml:2 t/a', 'a.yaml:2 t/z', 'a.yaml:6 t/a', 'a.yaml:8 t/z', 'b.yaml:2 t/a', 'b.yaml:2 t/z']);
    expect(JSON.stringify(two.findings)).toBe(JSON.stringify(one.findings));
    expect([...one.findings].sort(compareFindings)).toEqual(one.findings);
  });

  it('summarizes every control, with zeros', () => {
    const result = run(loaded({ template: templateA }), { rules: [recorder('t/a', ['AWS::S3::Bucket'], [])] });
    expect(Object.keys(result.summary.byControl)).toEqual([...CONTROL_IDS]);
    expect(result.summary).toEqual({
      files: 1,
      stacks: 1,
      resources: 3,
      findings: 1,
      suppressed: 0,
      byControl: { ...Object.fromEntries(CONTROL_IDS.map((c) => [c, 0])), 'S3-1': 1 },
    });
  });
});

describe('reachesThreshold', () => {
  const finding = (severity: Finding['severity']) => ({ severity, suppressed: null }) as Finding;
  it.each([
    ['error', ['error'], true],
    ['error', ['warning', 'note'], false],
    ['warning', ['warning'], true],
    ['warning', ['note'], false],
    ['note', ['note'], true],
    ['none', ['error'], false],
  ] as const)('--fail-on %s with %j: %s', (failOn, severities, expected) => {
    expect(reachesThreshold(severities.map(finding), failOn)).toBe(expected);
  });
  it('ignores suppressed findings', () => {
    expect(
      reachesThreshold([{ severity: 'error', suppressed: { kind: 'inSource', source: 'x', justification: 'y' } } as Finding], 'note'),
    ).toBe(false);
  });
});

describe('the default as-of date', () => {
  it('is the day of the run, not the day the module was imported', () => {
    const dates: string[] = [];
    const probe = defineRule({
      id: 'test/as-of',
      title: 't',
      description: 'd',
      fix: 'f',
      controls: ['S3-5'],
      severity: 'note',
      appliesTo: 'stack',
      messages: { m: 'm' },
      // biome-ignore lint/correctness/useYield: records the options and reports nothing
      *check(_stack, ctx) {
        dates.push(ctx.options.asOf);
      },
    });
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2031-05-06T12:00:00Z'));
      run(loaded({ template: templateA }), { rules: [probe] });
      vi.setSystemTime(new Date('2031-05-07T12:00:00Z'));
      run(loaded({ template: templateA }), { rules: [probe] });
    } finally {
      vi.useRealTimers();
    }
    expect(dates).toEqual(['2031-05-06', '2031-05-07']);
  });
});

describe('formatMessage', () => {
  it('fills placeholders, with or without spaces, and keeps a missing one as written', () => {
    expect(formatMessage("Bucket '{{id}}' has {{ count }} issues{{tail}}.", { id: 'B', count: 2, tail: '' })).toBe(
      "Bucket 'B' has 2 issues.",
    );
    expect(formatMessage('{{a}} and {{b}}', { a: 'x' })).toBe('x and {{b}}');
    expect(formatMessage('no placeholders', undefined)).toBe('no placeholders');
    expect(formatMessage('{{a}}{{a}}', { a: 0 })).toBe('00');
  });
});

describe('fingerprint', () => {
  it('is the first 32 hex digits of the SHA-256 of the NUL-joined parts (null as empty)', () => {
    const expected = createHash('sha256').update(['r', '', 'f'].join('\u0000')).digest('hex').slice(0, 32);
    expect(fingerprint(['r', null, 'f'])).toBe(expected);
  });
});
