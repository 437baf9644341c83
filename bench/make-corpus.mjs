#!/usr/bin/env node
// A generated corpus of CloudFormation templates for the benchmarks, in the shapes CDK and hand-written projects
// use: buckets with and without their hardening, bucket policies, roles with managed and inline policies, policies
// attached to roles, Lambda functions on old and current runtimes, security groups, parameters, conditions and
// intrinsics (Ref, GetAtt, Sub, If, Join). Half the templates are JSON, half YAML with short-form tags. A seed
// makes the corpus the same on every machine. Usage:
//   node bench/make-corpus.mjs --out DIR [--n 200] [--seed 42] [--resources 200]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : process.argv[i + 1];
};
const out = arg('out', null);
if (!out) throw new Error('usage: node bench/make-corpus.mjs --out DIR [--n 200] [--seed 42] [--resources 200]');
const n = Number(arg('n', 200));
const seed = Number(arg('seed', 42));
const perTemplate = Number(arg('resources', 200));

/** mulberry32: a small seeded generator, so the corpus does not depend on Math.random. */
function generator(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(seed);
const chance = (p) => random() < p;
const pick = (list) => list[Math.floor(random() * list.length)];

const ref = (name) => ({ Ref: name });
const getAtt = (id, attribute) => ({ 'Fn::GetAtt': [id, attribute] });
const sub = (text) => ({ 'Fn::Sub': text });

const MANAGED = [
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
  'arn:aws:iam::aws:policy/AmazonS3FullAccess',
  'arn:aws:iam::aws:policy/AdministratorAccess',
  'arn:aws:iam::aws:policy/ReadOnlyAccess',
];
const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:*', '*', 'dynamodb:Get*', 'logs:CreateLogStream', 'kms:Decrypt', 'iam:PassRole'];
const RUNTIMES = ['nodejs16.x', 'nodejs18.x', 'nodejs20.x', 'nodejs22.x', 'python3.8', 'python3.12', 'java11', 'go1.x'];
const PORTS = [
  [22, 22],
  [443, 443],
  [3389, 3389],
  [0, 65535],
  [80, 80],
];

function bucket(i) {
  const properties = {};
  if (chance(0.5)) properties.BucketName = sub(`\${AWS::StackName}-data-${i}`);
  if (chance(0.6))
    properties.BucketEncryption = {
      ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: pick(['AES256', 'aws:kms']) } }],
    };
  if (chance(0.6)) properties.VersioningConfiguration = { Status: pick(['Enabled', 'Suspended']) };
  if (chance(0.6))
    properties.PublicAccessBlockConfiguration = {
      BlockPublicAcls: true,
      BlockPublicPolicy: chance(0.8),
      IgnorePublicAcls: true,
      RestrictPublicBuckets: chance(0.8),
    };
  if (chance(0.3)) properties.LoggingConfiguration = { DestinationBucketName: ref('LogBucket'), LogFilePrefix: `b${i}/` };
  if (chance(0.2))
    properties.ReplicationConfiguration = {
      Role: getAtt(`Role${i}`, 'Arn'),
      Rules: [{ Status: 'Enabled', Destination: { Bucket: sub(`arn:aws:s3:::replica-\${AWS::AccountId}-${i}`) } }],
    };
  return { Type: 'AWS::S3::Bucket', Properties: properties, DeletionPolicy: pick(['Retain', 'Delete']) };
}

function bucketPolicy(i) {
  const statements = [];
  if (chance(0.6))
    statements.push({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: [getAtt(`Bucket${i}`, 'Arn'), { 'Fn::Join': ['', [getAtt(`Bucket${i}`, 'Arn'), '/*']] }],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  statements.push({
    Effect: 'Allow',
    Principal: chance(0.2) ? '*' : { AWS: sub('arn:aws:iam::${AWS::AccountId}:root') },
    Action: pick(['s3:GetObject', 's3:*', ['s3:GetObject', 's3:ListBucket']]),
    Resource: { 'Fn::Join': ['', [getAtt(`Bucket${i}`, 'Arn'), '/*']] },
  });
  return {
    Type: 'AWS::S3::BucketPolicy',
    Properties: { Bucket: ref(`Bucket${i}`), PolicyDocument: { Version: '2012-10-17', Statement: statements } },
  };
}

function statement(i) {
  const action = chance(0.3) ? [pick(ACTIONS), pick(ACTIONS)] : pick(ACTIONS);
  const resource = chance(0.4) ? '*' : { 'Fn::Join': ['', [getAtt(`Bucket${i}`, 'Arn'), '/*']] };
  return { Effect: 'Allow', Action: action, Resource: resource };
}

function role(i) {
  const properties = {
    AssumeRolePolicyDocument: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    },
  };
  if (chance(0.7)) properties.ManagedPolicyArns = [chance(0.5) ? MANAGED[0] : pick(MANAGED)];
  if (chance(0.5))
    properties.Policies = [{ PolicyName: `inline-${i}`, PolicyDocument: { Version: '2012-10-17', Statement: [statement(i)] } }];
  return { Type: 'AWS::IAM::Role', Properties: properties };
}

function policy(i) {
  return {
    Type: 'AWS::IAM::Policy',
    Properties: {
      PolicyName: `policy-${i}`,
      Roles: [ref(`Role${i}`)],
      PolicyDocument: { Version: '2012-10-17', Statement: [statement(i), statement(i)] },
    },
  };
}

function lambda(i) {
  return {
    Type: 'AWS::Lambda::Function',
    Properties: {
      Runtime: chance(0.1) ? { 'Fn::If': ['IsProd', 'nodejs22.x', 'nodejs16.x'] } : pick(RUNTIMES),
      Handler: 'index.handler',
      Role: getAtt(`Role${i}`, 'Arn'),
      Code: { ZipFile: 'exports.handler = async () => ({});' },
      Environment: { Variables: { BUCKET: ref(`Bucket${i}`), STAGE: ref('Env') } },
    },
  };
}

function securityGroup(i) {
  const [from, to] = pick(PORTS);
  return {
    Type: 'AWS::EC2::SecurityGroup',
    Properties: {
      GroupDescription: `group ${i}`,
      VpcId: ref('VpcId'),
      SecurityGroupIngress: [
        { IpProtocol: 'tcp', FromPort: from, ToPort: to, CidrIp: pick(['0.0.0.0/0', '10.0.0.0/8', { Ref: 'AllowedCidr' }]) },
        ...(chance(0.3) ? [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, CidrIpv6: '::/0' }] : []),
      ],
    },
  };
}

/** One template: groups of related resources (bucket, its policy, a role, its policy, a function, a group). */
function template() {
  const resources = {
    LogBucket: { Type: 'AWS::S3::Bucket', Properties: { OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerPreferred' }] } } },
  };
  for (let i = 0; Object.keys(resources).length < perTemplate; i++) {
    resources[`Bucket${i}`] = bucket(i);
    if (chance(0.7)) resources[`BucketPolicy${i}`] = bucketPolicy(i);
    resources[`Role${i}`] = role(i);
    if (chance(0.5)) resources[`Policy${i}`] = policy(i);
    if (chance(0.7)) resources[`Function${i}`] = lambda(i);
    if (chance(0.4)) resources[`Group${i}`] = securityGroup(i);
  }
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: 'Generated for the StackWarden benchmarks',
    Parameters: {
      Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] },
      VpcId: { Type: 'AWS::EC2::VPC::Id' },
      AllowedCidr: { Type: 'String', Default: '10.0.0.0/16' },
    },
    Conditions: { IsProd: { 'Fn::Equals': [ref('Env'), 'prod'] } },
    Resources: resources,
    Outputs: { LogBucketArn: { Value: getAtt('LogBucket', 'Arn') } },
  };
}

/** CloudFormation YAML with short-form tags for the intrinsics (`!Ref`, `!GetAtt a.b`, `!Sub`, `!If` …). */
function toYaml(value, indent = '') {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value.map((item) => `\n${indent}-${toYaml(item, `${indent}  `).replace(/^\n\s*/, ' ')}`).join('');
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) return ` ${shortForm(keys[0], value[keys[0]])}`;
    if (keys.length === 0) return ' {}';
    return keys.map((k) => `\n${indent}${k}:${toYaml(value[k], `${indent}  `)}`).join('');
  }
  return ` ${JSON.stringify(value)}`;
}

function shortForm(key, argument) {
  const tag = key === 'Ref' ? '!Ref' : `!${key.slice(4)}`;
  if (key === 'Fn::GetAtt' && Array.isArray(argument) && argument.every((a) => typeof a === 'string'))
    return `${tag} ${argument.join('.')}`;
  // Flow style in JSON syntax is valid YAML; nested intrinsics stay in their long form inside it.
  return `${tag} ${JSON.stringify(argument)}`;
}

mkdirSync(out, { recursive: true });
const started = performance.now();
let bytes = 0;
let resources = 0;
let yamlCount = 0;
for (let t = 0; t < n; t++) {
  const value = template();
  resources += Object.keys(value.Resources).length;
  const yaml = t % 2 === 1;
  const text = yaml ? `${toYaml(value).slice(1)}\n` : `${JSON.stringify(value, null, 2)}\n`;
  if (yaml) yamlCount++;
  writeFileSync(join(out, `t${String(t).padStart(4, '0')}.template.${yaml ? 'yaml' : 'json'}`), text);
  bytes += Buffer.byteLength(text);
}
console.log(
  JSON.stringify({
    out,
    templates: n,
    json: n - yamlCount,
    yaml: yamlCount,
    resources,
    mb: +(bytes / 1e6).toFixed(2),
    ms: Math.round(performance.now() - started),
    seed,
  }),
);
