import { describe, expect, it } from 'vitest';
import { nagText } from '../graph/detail.js';
import type { SourceDocument } from '../load/document.js';
import { parseJson } from '../load/json.js';
import type { LoadedStack } from '../load/stack.js';
import { parseYaml } from '../load/yaml.js';
import type { Finding } from '../model/types.js';
import { defineRule } from '../rules/define.js';
import { run, type RunOptions } from './run.js';

/** A bucket rule with peers in every format, so each source's ids map to it. */
const bucketRule = defineRule({
  id: 'test/bucket',
  title: 'Buckets are tested',
  description: 'Reports every bucket, so suppressions have something to hide.',
  fix: 'None: a test rule.',
  controls: ['S3-5'],
  severity: 'error',
  appliesTo: ['AWS::S3::Bucket'],
  peers: { cdkNag: ['AwsSolutions-S99', 'NIST.800.53.R5-S3BucketTested'], cfnNag: ['W99'], checkov: ['CKV_AWS_999'] },
  peerCovers: ['W99'],
  messages: { found: "Bucket '{{bucket}}' exists." },
  *check(bucket) {
    yield { at: bucket, messageId: 'found', data: { bucket: bucket.logicalId } };
  },
});

/** A granular rule: one finding per policy statement, with its actions and resources as detail. */
const grantRule = defineRule({
  id: 'test/grant',
  title: 'Grants are tested',
  description: 'Reports every statement of a policy, with cdk-nag style detail.',
  fix: 'None: a test rule.',
  controls: ['IAM-2'],
  severity: 'error',
  appliesTo: ['AWS::IAM::Policy'],
  peers: { cdkNag: ['AwsSolutions-IAM5'] },
  messages: { grant: "Policy '{{policy}}' grants statement {{index}}." },
  *check(policy, ctx) {
    const statements = ctx.graph.get(policy, 'Properties', 'PolicyDocument', 'Statement');
    if (statements.kind !== 'list') return;
    for (const [index, statement] of statements.items.entries()) {
      const actions = ctx.graph.get(statement, 'Action');
      const resources = ctx.graph.get(statement, 'Resource');
      const each = (v: typeof actions) => (v.kind === 'list' ? v.items : [v]);
      const detail = [...each(actions).map((a) => `Action::${nagText(a)}`), ...each(resources).map((r) => `Resource::${nagText(r)}`)];
      yield { at: statement, messageId: 'grant', data: { policy: policy.logicalId, index }, detail };
    }
  },
});

function stackOf(file: string, text: string, extra: Partial<LoadedStack> = {}): LoadedStack {
  const template = file.endsWith('.json') ? parseJson(file, text) : parseYaml(file, text);
  return {
    id: file,
    name: null,
    template,
    env: { account: null, region: null },
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
    ...extra,
  };
}

function scan(template: string, options: Partial<RunOptions> & { files?: SourceDocument[] } = {}) {
  const { files, ...rest } = options;
  const stacks = [stackOf('template.yaml', template)];
  return run(
    { stacks, errors: [], files: 1 },
    { rules: [bucketRule, grantRule], asOf: '2026-03-01', suppressionFiles: files ?? [], ...rest },
  );
}

const bucket = (name: string, metadata = '') => `  ${name}:\n    Type: AWS::S3::Bucket\n${metadata}`;
const byRule = (findings: readonly Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);
const only = (findings: readonly Finding[], ruleId: string) => {
  const list = byRule(findings, ruleId);
  expect(list, `one ${ruleId} finding`).toHaveLength(1);
  return list[0]!;
};

describe('StackWarden metadata (Metadata.stackwarden.suppress)', () => {
  const template = (entry: string) =>
    `Resources:\n${bucket('Kept')}${bucket('Hidden', `    Metadata:\n      stackwarden:\n        suppress:\n${entry}`)}`;

  it('keeps a suppressed finding, marks it, and counts it', () => {
    const result = scan(template('          - id: test/bucket\n            reason: Holds only reproducible build output\n'));
    const hidden = result.findings.find((f) => f.logicalId === 'Hidden')!;
    expect(hidden.suppressed).toEqual({
      kind: 'inSource',
      source: 'stackwarden',
      justification: 'Holds only reproducible build output',
      id: 'test/bucket',
      location: { file: 'template.yaml', line: 9, column: 13 },
    });
    expect(result.findings.find((f) => f.logicalId === 'Kept')!.suppressed).toBeNull();
    expect(result.summary).toMatchObject({ findings: 1, suppressed: 1 });
    expect(byRule(result.findings, 'stackwarden/suppression-unused')).toEqual([]);
  });

  it('accepts a control id for every rule of that control', () => {
    const result = scan(template('          - id: S3-5\n            reason: Holds only reproducible build output\n'));
    expect(result.findings.find((f) => f.logicalId === 'Hidden')!.suppressed?.id).toBe('S3-5');
  });

  it('requires a reason of at least 10 characters; without one it suppresses nothing and is a finding', () => {
    for (const [entry, problem] of [
      ['          - id: test/bucket\n', 'it has no reason'],
      ['          - id: test/bucket\n            reason: too short\n', "its reason 'too short' is shorter than 10 characters"],
      ["          - id: test/bucket\n            reason: '   padded   '\n", 'shorter than 10 characters'],
    ] as const) {
      const result = scan(template(entry));
      expect(result.findings.find((f) => f.logicalId === 'Hidden')!.suppressed).toBeNull();
      const invalid = only(result.findings, 'stackwarden/suppression-invalid');
      expect(invalid).toMatchObject({
        severity: 'error',
        logicalId: 'Hidden',
        pointer: '/Resources/Hidden/Metadata/stackwarden/suppress/0',
        file: 'template.yaml',
      });
      expect(invalid.range.start).toEqual({ line: 9, column: 13 });
      expect(invalid.message).toContain(problem);
      expect(invalid.message).toContain("StackWarden suppression 'test/bucket' on resource 'Hidden'");
      expect(byRule(result.findings, 'stackwarden/suppression-unused')).toEqual([]);
    }
  });

  it("knows the audit's own rules in a scan: valid, and not unused where they do not run", () => {
    for (const id of ['audit/drift', 'audit/undeclared']) {
      const result = scan(template(`          - id: ${id}\n            reason: Managed by the platform team, ticket OPS-7\n`));
      expect(byRule(result.findings, 'stackwarden/suppression-invalid')).toEqual([]);
      expect(byRule(result.findings, 'stackwarden/suppression-unused')).toEqual([]);
    }
  });

  it('reports unknown ids, unknown keys, a malformed section and a missing id', () => {
    const unknown = scan(
      template('          - id: s3/nope\n            reason: Holds only reproducible build output\n            reasn: typo\n'),
    );
    expect(only(unknown.findings, 'stackwarden/suppression-invalid').message).toMatch(
      /'s3\/nope' names no StackWarden rule or control; unknown key 'reasn'/,
    );
    const malformed = scan(`Resources:\n${bucket('B', '    Metadata:\n      stackwarden:\n        suppress: test/bucket\n')}`);
    expect(only(malformed.findings, 'stackwarden/suppression-invalid').pointer).toBe('/Resources/B/Metadata/stackwarden');
    const noId = scan(template('          - reason: Holds only reproducible build output\n'));
    expect(only(noId.findings, 'stackwarden/suppression-invalid').message).toContain('needs an id');
  });

  it('reports a suppression that matches no finding as unused, at the entry', () => {
    const result = scan(
      `Resources:\n  Policy:\n    Type: AWS::IAM::Policy\n    Metadata:\n      stackwarden:\n        suppress:\n          - id: test/bucket\n            reason: There is no bucket here at all\n`,
    );
    const unused = only(result.findings, 'stackwarden/suppression-unused');
    expect(unused).toMatchObject({
      severity: 'warning',
      pointer: '/Resources/Policy/Metadata/stackwarden/suppress/0',
      logicalId: 'Policy',
      suppressed: null,
    });
    expect(unused.range.start.line).toBe(7);
  });

  it('does not report a suppression of a rule that is turned off as unused', () => {
    const result = scan(template('          - id: test/bucket\n            reason: Holds only reproducible build output\n'), {
      severity: { 'test/bucket': 'off' },
    });
    expect(result.findings).toEqual([]);
  });

  it('expires: holds through the day, then no longer suppresses and is reported', () => {
    const entry =
      '          - id: test/bucket\n            reason: Holds only reproducible build output\n            expires: 2026-03-01\n';
    const onTheDay = scan(template(entry), { asOf: '2026-03-01' });
    expect(onTheDay.findings.find((f) => f.logicalId === 'Hidden')!.suppressed?.expires).toBe('2026-03-01');
    const dayAfter = scan(template(entry), { asOf: '2026-03-02' });
    expect(dayAfter.findings.find((f) => f.logicalId === 'Hidden')!.suppressed).toBeNull();
    const expired = only(dayAfter.findings, 'stackwarden/suppression-expired');
    expect(expired.message).toContain('expired on 2026-03-01 (the run is as of 2026-03-02)');
    expect(byRule(dayAfter.findings, 'stackwarden/suppression-unused')).toEqual([]);
    const bad = scan(template(entry.replace('2026-03-01', '2026-02-30')));
    expect(only(bad.findings, 'stackwarden/suppression-invalid').message).toContain("'expires' must be a date like 2026-06-30");
  });

  it('template-level metadata covers every finding of the stack', () => {
    const result = scan(
      `Metadata:\n  stackwarden:\n    suppress:\n      - id: test/bucket\n        reason: Scratch stack torn down nightly\nResources:\n${bucket('A')}${bucket('B')}`,
    );
    expect(result.findings.map((f) => f.suppressed?.source)).toEqual(['stackwarden', 'stackwarden']);
    expect(result.findings[0]!.suppressed?.location).toEqual({ file: 'template.yaml', line: 4, column: 9 });
  });

  it('findings about suppressions cannot be suppressed, but their severity can be configured or turned off', () => {
    const text = `Metadata:\n  stackwarden:\n    suppress:\n      - id: stackwarden/suppression-unused\n        reason: Trying to hide the unused report\n      - id: test/bucket\n        reason: Nothing to suppress in this stack\nResources: {}\n`;
    const result = scan(text);
    expect(only(result.findings, 'stackwarden/suppression-invalid').message).toContain(
      "'stackwarden/suppression-unused' names no StackWarden rule",
    );
    expect(only(result.findings, 'stackwarden/suppression-unused').suppressed).toBeNull();
    const relaxed = scan(text, { severity: { 'stackwarden/suppression-unused': 'off', 'stackwarden/suppression-invalid': 'note' } });
    expect(relaxed.findings.map((f) => [f.ruleId, f.severity])).toEqual([['stackwarden/suppression-invalid', 'note']]);
    expect(relaxed.rules.map((r) => r.id)).not.toContain('stackwarden/suppression-unused');
    expect(relaxed.rules.map((r) => r.id)).toContain('stackwarden/suppression-expired');
  });
});

describe('appliesTo (cdk-nag applies_to semantics)', () => {
  const policy = (metadata: string) => `Resources:
  Policy:
    Type: AWS::IAM::Policy
${metadata}    Properties:
      PolicyDocument:
        Statement:
          - Effect: Allow
            Action: s3:*
            Resource: '*'
          - Effect: Allow
            Action: [s3:GetObject]
            Resource: !Sub '\${Bucket.Arn}/*'
`;
  const nag = (entries: string) => policy(`    Metadata:\n      cdk_nag:\n        rules_to_suppress:\n${entries}`);

  it('gives findings their detail in cdk-nag format', () => {
    const result = scan(policy(''));
    expect(result.findings.map((f) => f.detail)).toEqual([
      ['Action::s3:*', 'Resource::*'],
      ['Action::s3:GetObject', 'Resource::<Bucket.Arn>/*'],
    ]);
  });

  it('covers a finding only when every part of it is matched', () => {
    const result = scan(
      nag(
        `          - id: AwsSolutions-IAM5\n            reason: Read access to our own bucket objects\n            applies_to: ['Resource::<Bucket.Arn>/*', 'Action::s3:GetObject']\n`,
      ),
    );
    expect(result.findings.map((f) => f.suppressed?.source ?? null)).toEqual([null, 'cdk-nag']);
    const partial = scan(
      nag(
        `          - id: AwsSolutions-IAM5\n            reason: The s3 wildcard action is reviewed\n            applies_to: ['Action::s3:*']\n`,
      ),
    );
    // Resource::* is part of the same finding and is not covered: the finding stays, and the suppression is unused.
    expect(partial.findings.filter((f) => f.ruleId === 'test/grant').map((f) => f.suppressed)).toEqual([null, null]);
    expect(only(partial.findings, 'stackwarden/suppression-unused').pointer).toBe('/Resources/Policy/Metadata/cdk_nag/rules_to_suppress/0');
  });

  it('matches regular expressions written as cdk-nag writes them, and reports bad ones', () => {
    const result = scan(
      nag(
        `          - id: AwsSolutions-IAM5\n            reason: Every s3 grant here is reviewed\n            applies_to: [{ regex: '/^(Action::s3:.*|Resource::.*)$/g' }]\n`,
      ),
    );
    expect(result.findings.map((f) => f.suppressed?.source ?? null)).toEqual(['cdk-nag', 'cdk-nag']);
    const bad = scan(
      nag(
        `          - id: AwsSolutions-IAM5\n            reason: Every s3 grant here is reviewed\n            applies_to: [{ regex: '/(unclosed/' }]\n`,
      ),
    );
    expect(only(bad.findings, 'stackwarden/suppression-invalid').message).toContain(
      "'/(unclosed/' in 'applies_to' is not a valid regular expression",
    );
  });

  it('runs a regex from the input with a time bound: one that backtracks without end suppresses nothing', () => {
    // A plain RegExp test of this pattern on 'Resource::*' runs for minutes.
    const pattern = `/^${'(.*)*'.repeat(9)}Q$/`;
    const result = scan(
      nag(
        `          - id: AwsSolutions-IAM5\n            reason: Every s3 grant here is reviewed\n            applies_to: [{ regex: '${pattern}' }]\n`,
      ),
    );
    expect(result.findings.filter((f) => f.ruleId === 'test/grant').map((f) => f.suppressed)).toEqual([null, null]);
    expect(byRule(result.findings, 'stackwarden/suppression-unused')).toHaveLength(1);
  });

  it('never covers a finding without detail', () => {
    const result = scan(
      `Resources:\n${bucket('B', "    Metadata:\n      stackwarden:\n        suppress:\n          - id: test/bucket\n            reason: Only the star resource is fine\n            appliesTo: ['Resource::*']\n")}`,
    );
    expect(result.findings.find((f) => f.ruleId === 'test/bucket')!.suppressed).toBeNull();
    expect(byRule(result.findings, 'stackwarden/suppression-unused')).toHaveLength(1);
  });
});

describe('cdk-nag metadata (cdk_nag.rules_to_suppress)', () => {
  const nag = (entries: string) => `Resources:\n${bucket('B', `    Metadata:\n      cdk_nag:\n        rules_to_suppress:\n${entries}`)}`;

  it('maps ids through peers.cdkNag (any pack) and keeps the finding marked', () => {
    for (const id of ['AwsSolutions-S99', 'NIST.800.53.R5-S3BucketTested']) {
      const result = scan(nag(`          - id: ${id}\n            reason: Website bucket served through CloudFront\n`));
      expect(result.findings[0]!.suppressed).toMatchObject({
        kind: 'inSource',
        source: 'cdk-nag',
        id,
        justification: 'Website bucket served through CloudFront',
      });
      expect(result.summary.suppressed).toBe(1);
    }
  });

  it('decodes reasons cdk-nag base64-encoded', () => {
    const reason = Buffer.from('Website bucket — served through CloudFront').toString('base64');
    const result = scan(nag(`          - id: AwsSolutions-S99\n            reason: ${reason}\n            is_reason_encoded: true\n`));
    expect(result.findings[0]!.suppressed?.justification).toBe('Website bucket — served through CloudFront');
  });

  it('requires a reason, rejects a finding in the id, ignores ids StackWarden does not know, and reports unused ones', () => {
    const noReason = scan(nag('          - id: AwsSolutions-S99\n            reason: short\n'));
    expect(noReason.findings.find((f) => f.ruleId === 'test/bucket')!.suppressed).toBeNull();
    expect(only(noReason.findings, 'stackwarden/suppression-invalid').message).toContain(
      "cdk-nag suppression 'AwsSolutions-S99' on resource 'B' is not valid",
    );
    const bracket = scan(
      nag("          - id: 'AwsSolutions-S99[Resource::*]'\n            reason: Website bucket served through CloudFront\n"),
    );
    expect(only(bracket.findings, 'stackwarden/suppression-invalid').message).toContain("put 'Resource::*' in applies_to instead");
    const foreign = scan(nag('          - id: AwsSolutions-S1\n            reason: x\n'));
    expect(foreign.findings.map((f) => f.ruleId)).toEqual(['test/bucket']);
    const unused = scan(
      `Resources:\n  Policy:\n    Type: AWS::IAM::Policy\n    Metadata:\n      cdk_nag:\n        rules_to_suppress:\n          - id: AwsSolutions-S99\n            reason: Website bucket served through CloudFront\n`,
    );
    expect(only(unused.findings, 'stackwarden/suppression-unused').message).toBe(
      "cdk-nag suppression 'AwsSolutions-S99' on resource 'Policy' matches no finding: remove it, or correct its id or scope.",
    );
  });

  it('reads stack-level suppressions from the template Metadata', () => {
    const result = scan(
      `Metadata:\n  cdk_nag:\n    rules_to_suppress:\n      - id: AwsSolutions-S99\n        reason: Sandbox stack, deleted every night\nResources:\n${bucket('A')}${bucket('B')}`,
    );
    expect(result.findings.map((f) => f.suppressed?.source)).toEqual(['cdk-nag', 'cdk-nag']);
  });
});

describe('cfn-nag metadata (cfn_nag.rules_to_suppress)', () => {
  const cfn = (entries: string) => `Resources:\n${bucket('B', `    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n${entries}`)}`;

  it('maps ids through peers.cfnNag, requires a reason, and reports unused ones', () => {
    const ok = scan(cfn('          - id: W99\n            reason: Replaced by the platform replication job\n'));
    expect(ok.findings[0]!.suppressed).toMatchObject({ source: 'cfn-nag', id: 'W99', kind: 'inSource' });
    const noReason = scan(cfn('          - id: W99\n'));
    expect(noReason.findings.find((f) => f.ruleId === 'test/bucket')!.suppressed).toBeNull();
    expect(only(noReason.findings, 'stackwarden/suppression-invalid').message).toContain('it has no reason');
    const unused = scan(
      `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W99\n            reason: Replaced by the platform replication job\n`,
    );
    expect(byRule(unused.findings, 'stackwarden/suppression-unused')).toHaveLength(1);
  });

  it('is unused only where a rule covers the cfn-nag check (peerCovers), never for a merely related one', () => {
    // cfn-nag may raise W99 where the related StackWarden rule rightly finds nothing: its suppression is still
    // needed by the user's cfn-nag run, so it must not be called unused ...
    const policy = (rule: typeof bucketRule) =>
      run(
        {
          stacks: [
            stackOf(
              't.yaml',
              `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Metadata:\n      cfn_nag:\n        rules_to_suppress:\n          - id: W99\n            reason: Replaced by the platform replication job\n`,
            ),
          ],
          errors: [],
          files: 1,
        },
        { rules: [rule], asOf: '2026-01-01' },
      );
    const related = { ...bucketRule, peerCovers: undefined };
    expect(byRule(policy(related).findings, 'stackwarden/suppression-unused')).toEqual([]);
    // ... while a rule that raises every finding W99 raises can say it matches nothing.
    const unused = byRule(policy({ ...bucketRule, peerCovers: ['W99'] }).findings, 'stackwarden/suppression-unused');
    expect(unused).toHaveLength(1);
    expect(unused[0]!.pointer).toBe('/Resources/P/Metadata/cfn_nag/rules_to_suppress/0');
    expect(unused[0]!.range.start).toEqual({ line: 7, column: 13 });
  });

  it('is read on resources only, as cfn-nag does', () => {
    const result = scan(
      `Metadata:\n  cfn_nag:\n    rules_to_suppress:\n      - id: W99\n        reason: Replaced by the platform replication job\nResources:\n${bucket('A')}`,
    );
    expect(result.findings.map((f) => f.suppressed)).toEqual([null]);
  });
});

describe('checkov metadata (checkov.skip)', () => {
  const skip = (entries: string) => `Resources:\n${bucket('B', `    Metadata:\n      checkov:\n        skip:\n${entries}`)}`;

  it('maps ids through peers.checkov and takes the comment as the reason', () => {
    const result = scan(skip('          - id: CKV_AWS_999\n            comment: Versioning is handled by AWS Backup\n'));
    expect(result.findings[0]!.suppressed).toMatchObject({
      source: 'checkov',
      id: 'CKV_AWS_999',
      justification: 'Versioning is handled by AWS Backup',
    });
  });

  it('requires a comment, and reports unused ones', () => {
    const noComment = scan(skip('          - id: CKV_AWS_999\n'));
    expect(noComment.findings.find((f) => f.ruleId === 'test/bucket')!.suppressed).toBeNull();
    expect(only(noComment.findings, 'stackwarden/suppression-invalid').message).toContain('it has no comment');
    const unused = scan(
      `Resources:\n  P:\n    Type: AWS::IAM::Policy\n    Metadata:\n      checkov:\n        skip:\n          - id: CKV_AWS_999\n            comment: Versioning is handled by AWS Backup\n`,
    );
    expect(byRule(unused.findings, 'stackwarden/suppression-unused')).toHaveLength(1);
  });
});

describe('central suppressions file', () => {
  const file = (text: string, name = 'stackwarden.suppressions.yaml') =>
    name.endsWith('.json') ? parseJson(name, text) : parseYaml(name, text);
  const template = `Resources:\n${bucket('Logs')}${bucket('Data')}`;

  it('selects by resource glob, marks findings as external, and points at the entry', () => {
    const result = scan(template, {
      files: [file('suppressions:\n  - rule: test/bucket\n    resource: Lo*\n    reason: Log bucket owned by the platform team\n')],
    });
    expect(result.findings.map((f) => [f.logicalId, f.suppressed?.kind ?? null])).toEqual([
      ['Logs', 'external'],
      ['Data', null],
    ]);
    expect(result.findings[0]!.suppressed).toMatchObject({
      source: 'suppressions-file',
      location: { file: 'stackwarden.suppressions.yaml', line: 2, column: 5 },
    });
  });

  it('matches construct paths through their ancestors, stacks by name, and files', () => {
    const stacks = [
      stackOf(
        'cdk.out/App.template.json',
        JSON.stringify({ Resources: { Bucket83908E77: { Type: 'AWS::S3::Bucket', Metadata: { 'aws:cdk:path': 'App/Bucket/Resource' } } } }),
        { id: 'App', name: 'App' },
      ),
      stackOf('other.yaml', `Resources:\n${bucket('Bucket')}`),
    ];
    const scanWith = (entry: string) =>
      run(
        { stacks, errors: [], files: 2 },
        {
          rules: [bucketRule],
          asOf: '2026-03-01',
          suppressionFiles: [file(`suppressions:\n  - rule: test/bucket\n    reason: Reviewed by the platform team\n${entry}`)],
        },
      ).findings.map((f) => [f.file, f.suppressed !== null]);
    expect(scanWith('    resource: App/Bucket\n')).toEqual([
      ['cdk.out/App.template.json', true],
      ['other.yaml', false],
    ]);
    expect(scanWith("    stack: 'A*'\n")).toEqual([
      ['cdk.out/App.template.json', true],
      ['other.yaml', false],
    ]);
    expect(scanWith("    file: '*.yaml'\n")).toEqual([
      ['cdk.out/App.template.json', false],
      ['other.yaml', true],
    ]);
    // Both globs must match: the stack does, the resource does not, so nothing is suppressed and the entry is unused.
    expect(scanWith('    stack: App\n    resource: Bucket\n')).toEqual([
      ['cdk.out/App.template.json', false],
      ['other.yaml', false],
      ['stackwarden.suppressions.yaml', false],
    ]);
  });

  it('requires a reason, reports unused and expired entries with their line', () => {
    const json = `{
  "suppressions": [
    { "rule": "test/bucket", "resource": "Data" },
    { "rule": "test/bucket", "resource": "Nothing*", "reason": "The Nothing buckets were removed" },
    { "rule": "S3-5", "resource": "Logs", "reason": "Temporary while logs move", "expires": "2026-01-31" }
  ]
}
`;
    const result = scan(template, { files: [file(json, 'stackwarden.suppressions.json')] });
    expect(result.findings.filter((f) => f.ruleId === 'test/bucket').map((f) => f.suppressed)).toEqual([null, null]);
    const meta = result.findings
      .filter((f) => f.ruleId.startsWith('stackwarden/'))
      .map((f) => [f.ruleId, f.file, f.range.start.line, f.stack, f.logicalId]);
    expect(meta).toEqual([
      ['stackwarden/suppression-invalid', 'stackwarden.suppressions.json', 3, null, null],
      ['stackwarden/suppression-unused', 'stackwarden.suppressions.json', 4, null, null],
      ['stackwarden/suppression-expired', 'stackwarden.suppressions.json', 5, null, null],
    ]);
    expect(result.findings.find((f) => f.ruleId === 'stackwarden/suppression-expired')!.message).toBe(
      "Suppressions-file entry 'S3-5' expired on 2026-01-31 (the run is as of 2026-03-01): it no longer suppresses anything.",
    );
  });

  it('reports a file of the wrong shape and unknown keys', () => {
    expect(only(scan(template, { files: [file('- rule: test/bucket\n')] }).findings, 'stackwarden/suppression-invalid').message).toContain(
      'expected \'{ "suppressions": [ … ] }\'',
    );
    const typo = scan(template, {
      files: [file('suppressions:\n  - rule: test/bucket\n    resorce: Data\n    reason: Reviewed by the platform team\n')],
    });
    expect(only(typo.findings, 'stackwarden/suppression-invalid').message).toContain("unknown key 'resorce'");
  });

  it('in-source suppressions take precedence over the central file, and both count as used', () => {
    const inSource = `Resources:\n${bucket('Data', '    Metadata:\n      stackwarden:\n        suppress:\n          - id: test/bucket\n            reason: Data owner accepted this in review\n')}`;
    const result = scan(inSource, {
      files: [file('suppressions:\n  - rule: test/bucket\n    reason: Platform team accepts all test buckets\n')],
    });
    // The file entry matched too (it is not unused), but the in-source reason is the one shown.
    expect(result.findings.map((f) => f.suppressed?.source)).toEqual(['stackwarden']);
  });
});
