import type { Naming } from '../graph/build.js';

/** The property that holds the physical name of each resource type that has one a template may write elsewhere. */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::S3::Bucket': 'BucketName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::User': 'UserName',
  'AWS::IAM::Group': 'GroupName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::EC2::SecurityGroup': 'GroupName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
};

const NAMED_TYPES = Object.keys(NAME_PROPERTY);
const IAM_TYPES: Readonly<Record<string, string>> = {
  role: 'AWS::IAM::Role',
  user: 'AWS::IAM::User',
  group: 'AWS::IAM::Group',
  policy: 'AWS::IAM::ManagedPolicy',
};

/**
 * AWS's physical names, so that a literal string links to the resource it names: a bucket policy may name its
 * bucket as a plain string, a function its role by ARN. A bare name may be of any named type; an S3 ARN
 * (`arn:<partition>:s3:::name[/key]`) names a bucket; an IAM ARN (`arn:…:iam::<account>:role/<path/>name`) a
 * role, user, group or managed policy, by its last path segment.
 */
export const AWS_NAMING: Naming = {
  properties: NAME_PROPERTY,
  designate(text) {
    if (!text.startsWith('arn:')) return { types: NAMED_TYPES, name: text, attribute: 'name' };
    const s3 = /^arn:[^:]*:s3:::([^/]+)/.exec(text);
    if (s3) return { types: ['AWS::S3::Bucket'], name: s3[1]!, attribute: 'arn' };
    const iam = /^arn:[^:]*:iam::[^:]*:(role|user|group|policy)\/(?:.*\/)?([^/]+)$/.exec(text);
    if (iam) return { types: [IAM_TYPES[iam[1]!]!], name: iam[2]!, attribute: 'arn' };
    return undefined;
  },
};
