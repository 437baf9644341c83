import { describe, expect, it } from 'vitest';
import { Graph } from '../../src/graph/build.js';
import type { Resource } from '../../src/graph/values.js';
import { graphOf, stackOf } from '../helpers.js';
import { AWS_NAMING } from '../../src/aws/names.js';

const ids = (resources: readonly Resource[]) => resources.map((r) => `${r.stack.name ?? r.stack.id}:${r.logicalId}`);
const res = (graph: Graph, id: string, stack = 0) => graph.stacks[stack]!.resourcesById.get(id)!;

describe('links', () => {
  const graph = graphOf(`
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  NamedBucket:
    Type: AWS::S3::Bucket
    Properties: {BucketName: my-data}
  PolicyByRef:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Deny
            Resource: [!GetAtt Bucket.Arn, !Sub "\${Bucket.Arn}/*"]
  PolicyByName:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: my-data
      PolicyDocument:
        Statement:
          - Effect: Deny
            Resource: [arn:aws:s3:::my-data, arn:aws:s3:::my-data/*]
  Role:
    Type: AWS::IAM::Role
    Properties: {RoleName: app-role}
  User: {Type: AWS::IAM::User}
  Group:
    Type: AWS::IAM::Group
    Properties: {GroupName: admins}
  Policy:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!Ref Role]
      Users: [!Ref User]
      Groups: [admins]
  ManagedPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [app-role]
  Function:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt Role.Arn
  FunctionByArn:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/service/app-role
  SG: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x}}
  NamedSG: {Type: AWS::EC2::SecurityGroup, Properties: {GroupName: legacy, GroupDescription: x}}
  Ingress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !GetAtt SG.GroupId, IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
  IngressByName:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupName: legacy, IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: 0.0.0.0/0}
  IngressByRef:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: !Ref SG, SourceSecurityGroupId: !GetAtt NamedSG.GroupId}
  Conditional:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !If [Cond, !Ref Bucket, !Ref NamedBucket]
`);

  it('bucket policy → bucket, by Ref and by literal name', () => {
    expect(ids(graph.referencing(res(graph, 'Bucket'), 'AWS::S3::BucketPolicy', 'Bucket'))).toEqual([
      'template.yaml:PolicyByRef',
      'template.yaml:Conditional',
    ]);
    expect(ids(graph.referencing(res(graph, 'NamedBucket'), 'AWS::S3::BucketPolicy', 'Bucket'))).toEqual([
      'template.yaml:PolicyByName',
      'template.yaml:Conditional',
    ]);
  });

  it('bucket policy statements link to the bucket by ARN, written or computed', () => {
    expect(ids(graph.referencing(res(graph, 'Bucket'), 'AWS::S3::BucketPolicy', 'PolicyDocument'))).toEqual(['template.yaml:PolicyByRef']);
    expect(ids(graph.referencing(res(graph, 'NamedBucket'), 'AWS::S3::BucketPolicy', 'PolicyDocument'))).toEqual([
      'template.yaml:PolicyByName',
    ]);
  });

  it('policy → role, user and group (by Ref and by name)', () => {
    expect(ids(graph.referencedBy(res(graph, 'Policy'), 'Roles'))).toEqual(['template.yaml:Role']);
    expect(ids(graph.referencedBy(res(graph, 'Policy'), 'Users'))).toEqual(['template.yaml:User']);
    expect(ids(graph.referencedBy(res(graph, 'Policy'), 'Groups'))).toEqual(['template.yaml:Group']);
    expect(ids(graph.referencing(res(graph, 'Role'), 'AWS::IAM::ManagedPolicy', 'Roles'))).toEqual(['template.yaml:ManagedPolicy']);
    expect(ids(graph.referencing(res(graph, 'Role'), 'AWS::IAM::Policy'))).toEqual(['template.yaml:Policy']);
  });

  it('function → role, by GetAtt and by a role ARN with a path', () => {
    expect(ids(graph.referencedBy(res(graph, 'Function'), 'Role', 'AWS::IAM::Role'))).toEqual(['template.yaml:Role']);
    expect(ids(graph.referencedBy(res(graph, 'FunctionByArn'), 'Role'))).toEqual(['template.yaml:Role']);
    expect(ids(graph.referencing(res(graph, 'Role'), 'AWS::Lambda::Function', 'Role'))).toEqual([
      'template.yaml:Function',
      'template.yaml:FunctionByArn',
    ]);
  });

  it('ingress → security group, by GroupId (GetAtt, Ref) and GroupName', () => {
    expect(ids(graph.referencing(res(graph, 'SG'), 'AWS::EC2::SecurityGroupIngress', 'GroupId'))).toEqual([
      'template.yaml:Ingress',
      'template.yaml:IngressByRef',
    ]);
    expect(ids(graph.referencing(res(graph, 'NamedSG'), 'AWS::EC2::SecurityGroupIngress', 'GroupName'))).toEqual([
      'template.yaml:IngressByName',
    ]);
    // A property filter keeps other references out.
    expect(ids(graph.referencing(res(graph, 'NamedSG'), 'AWS::EC2::SecurityGroupIngress', 'GroupId'))).toEqual([]);
    expect(ids(graph.referencing(res(graph, 'NamedSG'), 'AWS::EC2::SecurityGroupIngress'))).toEqual([
      'template.yaml:IngressByName',
      'template.yaml:IngressByRef',
    ]);
  });

  it('referencedBy filters by type', () => {
    expect(ids(graph.referencedBy(res(graph, 'Policy'), undefined, 'AWS::IAM::User'))).toEqual(['template.yaml:User']);
    expect(ids(graph.referencedBy(res(graph, 'Policy')))).toEqual(['template.yaml:Role', 'template.yaml:User', 'template.yaml:Group']);
  });

  it('a property name is matched whole: Role does not match Roles', () => {
    expect(ids(graph.referencedBy(res(graph, 'Policy'), 'Role'))).toEqual([]);
  });

  it('each link is written once, at the node that holds the reference', () => {
    const fromPolicy = graph.links().filter((l) => l.from.logicalId === 'Policy');
    expect(fromPolicy.map((l) => `${l.pointer} → ${l.to.logicalId} (${l.attribute})`)).toEqual([
      '/Resources/Policy/Properties/Roles/0 → Role (null)',
      '/Resources/Policy/Properties/Users/0 → User (null)',
      '/Resources/Policy/Properties/Groups/0 → Group (name)',
    ]);
  });

  it('links carry the attribute of Fn::GetAtt', () => {
    const link = graph.links().find((l) => l.from.logicalId === 'Function');
    expect(link).toMatchObject({ pointer: '/Resources/Function/Properties/Role', attribute: 'Arn' });
  });
});

describe('cross-stack links through Fn::ImportValue', () => {
  const graph = graphOf(
    {
      name: 'data',
      file: 'data.yaml',
      template: `
Resources:
  Bucket: {Type: AWS::S3::Bucket}
  Role: {Type: AWS::IAM::Role}
Outputs:
  Name:
    Value: !Ref Bucket
    Export: {Name: data-bucket}
  RoleName:
    Value: !Ref Role
    Export: {Name: !Sub "\${AWS::StackName}-role"}
`,
    },
    {
      name: 'app',
      file: 'app.yaml',
      template: `
Resources:
  Policy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !ImportValue data-bucket
  RolePolicy:
    Type: AWS::IAM::Policy
    Properties:
      Roles: [!ImportValue data-role]
`,
    },
  );

  it('a bucket policy in one stack links to the bucket exported by another', () => {
    expect(ids(graph.referencing(res(graph, 'Bucket', 0), 'AWS::S3::BucketPolicy', 'Bucket'))).toEqual(['app:Policy']);
    expect(ids(graph.referencedBy(res(graph, 'Policy', 1), 'Bucket'))).toEqual(['data:Bucket']);
  });

  it('an export named with Fn::Sub of the stack name links too', () => {
    expect(ids(graph.referencing(res(graph, 'Role', 0), 'AWS::IAM::Policy', 'Roles'))).toEqual(['app:RolePolicy']);
  });
});

describe('Graph.rootStack', () => {
  const template = 'Resources:\n  Q: {Type: AWS::SQS::Queue}\n';
  const nested = (name: string, parent: string | null) => ({
    ...stackOf({ template, name }),
    nestedIn: parent === null ? null : { stackId: parent, logicalId: 'Nested' },
  });

  it('climbs from a nested stack to its root, and is the stack itself otherwise', () => {
    const graph = new Graph(
      [nested('Root', null), nested('Child', 'Root'), nested('Grandchild', 'Child'), nested('Other', null)],
      AWS_NAMING,
    );
    const [root, child, grandchild, other] = graph.stacks;
    expect(graph.rootStack(grandchild!)).toBe(root);
    expect(graph.rootStack(child!)).toBe(root);
    expect(graph.rootStack(root!)).toBe(root);
    expect(graph.rootStack(other!)).toBe(other);
  });

  it('stops at a parent missing from the input, and at a cycle', () => {
    const graph = new Graph([nested('Orphan', 'Gone'), nested('A', 'B'), nested('B', 'A')], AWS_NAMING);
    const [orphan, a, b] = graph.stacks;
    expect(graph.rootStack(orphan!)).toBe(orphan);
    // A → B → A: the climb ends where it would meet a stack again, back at the start.
    expect(graph.rootStack(a!)).toBe(a);
    expect(graph.rootStack(b!)).toBe(b);
  });
});
