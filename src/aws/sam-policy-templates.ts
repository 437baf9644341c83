/**
 * AWS SAM's policy templates: what each `Policies:` entry such as `S3ReadPolicy: {BucketName: …}` expands to in the
 * role SAM generates. Data, in StackWarden's own compact form, derived from SAM's published definitions
 * (see {@link SAM_POLICY_TEMPLATES_SOURCE}; Apache-2.0, credited in NOTICE). Every template of that version is here,
 * with its parameters, actions, resources and conditions; descriptions are left out.
 *
 * Resources and condition values are `Fn::Sub` bodies. `${AWS::Partition}`, `${AWS::Region}` and
 * `${AWS::AccountId}` are the pseudo parameters; any other `${Name}` is one of the template's parameters, which SAM
 * replaces with the value the function's `Policies` entry gives it (see `expandSamPolicyTemplate` in sam.ts).
 */

/** Where the definitions come from. Re-check the file at this path of a newer SAM release before updating. */
export const SAM_POLICY_TEMPLATES_SOURCE = {
  repository: 'https://github.com/aws/serverless-application-model',
  path: 'samtranslator/policy_templates_data/policy_templates.json',
  commit: '603eb020adce9485a410e1667198c5268349dc88',
  /** The file's own `Version` field. */
  version: '0.0.1',
  license: 'Apache-2.0',
} as const;

/** One statement of a template (every template statement is an Allow). */
export interface SamTemplateStatement {
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** `{operator: {key: value}}`, values as `Fn::Sub` bodies. */
  readonly condition?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** A policy template: the parameters its entry must give, and the statements it becomes. */
export interface SamPolicyTemplate {
  readonly parameters: readonly string[];
  readonly statements: readonly SamTemplateStatement[];
}

/** `svc:A`, `svc:B` … */
const svc = (prefix: string, ...names: string[]): string[] => names.map((n) => `${prefix}:${n}`);
/** `arn:${AWS::Partition}:<service>:${AWS::Region}:${AWS::AccountId}:<rest>` */
const regional = (service: string, rest: string): string => `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${rest}`;
const s3 = (rest: string): string => `arn:\${AWS::Partition}:s3:::${rest}`;
const table = (rest = ''): string => regional('dynamodb', `table/\${TableName}${rest}`);
const one = (parameters: string[], actions: string[], resources: string[]): SamPolicyTemplate => ({
  parameters,
  statements: [{ actions, resources }],
});
const everywhere = (actions: string[]): SamPolicyTemplate => one([], actions, ['*']);

const CODECOMMIT_READ = [
  'GitPull',
  'GetBranch',
  'ListBranches',
  'BatchDescribeMergeConflicts',
  'DescribeMergeConflicts',
  'GetMergeCommit',
  'GetMergeOptions',
  'BatchGetPullRequests',
  'DescribePullRequestEvents',
  'GetCommentsForPullRequest',
  'GetCommitsFromMergeBase',
  'GetMergeConflicts',
  'GetPullRequest',
  'ListPullRequests',
  'GetBlob',
  'GetFile',
  'GetFolder',
  'GetComment',
  'GetCommentsForComparedCommit',
  'BatchGetCommits',
  'GetCommit',
  'GetCommitHistory',
  'GetDifferences',
  'GetObjectIdentifier',
  'GetReferences',
  'GetTree',
  'GetRepository',
  'ListTagsForResource',
  'GetRepositoryTriggers',
  'TestRepositoryTriggers',
  'GetUploadArchiveStatus',
];
const CODECOMMIT_WRITE = [
  'GitPush',
  'CreateBranch',
  'DeleteBranch',
  'MergeBranchesByFastForward',
  'MergeBranchesBySquash',
  'MergeBranchesByThreeWay',
  'UpdateDefaultBranch',
  'CreateUnreferencedMergeCommit',
  'CreatePullRequest',
  'MergePullRequestByFastForward',
  'MergePullRequestBySquash',
  'MergePullRequestByThreeWay',
  'PostCommentForPullRequest',
  'UpdatePullRequestDescription',
  'UpdatePullRequestStatus',
  'UpdatePullRequestTitle',
  'DeleteFile',
  'PutFile',
  'DeleteCommentContent',
  'PostCommentForComparedCommit',
  'PostCommentReply',
  'UpdateComment',
  'CreateCommit',
  'UpdateRepositoryDescription',
  'TagResource',
  'UntagResource',
  'PutRepositoryTriggers',
  'UploadArchive',
  'CancelUploadArchive',
];
const REPOSITORY = regional('codecommit', '${RepositoryName}');
const CLUSTER = regional('elasticmapreduce', 'cluster/${ClusterId}');
const COLLECTION = regional('rekognition', 'collection/${CollectionId}');
const IDENTITY = regional('ses', 'identity/${IdentityName}');
const STATE_MACHINE = regional('states', 'stateMachine:${StateMachineName}');
const STREAM = regional('kinesis', 'stream/${StreamName}');
const DELIVERY_STREAM = regional('firehose', 'deliverystream/${DeliveryStreamName}');
const KEY = regional('kms', 'key/${KeyId}');
const BUCKET = [s3('${BucketName}'), s3('${BucketName}/*')];
const SSM_DESCRIBE: SamTemplateStatement = { actions: ['ssm:DescribeParameters'], resources: ['*'] };
const SSM_GET = svc('ssm', 'GetParameters', 'GetParameter', 'GetParametersByPath');

/** Every policy template of the source version, by name. */
export const SAM_POLICY_TEMPLATES: Readonly<Record<string, SamPolicyTemplate>> = {
  AMIDescribePolicy: everywhere(['ec2:DescribeImages']),
  AWSSecretsManagerGetSecretValuePolicy: one(['SecretArn'], ['secretsmanager:GetSecretValue'], ['${SecretArn}']),
  AWSSecretsManagerRotationPolicy: {
    parameters: ['FunctionName'],
    statements: [
      {
        actions: svc('secretsmanager', 'DescribeSecret', 'GetSecretValue', 'PutSecretValue', 'UpdateSecretVersionStage'),
        resources: [regional('secretsmanager', 'secret:*')],
        condition: {
          StringEquals: { 'secretsmanager:resource/AllowRotationLambdaArn': regional('lambda', 'function:${FunctionName}') },
        },
      },
      { actions: ['secretsmanager:GetRandomPassword'], resources: ['*'] },
    ],
  },
  AcmGetCertificatePolicy: one(['CertificateArn'], ['acm:GetCertificate'], ['${CertificateArn}']),
  AthenaQueryPolicy: {
    parameters: ['WorkGroupName'],
    statements: [
      {
        actions: svc(
          'athena',
          'ListWorkGroups',
          'GetExecutionEngine',
          'GetExecutionEngines',
          'GetNamespace',
          'GetCatalogs',
          'GetNamespaces',
          'GetTables',
          'GetTable',
        ),
        resources: ['*'],
      },
      {
        actions: svc(
          'athena',
          'StartQueryExecution',
          'GetQueryResults',
          'DeleteNamedQuery',
          'GetNamedQuery',
          'ListQueryExecutions',
          'StopQueryExecution',
          'GetQueryResultsStream',
          'ListNamedQueries',
          'CreateNamedQuery',
          'GetQueryExecution',
          'BatchGetNamedQuery',
          'BatchGetQueryExecution',
          'GetWorkGroup',
        ),
        resources: [regional('athena', 'workgroup/${WorkGroupName}')],
      },
    ],
  },
  CloudFormationDescribeStacksPolicy: one([], ['cloudformation:DescribeStacks'], [regional('cloudformation', 'stack/*')]),
  CloudWatchDashboardPolicy: everywhere(svc('cloudwatch', 'GetDashboard', 'ListDashboards', 'PutDashboard', 'ListMetrics')),
  CloudWatchDescribeAlarmHistoryPolicy: everywhere(['cloudwatch:DescribeAlarmHistory']),
  CloudWatchPutMetricPolicy: everywhere(['cloudwatch:PutMetricData']),
  CodeCommitCrudPolicy: one(['RepositoryName'], svc('codecommit', ...CODECOMMIT_READ, ...CODECOMMIT_WRITE), [REPOSITORY]),
  CodeCommitReadPolicy: one(['RepositoryName'], svc('codecommit', ...CODECOMMIT_READ), [REPOSITORY]),
  CodePipelineLambdaExecutionPolicy: everywhere(svc('codepipeline', 'PutJobSuccessResult', 'PutJobFailureResult')),
  CodePipelineReadOnlyPolicy: one(['PipelineName'], ['codepipeline:ListPipelineExecutions'], [regional('codepipeline', '${PipelineName}')]),
  ComprehendBasicAccessPolicy: everywhere(
    svc(
      'comprehend',
      'BatchDetectKeyPhrases',
      'DetectDominantLanguage',
      'DetectEntities',
      'BatchDetectEntities',
      'DetectKeyPhrases',
      'DetectSentiment',
      'BatchDetectDominantLanguage',
      'BatchDetectSentiment',
    ),
  ),
  CostExplorerReadOnlyPolicy: everywhere(
    svc(
      'ce',
      'GetCostAndUsage',
      'GetDimensionValues',
      'GetReservationCoverage',
      'GetReservationPurchaseRecommendation',
      'GetReservationUtilization',
      'GetTags',
    ),
  ),
  DynamoDBBackupFullAccessPolicy: {
    parameters: ['TableName'],
    statements: [
      { actions: svc('dynamodb', 'CreateBackup', 'DescribeContinuousBackups'), resources: [table()] },
      { actions: svc('dynamodb', 'DeleteBackup', 'DescribeBackup', 'ListBackups'), resources: [table('/backup/*')] },
    ],
  },
  DynamoDBCrudPolicy: one(
    ['TableName'],
    svc(
      'dynamodb',
      'GetItem',
      'DeleteItem',
      'PutItem',
      'Scan',
      'Query',
      'UpdateItem',
      'BatchWriteItem',
      'BatchGetItem',
      'DescribeTable',
      'ConditionCheckItem',
    ),
    [table(), table('/index/*')],
  ),
  DynamoDBReadPolicy: one(['TableName'], svc('dynamodb', 'GetItem', 'Scan', 'Query', 'BatchGetItem', 'DescribeTable'), [
    table(),
    table('/index/*'),
  ]),
  DynamoDBReconfigurePolicy: one(['TableName'], ['dynamodb:UpdateTable'], [table()]),
  DynamoDBRestoreFromBackupPolicy: {
    parameters: ['TableName'],
    statements: [
      { actions: ['dynamodb:RestoreTableFromBackup'], resources: [table('/backup/*')] },
      {
        actions: svc('dynamodb', 'PutItem', 'UpdateItem', 'DeleteItem', 'GetItem', 'Query', 'Scan', 'BatchWriteItem'),
        resources: [table()],
      },
    ],
  },
  DynamoDBStreamReadPolicy: {
    parameters: ['TableName', 'StreamName'],
    statements: [
      { actions: svc('dynamodb', 'DescribeStream', 'GetRecords', 'GetShardIterator'), resources: [table('/stream/${StreamName}')] },
      { actions: ['dynamodb:ListStreams'], resources: [table('/stream/*')] },
    ],
  },
  DynamoDBWritePolicy: one(['TableName'], svc('dynamodb', 'PutItem', 'UpdateItem', 'BatchWriteItem'), [table(), table('/index/*')]),
  EC2CopyImagePolicy: one(['ImageId'], ['ec2:CopyImage'], [regional('ec2', 'image/${ImageId}')]),
  EC2DescribePolicy: everywhere(svc('ec2', 'DescribeRegions', 'DescribeInstances')),
  EFSWriteAccessPolicy: {
    parameters: ['AccessPoint', 'FileSystem'],
    statements: [
      {
        actions: svc('elasticfilesystem', 'ClientMount', 'ClientWrite'),
        resources: [regional('elasticfilesystem', 'file-system/${FileSystem}')],
        condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': regional('elasticfilesystem', 'access-point/${AccessPoint}') } },
      },
    ],
  },
  EKSDescribePolicy: everywhere(svc('eks', 'DescribeCluster', 'ListClusters')),
  EcsRunTaskPolicy: one(['TaskDefinition'], ['ecs:RunTask'], [regional('ecs', 'task-definition/${TaskDefinition}')]),
  ElasticMapReduceAddJobFlowStepsPolicy: one(['ClusterId'], ['elasticmapreduce:AddJobFlowSteps'], [CLUSTER]),
  ElasticMapReduceCancelStepsPolicy: one(['ClusterId'], ['elasticmapreduce:CancelSteps'], [CLUSTER]),
  ElasticMapReduceModifyInstanceFleetPolicy: one(['ClusterId'], svc('elasticmapreduce', 'ModifyInstanceFleet', 'ListInstanceFleets'), [
    CLUSTER,
  ]),
  ElasticMapReduceModifyInstanceGroupsPolicy: one(['ClusterId'], svc('elasticmapreduce', 'ModifyInstanceGroups', 'ListInstanceGroups'), [
    CLUSTER,
  ]),
  ElasticMapReduceSetTerminationProtectionPolicy: one(['ClusterId'], ['elasticmapreduce:SetTerminationProtection'], [CLUSTER]),
  ElasticMapReduceTerminateJobFlowsPolicy: one(['ClusterId'], ['elasticmapreduce:TerminateJobFlows'], [CLUSTER]),
  ElasticsearchHttpPostPolicy: one(['DomainName'], svc('es', 'ESHttpPost', 'ESHttpPut'), [regional('es', 'domain/${DomainName}/*')]),
  EventBridgePutEventsPolicy: one(['EventBusName'], ['events:PutEvents'], [regional('events', 'event-bus/${EventBusName}')]),
  FilterLogEventsPolicy: one(['LogGroupName'], ['logs:FilterLogEvents'], [regional('logs', 'log-group:${LogGroupName}:log-stream:*')]),
  FirehoseCrudPolicy: one(
    ['DeliveryStreamName'],
    svc(
      'firehose',
      'CreateDeliveryStream',
      'DeleteDeliveryStream',
      'DescribeDeliveryStream',
      'PutRecord',
      'PutRecordBatch',
      'UpdateDestination',
    ),
    [DELIVERY_STREAM],
  ),
  FirehoseWritePolicy: one(['DeliveryStreamName'], svc('firehose', 'PutRecord', 'PutRecordBatch'), [DELIVERY_STREAM]),
  KMSDecryptPolicy: one(['KeyId'], ['kms:Decrypt'], [KEY]),
  KMSEncryptPolicy: one(['KeyId'], ['kms:Encrypt'], [KEY]),
  KMSEncryptPolicy_v2: one(
    ['KeyId'],
    svc(
      'kms',
      'Encrypt',
      'GenerateDataKey',
      'GenerateDataKeyWithoutPlaintext',
      'GenerateDataKeyPair',
      'GenerateDataKeyPairWithoutPlaintext',
    ),
    [KEY],
  ),
  KinesisCrudPolicy: one(
    ['StreamName'],
    svc(
      'kinesis',
      'AddTagsToStream',
      'CreateStream',
      'DecreaseStreamRetentionPeriod',
      'DeleteStream',
      'DescribeStream',
      'DescribeStreamSummary',
      'GetShardIterator',
      'IncreaseStreamRetentionPeriod',
      'ListTagsForStream',
      'MergeShards',
      'PutRecord',
      'PutRecords',
      'SplitShard',
      'RemoveTagsFromStream',
    ),
    [STREAM],
  ),
  KinesisStreamReadPolicy: {
    parameters: ['StreamName'],
    statements: [
      { actions: svc('kinesis', 'ListStreams', 'DescribeLimits'), resources: [regional('kinesis', 'stream/*')] },
      { actions: svc('kinesis', 'DescribeStream', 'DescribeStreamSummary', 'GetRecords', 'GetShardIterator'), resources: [STREAM] },
    ],
  },
  LambdaInvokePolicy: one(['FunctionName'], ['lambda:InvokeFunction'], [regional('lambda', 'function:${FunctionName}*')]),
  MobileAnalyticsWriteOnlyAccessPolicy: everywhere(['mobileanalytics:PutEvents']),
  OrganizationsListAccountsPolicy: everywhere(['organizations:ListAccounts']),
  PinpointEndpointAccessPolicy: one(
    ['PinpointApplicationId'],
    svc('mobiletargeting', 'GetEndpoint', 'UpdateEndpoint', 'UpdateEndpointsBatch'),
    [regional('mobiletargeting', 'apps/${PinpointApplicationId}/endpoints/*')],
  ),
  PollyFullAccessPolicy: {
    parameters: ['LexiconName'],
    statements: [
      { actions: svc('polly', 'GetLexicon', 'DeleteLexicon'), resources: [regional('polly', 'lexicon/${LexiconName}')] },
      {
        actions: svc('polly', 'DescribeVoices', 'ListLexicons', 'PutLexicon', 'SynthesizeSpeech'),
        resources: [regional('polly', 'lexicon/*')],
      },
    ],
  },
  RekognitionDetectOnlyPolicy: everywhere(svc('rekognition', 'DetectFaces', 'DetectLabels', 'DetectModerationLabels', 'DetectText')),
  RekognitionFacesManagementPolicy: one(
    ['CollectionId'],
    svc('rekognition', 'IndexFaces', 'DeleteFaces', 'SearchFaces', 'SearchFacesByImage', 'ListFaces'),
    [COLLECTION],
  ),
  RekognitionFacesPolicy: everywhere(svc('rekognition', 'CompareFaces', 'DetectFaces')),
  RekognitionLabelsPolicy: everywhere(svc('rekognition', 'DetectLabels', 'DetectModerationLabels')),
  RekognitionNoDataAccessPolicy: one(
    ['CollectionId'],
    svc('rekognition', 'CompareFaces', 'DetectFaces', 'DetectLabels', 'DetectModerationLabels'),
    [COLLECTION],
  ),
  RekognitionReadPolicy: one(['CollectionId'], svc('rekognition', 'ListCollections', 'ListFaces', 'SearchFaces', 'SearchFacesByImage'), [
    COLLECTION,
  ]),
  RekognitionWriteOnlyAccessPolicy: one(['CollectionId'], svc('rekognition', 'CreateCollection', 'IndexFaces'), [COLLECTION]),
  Route53ChangeResourceRecordSetsPolicy: one(
    ['HostedZoneId'],
    ['route53:ChangeResourceRecordSets'],
    ['arn:${AWS::Partition}:route53:::hostedzone/${HostedZoneId}'],
  ),
  S3CrudPolicy: one(
    ['BucketName'],
    svc(
      's3',
      'GetObject',
      'ListBucket',
      'GetBucketLocation',
      'GetObjectVersion',
      'PutObject',
      'PutObjectAcl',
      'GetLifecycleConfiguration',
      'PutLifecycleConfiguration',
      'DeleteObject',
    ),
    BUCKET,
  ),
  S3FullAccessPolicy: {
    parameters: ['BucketName'],
    statements: [
      {
        actions: svc(
          's3',
          'GetObject',
          'GetObjectAcl',
          'GetObjectVersion',
          'PutObject',
          'PutObjectAcl',
          'DeleteObject',
          'DeleteObjectTagging',
          'DeleteObjectVersionTagging',
          'GetObjectTagging',
          'GetObjectVersionTagging',
          'PutObjectTagging',
          'PutObjectVersionTagging',
        ),
        resources: [s3('${BucketName}/*')],
      },
      {
        actions: svc('s3', 'ListBucket', 'GetBucketLocation', 'GetLifecycleConfiguration', 'PutLifecycleConfiguration'),
        resources: [s3('${BucketName}')],
      },
    ],
  },
  S3ReadPolicy: one(
    ['BucketName'],
    svc('s3', 'GetObject', 'ListBucket', 'GetBucketLocation', 'GetObjectVersion', 'GetLifecycleConfiguration'),
    BUCKET,
  ),
  S3WritePolicy: one(['BucketName'], svc('s3', 'PutObject', 'PutObjectAcl', 'PutLifecycleConfiguration'), BUCKET),
  SESBulkTemplatedCrudPolicy: one(
    ['IdentityName'],
    svc(
      'ses',
      'GetIdentityVerificationAttributes',
      'SendEmail',
      'SendRawEmail',
      'SendTemplatedEmail',
      'SendBulkTemplatedEmail',
      'VerifyEmailIdentity',
    ),
    [IDENTITY],
  ),
  SESBulkTemplatedCrudPolicy_v2: {
    parameters: ['IdentityName', 'TemplateName'],
    statements: [
      {
        actions: svc('ses', 'SendEmail', 'SendRawEmail', 'SendTemplatedEmail', 'SendBulkTemplatedEmail'),
        resources: [IDENTITY, regional('ses', 'template/${TemplateName}')],
      },
      { actions: svc('ses', 'GetIdentityVerificationAttributes', 'VerifyEmailIdentity'), resources: ['*'] },
    ],
  },
  SESCrudPolicy: one(
    ['IdentityName'],
    svc('ses', 'GetIdentityVerificationAttributes', 'SendEmail', 'SendRawEmail', 'VerifyEmailIdentity'),
    [IDENTITY],
  ),
  SESEmailTemplateCrudPolicy: everywhere(
    svc('ses', 'CreateTemplate', 'GetTemplate', 'ListTemplates', 'UpdateTemplate', 'DeleteTemplate', 'TestRenderTemplate'),
  ),
  SESSendBouncePolicy: one(['IdentityName'], ['ses:SendBounce'], [IDENTITY]),
  SNSCrudPolicy: one(['TopicName'], svc('sns', 'ListSubscriptionsByTopic', 'CreateTopic', 'SetTopicAttributes', 'Subscribe', 'Publish'), [
    regional('sns', '${TopicName}*'),
  ]),
  SNSPublishMessagePolicy: one(['TopicName'], ['sns:Publish'], [regional('sns', '${TopicName}')]),
  SQSPollerPolicy: one(
    ['QueueName'],
    svc(
      'sqs',
      'ChangeMessageVisibility',
      'ChangeMessageVisibilityBatch',
      'DeleteMessage',
      'DeleteMessageBatch',
      'GetQueueAttributes',
      'ReceiveMessage',
    ),
    [regional('sqs', '${QueueName}')],
  ),
  SQSSendMessagePolicy: one(['QueueName'], ['sqs:SendMessage*'], [regional('sqs', '${QueueName}')]),
  SSMParameterReadPolicy: {
    parameters: ['ParameterName'],
    statements: [SSM_DESCRIBE, { actions: SSM_GET, resources: [regional('ssm', 'parameter/${ParameterName}')] }],
  },
  SSMParameterWithSlashPrefixReadPolicy: {
    parameters: ['ParameterName'],
    statements: [SSM_DESCRIBE, { actions: SSM_GET, resources: [regional('ssm', 'parameter${ParameterName}')] }],
  },
  SageMakerCreateEndpointConfigPolicy: one(
    ['EndpointConfigName'],
    ['sagemaker:CreateEndpointConfig'],
    [regional('sagemaker', 'endpoint-config/${EndpointConfigName}')],
  ),
  SageMakerCreateEndpointPolicy: one(['EndpointName'], ['sagemaker:CreateEndpoint'], [regional('sagemaker', 'endpoint/${EndpointName}')]),
  ServerlessRepoReadWriteAccessPolicy: one(
    [],
    svc(
      'serverlessrepo',
      'CreateApplication',
      'CreateApplicationVersion',
      'UpdateApplication',
      'GetApplication',
      'ListApplications',
      'ListApplicationVersions',
      'ListApplicationDependencies',
    ),
    [regional('serverlessrepo', 'applications/*')],
  ),
  StepFunctionsCallbackPolicy: one(['StateMachineName'], svc('states', 'SendTaskFailure', 'SendTaskHeartbeat', 'SendTaskSuccess'), [
    STATE_MACHINE,
  ]),
  StepFunctionsExecutionPolicy: one(['StateMachineName'], ['states:StartExecution'], [STATE_MACHINE]),
  StepFunctionsExecutionPolicy_v2: one(['StateMachineName'], svc('states', 'StartExecution', 'StartSyncExecution'), [STATE_MACHINE]),
  TextractDetectAnalyzePolicy: everywhere(
    svc('textract', 'DetectDocumentText', 'StartDocumentTextDetection', 'StartDocumentAnalysis', 'AnalyzeDocument'),
  ),
  TextractGetResultPolicy: everywhere(svc('textract', 'GetDocumentTextDetection', 'GetDocumentAnalysis')),
  TextractPolicy: everywhere(['textract:*']),
  VPCAccessPolicy: everywhere(
    svc('ec2', 'CreateNetworkInterface', 'DeleteNetworkInterface', 'DescribeNetworkInterfaces', 'DetachNetworkInterface'),
  ),
};
