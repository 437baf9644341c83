import type { FrameworkOrigin } from '../model/types.js';
import type { ConstructInfo } from './creation-stack.js';

/**
 * Resources that aws-cdk-lib creates on the user's behalf, recognised by the structure the CDK gives them:
 *
 * - `aws:cdk:is-custom-resource-handler-*` metadata, which aws-cdk-lib puts on the handlers it makes;
 * - a `CustomResourceProvider` (core), always a direct child of the stack with the id `Custom::<Name>CustomResourceProvider`;
 * - a `SingletonFunction`, a direct child of the stack whose id is its purpose followed by its uuid without
 *   dashes, in either case (`LogRetention`, `AWS` for AwsCustomResource, `Custom::CDKBucketDeployment`, `BucketNotificationsHandler`);
 * - the `custom_resources.Provider` framework's functions (`framework-onEvent`, `framework-isComplete`,
 *   `framework-onTimeout`) and its `waiter-state-machine`;
 * - a resource an L2 made for itself when given none (a Trail's `S3`, a Distribution's `LoggingBucket`, a Pipeline's
 *   `ArtifactsBucket`, a RestApi's `CloudWatchRole`): its creation stack starts in that L2's constructor, and its id
 *   is the one the L2 gives it.
 *
 * No list of hashes: the uuids differ between handlers and may change between releases, the shapes do not.
 */
export function frameworkOriginOf(
  constructPath: string | null,
  stackPath: string | null,
  info: ConstructInfo | undefined,
): FrameworkOrigin | undefined {
  if (constructPath === null || stackPath === null || !constructPath.startsWith(`${stackPath}/`)) return undefined;
  const segments = constructPath.slice(stackPath.length + 1).split('/');
  const top = segments[0]!;
  const topPath = `${stackPath}/${top}`;

  const provider = /^Custom::([A-Za-z0-9]+)CustomResourceProvider$/.exec(top);
  if (provider)
    return origin(topPath, PROVIDERS[provider[1]!] ?? { construct: `${provider[1]} custom resource (aws-cdk-lib)`, fix: GENERIC });
  const singleton = /^([A-Za-z][A-Za-z0-9:]*?)[0-9a-fA-F]{32}(?:\d+MiB)?$/.exec(top);
  if (singleton)
    return origin(topPath, SINGLETONS[singleton[1]!] ?? { construct: `${singleton[1]} singleton function (aws-cdk-lib)`, fix: GENERIC });
  const framework = segments.findIndex((s) => /^(?:framework-(?:onEvent|isComplete|onTimeout)|waiter-state-machine)$/.test(s));
  if (framework > 0) return origin(`${stackPath}/${segments.slice(0, framework).join('/')}`, PROVIDER_FRAMEWORK);
  // A resource an L2 construct made for itself (a Trail's bucket, a RestApi's CloudWatch role): its creation stack
  // starts in that L2's constructor, not in Bucket's or Role's, and its id is the one the L2 gives it. The user never
  // wrote it, so a property on it cannot be set; a property of the L2 replaces it.
  if (segments.length >= 3 && segments.at(-1) === 'Resource') {
    const maker = info?.makers.get(constructPath);
    const own = maker === undefined ? undefined : OWN_RESOURCES[maker];
    if (own && segments.at(-2) === own.id) return origin(`${stackPath}/${segments.slice(0, -1).join('/')}`, own);
  }
  // A marked handler somewhere else (inside the user's construct): the marker names its kind.
  for (let i = segments.length; i > 0; i--) {
    const path = `${stackPath}/${segments.slice(0, i).join('/')}`;
    const kind = info?.handlers.get(path);
    if (kind !== undefined) return origin(path, { construct: `custom-resource handler (${kind}, aws-cdk-lib)`, fix: GENERIC });
  }
  return undefined;
}

interface Known {
  construct: string;
  fix: string;
}

const GENERIC = 'The CDK made this resource; its construct offers no setting for it.';

const PROVIDERS: Readonly<Record<string, Known>> = {
  S3AutoDeleteObjects: {
    construct: 'Bucket autoDeleteObjects',
    fix: 'It exists because a Bucket sets `autoDeleteObjects: true`; without that property the CDK does not create it.',
  },
  CrossRegionExportReader: {
    construct: 'cross-region references (crossRegionReferences: true)',
    fix: 'It exists because a stack sets `crossRegionReferences: true`; pass the value through your own SSM parameter to avoid it.',
  },
  CrossRegionExportWriter: {
    construct: 'cross-region references (crossRegionReferences: true)',
    fix: 'It exists because a stack sets `crossRegionReferences: true`; pass the value through your own SSM parameter to avoid it.',
  },
  VpcRestrictDefaultSG: {
    construct: 'Vpc restrictDefaultSecurityGroup',
    fix: 'It exists because a Vpc restricts its default security group (`restrictDefaultSecurityGroup`, on by default).',
  },
};

const SINGLETONS: Readonly<Record<string, Known>> = {
  LogRetention: {
    construct: 'LogRetention (a logRetention property)',
    fix: 'Give the function a `logGroup` (a `logs.LogGroup` with `retention`) instead of `logRetention`; the CDK then creates no log-retention handler.',
  },
  AWS: {
    construct: 'AwsCustomResource',
    fix: 'Pass your own `role` to AwsCustomResource, or a `policy` from `AwsCustomResourcePolicy.fromSdkCalls({ resources: [...] })` that names the resources.',
  },
  'Custom::CDKBucketDeployment': {
    construct: 'BucketDeployment',
    fix: 'Pass your own `role` to BucketDeployment; its shared handler then runs with that role.',
  },
  BucketNotificationsHandler: {
    construct: 'Bucket notifications (addEventNotification)',
    fix: 'The handler is shared by every bucket notification in the stack and has no setting for this.',
  },
};

/** The API Gateway account's logging role that a REST API makes unless `cloudWatchRole: false`. */
const REST_API_ROLE: Known & { id: string } = {
  id: 'CloudWatchRole',
  construct: "apigateway.RestApi's CloudWatch role (cloudWatchRole)",
  fix: 'The REST API made this role, and the AWS::ApiGateway::Account that uses it, because `cloudWatchRole` is on (the default without the feature flag `@aws-cdk/aws-apigateway:disableCloudWatchRole`): set `cloudWatchRole: false` and give the account its API Gateway logging role once, with a policy of your own.',
};

/**
 * L2 constructs (by the constructor named in the creation stack) that make a resource of their own when not given
 * one: its construct id, and the property that replaces it.
 */
const OWN_RESOURCES: Readonly<Record<string, Known & { id: string }>> = {
  Trail: {
    id: 'S3',
    construct: "cloudtrail.Trail's own bucket",
    fix: 'The Trail made this bucket because it was given none: pass your own `bucket` (one that follows the guidance) to the Trail.',
  },
  Distribution: {
    id: 'LoggingBucket',
    construct: "cloudfront.Distribution's log bucket",
    fix: 'The Distribution made this bucket because `enableLogging` is on and no `logBucket` was given: pass your own `logBucket` (one that follows the guidance; standard logging needs its ACLs enabled).',
  },
  Pipeline: {
    id: 'ArtifactsBucket',
    construct: "codepipeline.Pipeline's artifact bucket",
    fix: 'The Pipeline made this bucket because it was given none: pass your own `artifactBucket` (one that follows the guidance) to the Pipeline.',
  },
  RestApi: REST_API_ROLE,
  LambdaRestApi: REST_API_ROLE,
  SpecRestApi: REST_API_ROLE,
  StepFunctionsRestApi: REST_API_ROLE,
};

const PROVIDER_FRAMEWORK: Known = {
  construct: 'custom_resources.Provider framework',
  fix: 'Pass `role` (and for the user handlers `onEventHandler`/`isCompleteHandler` their own roles) to the Provider.',
};

function origin(path: string, known: Known): FrameworkOrigin {
  return {
    kind: 'cdk-framework',
    construct: known.construct,
    path,
    fix: `${known.fix} Otherwise suppress the finding at the stable scope '${path}' (a suppressions-file entry with that resource, or an acknowledgement on that construct).`,
  };
}
