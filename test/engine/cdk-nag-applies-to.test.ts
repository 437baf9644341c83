import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/load/json.js';
import type { LoadedStack } from '../../src/load/stack.js';
import { parseYaml } from '../../src/load/yaml.js';
import { run } from '../../src/engine/run.js';
import { rules } from '../../src/rules/index.js';

/**
 * cdk-nag's granular suppressions (`applies_to`) as CDK users write them with `NagSuppressions.addResourceSuppressions`,
 * on the shapes the CDK synthesizes: the Lambda execution role with AWSLambdaBasicExecutionRole joined with the
 * partition, and a default policy with `s3:*` on `${Bucket.Arn}/*`. The findings must carry the same strings.
 */
function scan(text: string, file = 'Stack.template.json') {
  const template = file.endsWith('.json') ? parseJson(file, text) : parseYaml(file, text);
  const stack: LoadedStack = {
    id: file,
    name: null,
    template,
    env: { account: null, region: null },
    terminationProtection: null,
    declaredAt: null,
    constructPath: null,
    constructPaths: new Map(),
    nestedIn: null,
  };
  return run({ stacks: [stack], errors: [], files: 1 }, { rules, asOf: '2026-12-01' });
}

const nag = (entries: object[]) => ({ cdk_nag: { rules_to_suppress: entries } });

const template = (roleMetadata: object, policyMetadata: object) =>
  JSON.stringify(
    {
      Resources: {
        Bucket83908E77: { Type: 'AWS::S3::Bucket' },
        FnServiceRoleB9001A96: {
          Type: 'AWS::IAM::Role',
          Metadata: roleMetadata,
          Properties: {
            AssumeRolePolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
            },
            ManagedPolicyArns: [
              {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']],
              },
            ],
          },
        },
        FnServiceRoleDefaultPolicyC6A839BF: {
          Type: 'AWS::IAM::Policy',
          Metadata: policyMetadata,
          Properties: {
            PolicyName: 'FnServiceRoleDefaultPolicyC6A839BF',
            Roles: [{ Ref: 'FnServiceRoleB9001A96' }],
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [
                {
                  Effect: 'Allow',
                  Action: 's3:*',
                  Resource: [
                    { 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] },
                    { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Bucket83908E77', 'Arn'] }, '/*']] },
                  ],
                },
                { Effect: 'Allow', Action: 'xray:PutTraceSegments', Resource: '*' },
                { Effect: 'Allow', Action: 'dynamodb:Query', Resource: '*' },
              ],
            },
          },
        },
      },
    },
    null,
    2,
  );

const byRule = (findings: ReturnType<typeof scan>['findings'], id: string) => findings.filter((f) => f.ruleId === id);

describe('cdk-nag applies_to on the CDK shapes', () => {
  it('fills detail in cdk-nag format on IAM4 and IAM5 equivalents', () => {
    const result = scan(template({}, {}));
    expect(byRule(result.findings, 'iam/no-managed-policies').map((f) => f.detail)).toEqual([
      ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    ]);
    expect(byRule(result.findings, 'iam/no-wildcard-actions').map((f) => f.detail)).toEqual([['Action::s3:*']]);
    expect(byRule(result.findings, 'iam/no-wildcard-resources').map((f) => f.detail)).toEqual([['Resource::*']]);
  });

  it('the example of docs/suppressions.md suppresses the managed policy finding and is used', () => {
    const result = scan(
      template(
        nag([
          {
            id: 'AwsSolutions-IAM4',
            reason: 'Standard Lambda logging role, replaced in #123',
            applies_to: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          },
        ]),
        {},
      ),
    );
    const [managed] = byRule(result.findings, 'iam/no-managed-policies');
    expect(managed!.suppressed).toMatchObject({ source: 'cdk-nag', id: 'AwsSolutions-IAM4' });
    expect(byRule(result.findings, 'stackwarden/suppression-unused')).toEqual([]);
  });

  it('IAM5 with Action:: and Resource:: entries, and a regex, as users write them for the default policy', () => {
    const result = scan(
      template(
        {},
        nag([
          { id: 'AwsSolutions-IAM5', reason: 'The function manages every object of its own bucket', applies_to: ['Action::s3:*'] },
          {
            id: 'AwsSolutions-IAM5',
            reason: 'DynamoDB Query on tables created at run time by the tenant onboarding',
            applies_to: [{ regex: '/^Resource::\\*$/g' }],
          },
        ]),
      ),
    );
    expect(byRule(result.findings, 'iam/no-wildcard-actions').map((f) => f.suppressed?.id)).toEqual(['AwsSolutions-IAM5']);
    expect(byRule(result.findings, 'iam/no-wildcard-resources').map((f) => f.suppressed?.id)).toEqual(['AwsSolutions-IAM5']);
    expect(byRule(result.findings, 'stackwarden/suppression-unused')).toEqual([]);
  });

  it('an applies_to for another part leaves the finding, and is reported unused, at the entry', () => {
    const result = scan(
      template(
        nag([
          {
            id: 'AwsSolutions-IAM4',
            reason: 'Read-only access granted on purpose by the platform team',
            applies_to: ['Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonS3ReadOnlyAccess'],
          },
        ]),
        {},
      ),
    );
    expect(byRule(result.findings, 'iam/no-managed-policies')[0]!.suppressed).toBeNull();
    const [unused] = byRule(result.findings, 'stackwarden/suppression-unused');
    expect(unused!.pointer).toBe('/Resources/FnServiceRoleB9001A96/Metadata/cdk_nag/rules_to_suppress/0');
    expect(unused!.range.start.line).toBe(11);
  });

  it('renders Fn::Sub ARNs the way cdk-nag does, in YAML templates too', () => {
    const yaml = `Resources:
  Role:
    Type: AWS::IAM::Role
    Metadata:
      cdk_nag:
        rules_to_suppress:
          - id: AwsSolutions-IAM4
            reason: Lambda basic execution only, reviewed in SEC-7
            applies_to:
              - Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
    Properties:
      AssumeRolePolicyDocument: { Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: sts:AssumeRole }] }
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
`;
    const result = scan(yaml, 't.yaml');
    expect(byRule(result.findings, 'iam/no-managed-policies').map((f) => f.suppressed?.source)).toEqual(['cdk-nag']);
  });
});
