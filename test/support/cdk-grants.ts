/**
 * What CDK's `bucket.grantReadWrite(fn)` writes (aws-cdk-lib 2.276, see MEASURED.md): one statement in the role's
 * `…DefaultPolicy…`. Tests of every rule that looks at actions use it to prove there is no false positive on it.
 */
export const GRANT_READ_WRITE_ACTIONS =
  '[s3:GetObject*, s3:GetBucket*, s3:List*, s3:DeleteObject*, s3:PutObject, s3:PutObjectLegalHold, s3:PutObjectRetention, s3:PutObjectTagging, s3:PutObjectVersionTagging, s3:Abort*]';

/** The grant's resources: the bucket's ARN and its objects, as CDK writes them. */
export const GRANT_READ_WRITE_RESOURCES = "[!GetAtt Bucket.Arn, !Join ['', [!GetAtt Bucket.Arn, '/*']]]";

/** A bucket, a Lambda role, and a default policy with one Allow statement of these actions on these resources. */
export const defaultPolicyTemplate = (actions: string, resources: string) => `Resources:
  Bucket:
    Type: AWS::S3::Bucket
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
  DefaultPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: DefaultPolicy
      Roles: [!Ref Role]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: ${actions}
            Resource: ${resources}
`;

/** The CDK grant itself. */
export const GRANT_READ_WRITE = defaultPolicyTemplate(GRANT_READ_WRITE_ACTIONS, GRANT_READ_WRITE_RESOURCES);
