import { describe, expect, it } from 'vitest';
import { Graph } from '../graph/build.js';
import { parseYaml } from '../load/yaml.js';
import { awsManagedPolicies, groupsOf, policiesOf } from './attached.js';
import { documentsOf, grantingStatements } from './documents.js';
import { AWS_NAMING } from '../aws/names.js';

function graphOf(resources: string): Graph {
  const template = parseYaml('t.yaml', `Resources:\n${resources}`);
  return new Graph(
    [
      {
        id: 't',
        name: null,
        template,
        env: { account: null, region: null },
        terminationProtection: null,
        declaredAt: null,
        constructPath: null,
        constructPaths: new Map(),
        nestedIn: null,
      },
    ],
    AWS_NAMING,
  );
}
const doc = '      PolicyDocument: { Statement: [{ Effect: Allow, Action: s3:GetObject, Resource: "*" }] }\n';
const standalone = (id: string, type: string, attach: string) =>
  `  ${id}:\n    Type: ${type}\n    Properties:\n      PolicyName: ${id}\n      ${attach}\n${doc}`;

describe('policiesOf', () => {
  const graph = graphOf(
    `  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: app\n      AssumeRolePolicyDocument: {}\n      ManagedPolicyArns: [!Ref ByArnRef, 'arn:aws:iam::123456789012:policy/named', arn:aws:iam::aws:policy/ReadOnlyAccess]\n      Policies:\n        - PolicyName: own\n${doc.replace(/^ {6}/, '          ')}` +
      `  Other:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument: {}\n` +
      standalone('ByRef', 'AWS::IAM::Policy', 'Roles: [!Ref Role]') +
      standalone('ByName', 'AWS::IAM::Policy', 'Roles: [app]') +
      standalone('OtherPolicy', 'AWS::IAM::Policy', 'Roles: [!Ref Other]') +
      standalone('Managed', 'AWS::IAM::ManagedPolicy', 'Roles: [!Ref Role, !Ref Other]') +
      standalone('ByArnRef', 'AWS::IAM::ManagedPolicy', 'Description: x') +
      standalone('ByArnName', 'AWS::IAM::ManagedPolicy', 'ManagedPolicyName: named') +
      standalone('Single', 'AWS::IAM::RolePolicy', 'RoleName: !Ref Role'),
  );
  const role = graph.stacks[0]!.resourcesById.get('Role')!;

  it('finds every identity policy attached to a role, once, and nothing of other roles', () => {
    const found = policiesOf(graph, role).map((p) => `${p.attachment}:${p.holder.logicalId}`);
    expect(found.sort()).toEqual([
      'inline:Role',
      'managed:ByArnName',
      'managed:ByArnRef',
      'managed:Managed',
      'policy:ByName',
      'policy:ByRef',
      'policy:Single',
    ]);
    expect(policiesOf(graph, role).find((p) => p.attachment === 'inline')?.label).toBe("inline policy 'own' of role 'Role'");
  });

  it('does not include the trust policy', () => {
    expect(policiesOf(graph, role).every((p) => p.kind === 'identity')).toBe(true);
    expect(documentsOf(graph, role).map((d) => d.label)).toContain("trust policy of role 'Role'");
  });

  it('names the AWS managed policies, which have no document in the input', () => {
    expect(awsManagedPolicies(graph, role).map((m) => m.name)).toEqual(['ReadOnlyAccess']);
  });
});

describe('groups', () => {
  it('gives a user the policies of its groups, through Groups and AWS::IAM::UserToGroupAddition', () => {
    const graph = graphOf(
      `  Admins:\n    Type: AWS::IAM::Group\n  Devs:\n    Type: AWS::IAM::Group\n    Properties:\n      GroupName: devs\n  User:\n    Type: AWS::IAM::User\n    Properties:\n      Groups: [!Ref Admins]\n` +
        `  Addition:\n    Type: AWS::IAM::UserToGroupAddition\n    Properties:\n      GroupName: devs\n      Users: [!Ref User]\n` +
        standalone('AdminPolicy', 'AWS::IAM::Policy', 'Groups: [!Ref Admins]') +
        standalone('DevPolicy', 'AWS::IAM::GroupPolicy', 'GroupName: !Ref Devs'),
    );
    const user = graph.stacks[0]!.resourcesById.get('User')!;
    expect(groupsOf(graph, user).map((g) => g.logicalId)).toEqual(['Admins', 'Devs']);
    const policies = policiesOf(graph, user);
    expect(policies.map((p) => [p.holder.logicalId, p.via?.logicalId, p.label])).toEqual([
      ['AdminPolicy', 'Admins', "policy 'AdminPolicy' (through group 'Admins')"],
      ['DevPolicy', 'Devs', "policy 'DevPolicy' (through group 'Devs')"],
    ]);
  });
});

describe('documentsOf and grantingStatements', () => {
  it('labels resource policies and skips documents written as strings', () => {
    const graph = graphOf(
      `  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy: { Statement: [{ Effect: Allow, Principal: { AWS: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:root' }, Action: kms:*, Resource: '*' }, { Effect: Allow, Principal: { AWS: arn:aws:iam::210987654321:root }, Action: kms:Decrypt, Resource: '*' }] }\n` +
        `  Repo:\n    Type: AWS::ECR::Repository\n    Properties:\n      RepositoryPolicyText: '{"Statement": []}'\n` +
        `  BucketPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: b\n      PolicyDocument: { Statement: [{ Effect: Deny, Principal: '*', Action: s3:*, Resource: '*' }] }\n`,
    );
    const get = (id: string) => graph.stacks[0]!.resourcesById.get(id)!;
    expect(documentsOf(graph, get('Key')).map((d) => [d.kind, d.label])).toEqual([['resource', "key policy of key 'Key'"]]);
    expect(documentsOf(graph, get('BucketPolicy')).map((d) => d.label)).toEqual(["bucket policy 'BucketPolicy'"]);
    // A JSON string is a literal, not a document: nothing to read (a known gap).
    expect(grantingStatements(graph, get('Repo'))).toEqual([]);
    // The account-root statement delegates to IAM; the other account's grant stays; Deny never grants.
    expect(grantingStatements(graph, get('Key')).map((s) => s.statement.index)).toEqual([1]);
    expect(grantingStatements(graph, get('BucketPolicy'))).toEqual([]);
  });
});
