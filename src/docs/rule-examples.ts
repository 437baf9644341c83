/**
 * Before and after, per rule: a template that fails the rule and one that passes it, in CloudFormation YAML and
 * in CDK TypeScript. docs/rules.md shows them; src/docs/rule-examples.test.ts runs every YAML snippet through the
 * real rule and synthesizes every CDK snippet with aws-cdk-lib and runs the rule on the result (fail: at least one
 * unsuppressed finding of that rule; pass: none), so they cannot drift from what the rule does.
 */
import type { Profile } from '../rules/define.js';

/** One side of an example. */
export interface ExampleSide {
  /** A whole template, as YAML. */
  yaml: string;
  /**
   * CDK TypeScript that builds the same thing. In scope: `app` (a `cdk.App`), `stack` (a `cdk.Stack` named
   * `Example`, unless the snippet creates its own stacks with `new cdk.Stack(app, …)`) and the modules `cdk`,
   * `s3`, `iam`, `ec2`, `lambda`, `rds`, `sns`, `sqs` and `elasticbeanstalk` of aws-cdk-lib.
   */
  cdk: string;
  /**
   * What the cloud assembly says about the YAML's stack (its name, region and termination protection), when the
   * rule reads it. Without it the YAML is a plain template.
   */
  stack?: AssemblyFacts;
  /** More stacks of the same cloud assembly (another region's replica, say). */
  others?: readonly (AssemblyFacts & { yaml: string })[];
}

/** A stack's facts from a cloud assembly (manifest.json). */
export interface AssemblyFacts {
  name?: string;
  region?: string;
  terminationProtection?: boolean;
}

export interface RuleExamples {
  /** The profile the examples are judged under (default: recommended). */
  profile?: Profile;
  fail: ExampleSide;
  pass: ExampleSide;
}

/** The names the CDK snippets use, in the order the test passes them. */
export const CDK_SCOPE = ['cdk', 's3', 'iam', 'ec2', 'lambda', 'rds', 'sns', 'sqs', 'elasticbeanstalk'] as const;

/** A template literal without its first newline and its common indentation. */
function text(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '').replace(/^\n/, '');
  const indent = Math.min(
    ...raw
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => /^ */.exec(l)![0].length),
  );
  return raw
    .split('\n')
    .map((l) => l.slice(indent))
    .join('\n')
    .replace(/\s*$/, '\n');
}

const bucket = (properties = '') =>
  properties === ''
    ? 'Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n'
    : `Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n${properties}`;

const managedPolicy = (statement: string) => text`
  Resources:
    Policy:
      Type: AWS::IAM::ManagedPolicy
      Properties:
        PolicyDocument:
          Version: '2012-10-17'
          Statement:
            - Effect: Allow
${statement}`;

const group = (rules: string) =>
  text`
  Resources:
    Group:
      Type: AWS::EC2::SecurityGroup
      Properties:
        GroupDescription: web servers
        VpcId: vpc-0123456789abcdef0
  ` + rules;

const vpc = "const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });\n";

const bucketPolicy = (principal: string, action: string) => text`
  Resources:
    Bucket:
      Type: AWS::S3::Bucket
    BucketPolicy:
      Type: AWS::S3::BucketPolicy
      Properties:
        Bucket: !Ref Bucket
        PolicyDocument:
          Version: '2012-10-17'
          Statement:
            - Effect: Allow
              Principal: ${principal}
              Action: ${action}
              Resource: !Sub '\${Bucket.Arn}/*'
  `;

/** A role of the stack's own account (another account's principal is a note of its own). */
const READER = "{ AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/reader' }";

export const RULE_EXAMPLES: Readonly<Record<string, RuleExamples>> = {
  'cfn/termination-protection': {
    fail: {
      yaml: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n',
      stack: { terminationProtection: false },
      cdk: "const stack = new cdk.Stack(app, 'Example');\nnew sns.Topic(stack, 'Topic');\n",
    },
    pass: {
      yaml: 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n',
      stack: { terminationProtection: true },
      cdk: "const stack = new cdk.Stack(app, 'Example', { terminationProtection: true });\nnew sns.Topic(stack, 'Topic');\n",
    },
  },
  'ec2/no-open-ingress': {
    fail: {
      yaml: group(
        '      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 0.0.0.0/0\n',
      ),
      cdk: `${vpc}const group = new ec2.SecurityGroup(stack, 'Group', { vpc });\ngroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));\n`,
    },
    pass: {
      yaml: group(
        '      SecurityGroupIngress:\n        - IpProtocol: tcp\n          FromPort: 22\n          ToPort: 22\n          CidrIp: 10.0.0.0/16\n',
      ),
      cdk: `${vpc}const group = new ec2.SecurityGroup(stack, 'Group', { vpc });\ngroup.addIngressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(22));\n`,
    },
  },
  'ec2/no-open-egress': {
    profile: 'strict',
    fail: {
      yaml: group("      SecurityGroupEgress:\n        - IpProtocol: '-1'\n          CidrIp: 0.0.0.0/0\n"),
      cdk: `${vpc}new ec2.SecurityGroup(stack, 'Group', { vpc }); // allowAllOutbound: true is the default\n`,
    },
    pass: {
      yaml: group(
        '      SecurityGroupEgress:\n        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: 0.0.0.0/0\n',
      ),
      cdk: `${vpc}const group = new ec2.SecurityGroup(stack, 'Group', { vpc, allowAllOutbound: false });\ngroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443));\n`,
    },
  },
  'elasticbeanstalk/managed-updates': {
    fail: {
      yaml: text`
        Resources:
          Env:
            Type: AWS::ElasticBeanstalk::Environment
            Properties:
              ApplicationName: app
              SolutionStackName: 64bit Amazon Linux 2023 v6.6.0 running Node.js 22
              OptionSettings:
                - Namespace: aws:elasticbeanstalk:managedactions
                  OptionName: ManagedActionsEnabled
                  Value: 'false'
        `,
      cdk: text`
        new elasticbeanstalk.CfnEnvironment(stack, 'Env', {
          applicationName: 'app',
          solutionStackName: '64bit Amazon Linux 2023 v6.6.0 running Node.js 22',
          optionSettings: [{ namespace: 'aws:elasticbeanstalk:managedactions', optionName: 'ManagedActionsEnabled', value: 'false' }],
        });
        `,
    },
    pass: {
      yaml: text`
        Resources:
          Env:
            Type: AWS::ElasticBeanstalk::Environment
            Properties:
              ApplicationName: app
              SolutionStackName: 64bit Amazon Linux 2023 v6.6.0 running Node.js 22
              OptionSettings:
                - Namespace: aws:elasticbeanstalk:managedactions
                  OptionName: ManagedActionsEnabled
                  Value: 'true'
                - Namespace: aws:elasticbeanstalk:managedactions
                  OptionName: PreferredStartTime
                  Value: Tue:09:00
        `,
      cdk: text`
        new elasticbeanstalk.CfnEnvironment(stack, 'Env', {
          applicationName: 'app',
          solutionStackName: '64bit Amazon Linux 2023 v6.6.0 running Node.js 22',
          optionSettings: [
            { namespace: 'aws:elasticbeanstalk:managedactions', optionName: 'ManagedActionsEnabled', value: 'true' },
            { namespace: 'aws:elasticbeanstalk:managedactions', optionName: 'PreferredStartTime', value: 'Tue:09:00' },
          ],
        });
        `,
    },
  },
  'iam/no-allow-not-action': {
    fail: {
      yaml: managedPolicy("              NotAction: 'iam:*'\n              Resource: '*'\n"),
      cdk: "new iam.ManagedPolicy(stack, 'Policy', {\n  statements: [new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['*'] })],\n});\n",
    },
    pass: {
      yaml: managedPolicy("              Action: ['s3:GetObject']\n              Resource: 'arn:aws:s3:::example-data/*'\n"),
      cdk: "new iam.ManagedPolicy(stack, 'Policy', {\n  statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::example-data/*'] })],\n});\n",
    },
  },
  'iam/no-wildcard-actions': {
    fail: {
      yaml: managedPolicy("              Action: 's3:*'\n              Resource: 'arn:aws:s3:::example-data/*'\n"),
      cdk: "new iam.ManagedPolicy(stack, 'Policy', {\n  statements: [new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::example-data/*'] })],\n});\n",
    },
    pass: {
      yaml: managedPolicy(
        "              Action: ['s3:GetObject', 's3:PutObject']\n              Resource: 'arn:aws:s3:::example-data/*'\n",
      ),
      cdk: "new iam.ManagedPolicy(stack, 'Policy', {\n  statements: [new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::example-data/*'] })],\n});\n",
    },
  },
  'iam/no-wildcard-resources': {
    fail: {
      yaml: managedPolicy("              Action: ['s3:GetObject']\n              Resource: '*'\n"),
      cdk: "new iam.ManagedPolicy(stack, 'Policy', {\n  statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })],\n});\n",
    },
    pass: {
      yaml: managedPolicy("              Action: ['s3:GetObject']\n              Resource: 'arn:aws:s3:::example-data/*'\n"),
      cdk: "const data = s3.Bucket.fromBucketName(stack, 'Data', 'example-data');\nnew iam.ManagedPolicy(stack, 'Policy', {\n  statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [data.arnForObjects('*')] })],\n});\n",
    },
  },
  'iam/no-managed-policies': {
    fail: {
      yaml: text`
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Principal: { Service: ecs-tasks.amazonaws.com }
                    Action: sts:AssumeRole
              ManagedPolicyArns:
                - !Sub 'arn:\${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess'
        `,
      cdk: text`
        new iam.Role(stack, 'Role', {
          assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
          managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess')],
        });
        `,
    },
    pass: {
      yaml: text`
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Principal: { Service: ecs-tasks.amazonaws.com }
                    Action: sts:AssumeRole
              Policies:
                - PolicyName: read-data
                  PolicyDocument:
                    Version: '2012-10-17'
                    Statement:
                      - Effect: Allow
                        Action: s3:GetObject
                        Resource: arn:aws:s3:::example-data/*
        `,
      cdk: text`
        const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
        s3.Bucket.fromBucketName(stack, 'Data', 'example-data').grantRead(role);
        `,
    },
  },
  'iam/no-public-principal': {
    fail: {
      yaml: text`
        Resources:
          Queue:
            Type: AWS::SQS::Queue
          QueuePolicy:
            Type: AWS::SQS::QueuePolicy
            Properties:
              Queues: [!Ref Queue]
              PolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Principal: '*'
                    Action: sqs:SendMessage
                    Resource: !GetAtt Queue.Arn
        `,
      cdk: text`
        const queue = new sqs.Queue(stack, 'Queue');
        queue.addToResourcePolicy(
          new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
        );
        `,
    },
    pass: {
      yaml: text`
        Resources:
          Queue:
            Type: AWS::SQS::Queue
          QueuePolicy:
            Type: AWS::SQS::QueuePolicy
            Properties:
              Queues: [!Ref Queue]
              PolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Principal: { AWS: 'arn:aws:iam::111122223333:root' }
                    Action: sqs:SendMessage
                    Resource: !GetAtt Queue.Arn
        `,
      cdk: text`
        const queue = new sqs.Queue(stack, 'Queue');
        queue.addToResourcePolicy(
          new iam.PolicyStatement({ principals: [new iam.AccountPrincipal('111122223333')], actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
        );
        `,
    },
  },
  'iam/principal-least-privilege': {
    fail: {
      yaml: text`
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Principal: { Service: lambda.amazonaws.com }
                    Action: sts:AssumeRole
          Policy:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: admin-roles
              Roles: [!Ref Role]
              PolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Action: iam:PutRolePolicy
                    Resource: '*'
        `,
      cdk: text`
        const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
        role.addToPolicy(new iam.PolicyStatement({ actions: ['iam:PutRolePolicy'], resources: ['*'] }));
        `,
    },
    pass: {
      yaml: text`
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Principal: { Service: lambda.amazonaws.com }
                    Action: sts:AssumeRole
          Policy:
            Type: AWS::IAM::Policy
            Properties:
              PolicyName: admin-roles
              Roles: [!Ref Role]
              PolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Action: iam:PutRolePolicy
                    Resource: arn:aws:iam::123456789012:role/worker
        `,
      cdk: text`
        const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
        role.addToPolicy(new iam.PolicyStatement({ actions: ['iam:PutRolePolicy'], resources: ['arn:aws:iam::123456789012:role/worker'] }));
        `,
    },
  },
  'iam/service-source-condition': {
    fail: {
      yaml: text`
        Resources:
          Topic:
            Type: AWS::SNS::Topic
          TopicPolicy:
            Type: AWS::SNS::TopicPolicy
            Properties:
              Topics: [!Ref Topic]
              PolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Principal: { Service: s3.amazonaws.com }
                    Action: sns:Publish
                    Resource: !Ref Topic
        `,
      cdk: text`
        const topic = new sns.Topic(stack, 'Topic');
        topic.addToResourcePolicy(
          new iam.PolicyStatement({ principals: [new iam.ServicePrincipal('s3.amazonaws.com')], actions: ['sns:Publish'], resources: [topic.topicArn] }),
        );
        `,
    },
    pass: {
      yaml: text`
        Resources:
          Topic:
            Type: AWS::SNS::Topic
          TopicPolicy:
            Type: AWS::SNS::TopicPolicy
            Properties:
              Topics: [!Ref Topic]
              PolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Allow
                    Principal: { Service: s3.amazonaws.com }
                    Action: sns:Publish
                    Resource: !Ref Topic
                    Condition:
                      StringEquals:
                        aws:SourceAccount: !Ref AWS::AccountId
        `,
      cdk: text`
        const topic = new sns.Topic(stack, 'Topic');
        topic.addToResourcePolicy(
          new iam.PolicyStatement({
            principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
            actions: ['sns:Publish'],
            resources: [topic.topicArn],
            conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
          }),
        );
        `,
    },
  },
  'lambda/runtime-deprecated': {
    fail: {
      yaml: text`
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: nodejs16.x
              Handler: index.handler
              Role: arn:aws:iam::123456789012:role/fn
              Code: { ZipFile: 'exports.handler = async () => {};' }
        `,
      cdk: text`
        new lambda.Function(stack, 'Fn', {
          runtime: lambda.Runtime.NODEJS_16_X,
          handler: 'index.handler',
          code: lambda.Code.fromInline('exports.handler = async () => {};'),
        });
        `,
    },
    pass: {
      yaml: text`
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: nodejs22.x
              Handler: index.handler
              Role: arn:aws:iam::123456789012:role/fn
              Code: { ZipFile: 'exports.handler = async () => {};' }
        `,
      cdk: text`
        new lambda.Function(stack, 'Fn', {
          runtime: lambda.Runtime.NODEJS_22_X,
          handler: 'index.handler',
          code: lambda.Code.fromInline('exports.handler = async () => {};'),
        });
        `,
    },
  },
  'rds/auto-minor-version-upgrade': {
    fail: {
      yaml: text`
        Resources:
          Db:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              DBInstanceClass: db.t4g.micro
              AllocatedStorage: '20'
              MasterUsername: app
              ManageMasterUserPassword: true
              AutoMinorVersionUpgrade: false
        `,
      cdk: text`
        new rds.CfnDBInstance(stack, 'Db', {
          engine: 'postgres',
          dbInstanceClass: 'db.t4g.micro',
          allocatedStorage: '20',
          masterUsername: 'app',
          manageMasterUserPassword: true,
          autoMinorVersionUpgrade: false,
        });
        `,
    },
    pass: {
      yaml: text`
        Resources:
          Db:
            Type: AWS::RDS::DBInstance
            Properties:
              Engine: postgres
              DBInstanceClass: db.t4g.micro
              AllocatedStorage: '20'
              MasterUsername: app
              ManageMasterUserPassword: true
              AutoMinorVersionUpgrade: true
        `,
      cdk: text`
        new rds.CfnDBInstance(stack, 'Db', {
          engine: 'postgres',
          dbInstanceClass: 'db.t4g.micro',
          allocatedStorage: '20',
          masterUsername: 'app',
          manageMasterUserPassword: true,
          autoMinorVersionUpgrade: true,
        });
        `,
    },
  },
  's3/block-public-access': {
    fail: {
      yaml: bucket('      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        IgnorePublicAcls: true\n'),
      cdk: "new s3.Bucket(stack, 'Bucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY });\n",
    },
    pass: {
      yaml: bucket(
        '      PublicAccessBlockConfiguration:\n        BlockPublicAcls: true\n        BlockPublicPolicy: true\n        IgnorePublicAcls: true\n        RestrictPublicBuckets: true\n',
      ),
      cdk: "new s3.Bucket(stack, 'Bucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });\n",
    },
  },
  's3/encryption-at-rest': {
    fail: {
      yaml: bucket(),
      cdk: "new s3.Bucket(stack, 'Bucket');\n",
    },
    pass: {
      yaml: bucket(
        '      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault:\n              SSEAlgorithm: AES256\n',
      ),
      cdk: "new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.S3_MANAGED });\n",
    },
  },
  's3/least-privilege-policy': {
    fail: {
      yaml: bucketPolicy(READER, "'s3:*'"),
      cdk: text`
        const bucket = new s3.Bucket(stack, 'Bucket');
        bucket.addToResourcePolicy(
          new iam.PolicyStatement({
            principals: [new iam.ArnPrincipal(\`arn:aws:iam::\${stack.account}:role/reader\`)],
            actions: ['s3:*'],
            resources: [bucket.arnForObjects('*')],
          }),
        );
        `,
    },
    pass: {
      yaml: bucketPolicy(READER, 's3:GetObject'),
      cdk: text`
        const bucket = new s3.Bucket(stack, 'Bucket');
        bucket.addToResourcePolicy(
          new iam.PolicyStatement({
            principals: [new iam.ArnPrincipal(\`arn:aws:iam::\${stack.account}:role/reader\`)],
            actions: ['s3:GetObject'],
            resources: [bucket.arnForObjects('*')],
          }),
        );
        `,
    },
  },
  's3/mfa-delete': {
    fail: {
      yaml: bucket('      VersioningConfiguration:\n        Status: Enabled\n'),
      cdk: "new s3.Bucket(stack, 'Bucket', { versioned: true });\n",
    },
    // No template can enable MFA delete; the root user does it after deployment, and the note is suppressed
    // with the reason.
    pass: {
      yaml: text`
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Metadata:
              stackwarden:
                suppress:
                  - id: s3/mfa-delete
                    reason: MFA delete enabled by the root user after deployment (runbook OPS-12)
            Properties:
              VersioningConfiguration:
                Status: Enabled
        `,
      cdk: text`
        const bucket = new s3.Bucket(stack, 'Bucket', { versioned: true });
        (bucket.node.defaultChild as s3.CfnBucket).addMetadata('stackwarden', {
          suppress: [{ id: 's3/mfa-delete', reason: 'MFA delete enabled by the root user after deployment (runbook OPS-12)' }],
        });
        `,
    },
  },
  's3/no-public-acl': {
    fail: {
      yaml: bucket('      AccessControl: PublicRead\n'),
      cdk: "new s3.Bucket(stack, 'Bucket', { accessControl: s3.BucketAccessControl.PUBLIC_READ });\n",
    },
    pass: {
      yaml: bucket('      AccessControl: Private\n'),
      cdk: "new s3.Bucket(stack, 'Bucket', { accessControl: s3.BucketAccessControl.PRIVATE });\n",
    },
  },
  's3/no-public-bucket-policy': {
    fail: {
      yaml: bucketPolicy("'*'", 's3:GetObject'),
      cdk: text`
        const bucket = new s3.Bucket(stack, 'Bucket');
        bucket.addToResourcePolicy(
          new iam.PolicyStatement({ principals: [new iam.AnyPrincipal()], actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }),
        );
        `,
    },
    pass: {
      yaml: bucketPolicy("{ AWS: 'arn:aws:iam::111122223333:root' }", 's3:GetObject'),
      cdk: text`
        const bucket = new s3.Bucket(stack, 'Bucket');
        bucket.addToResourcePolicy(
          new iam.PolicyStatement({
            principals: [new iam.AccountPrincipal('111122223333')],
            actions: ['s3:GetObject'],
            resources: [bucket.arnForObjects('*')],
          }),
        );
        `,
    },
  },
  's3/no-website-hosting': {
    fail: {
      yaml: bucket('      WebsiteConfiguration:\n        IndexDocument: index.html\n'),
      cdk: "new s3.Bucket(stack, 'Bucket', { websiteIndexDocument: 'index.html' });\n",
    },
    pass: {
      yaml: bucket('      BucketName: example-site-content\n'),
      cdk: "new s3.Bucket(stack, 'Bucket', { bucketName: 'example-site-content' }); // served through CloudFront, not a website endpoint\n",
    },
  },
  's3/object-ownership': {
    fail: {
      yaml: bucket('      OwnershipControls:\n        Rules:\n          - ObjectOwnership: ObjectWriter\n'),
      cdk: "new s3.Bucket(stack, 'Bucket', { objectOwnership: s3.ObjectOwnership.OBJECT_WRITER });\n",
    },
    pass: {
      yaml: bucket('      OwnershipControls:\n        Rules:\n          - ObjectOwnership: BucketOwnerEnforced\n'),
      cdk: "new s3.Bucket(stack, 'Bucket', { objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED });\n",
    },
  },
  's3/replication': {
    fail: {
      yaml: bucket('      VersioningConfiguration:\n        Status: Enabled\n'),
      cdk: "new s3.Bucket(stack, 'Bucket', { versioned: true });\n",
    },
    pass: {
      yaml: text`
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              VersioningConfiguration:
                Status: Enabled
              ReplicationConfiguration:
                Role: !Sub 'arn:\${AWS::Partition}:iam::\${AWS::AccountId}:role/replication'
                Rules:
                  - Status: Enabled
                    Destination:
                      Bucket: arn:aws:s3:::example-dr-copy
        `,
      stack: { name: 'Data', region: 'us-east-1' },
      others: [
        {
          name: 'Replica',
          region: 'eu-west-1',
          yaml: bucket('      BucketName: example-dr-copy\n      VersioningConfiguration:\n        Status: Enabled\n'),
        },
      ],
      cdk: text`
        const replica = new cdk.Stack(app, 'Replica', { env: { account: '111111111111', region: 'eu-west-1' } });
        new s3.Bucket(replica, 'Replica', { bucketName: 'example-dr-copy', versioned: true });
        const data = new cdk.Stack(app, 'Data', { env: { account: '111111111111', region: 'us-east-1' } });
        new s3.Bucket(data, 'Bucket', {
          versioned: true,
          replicationRules: [{ destination: s3.Bucket.fromBucketName(data, 'DrCopy', 'example-dr-copy'), priority: 1 }],
        });
        `,
    },
  },
  's3/tls-only': {
    fail: {
      yaml: bucket(),
      cdk: "new s3.Bucket(stack, 'Bucket');\n",
    },
    pass: {
      yaml: text`
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
          BucketPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              Bucket: !Ref Bucket
              PolicyDocument:
                Version: '2012-10-17'
                Statement:
                  - Effect: Deny
                    Principal: { AWS: '*' }
                    Action: 's3:*'
                    Resource: [!GetAtt Bucket.Arn, !Sub '\${Bucket.Arn}/*']
                    Condition:
                      Bool:
                        aws:SecureTransport: 'false'
        `,
      cdk: "new s3.Bucket(stack, 'Bucket', { enforceSSL: true });\n",
    },
  },
  's3/versioning': {
    fail: {
      yaml: bucket(),
      cdk: "new s3.Bucket(stack, 'Bucket');\n",
    },
    pass: {
      yaml: bucket('      VersioningConfiguration:\n        Status: Enabled\n'),
      cdk: "new s3.Bucket(stack, 'Bucket', { versioned: true });\n",
    },
  },
};
