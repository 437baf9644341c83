import { samFunctionUrlAuth, samUnpinnedEvents } from '../../aws/sam.js';
import type { Graph } from '../../graph/build.js';
import type { Resource } from '../../graph/query.js';
import { alternatives, describeBranches, isLiteral, matchableText } from '../../graph/query.js';
import { capitalized, grantingStatements, RESOURCE_POLICY_TYPES } from '../../iam/documents.js';
import { describeStatement, statementsOf } from '../../iam/policy.js';
import {
  describeIgnored,
  exposureOf,
  functionUrls,
  guardOf,
  lambdaTarget,
  permissionExposure,
  publicUrlPermissions,
  RESTRICTION_CRITERIA,
} from '../../iam/principal.js';
import type { Report } from '../define.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 'iam/no-public-principal',
  title: 'Resource policies grant to named principals, or limit a wildcard principal with a condition',
  description:
    'The guidance asks for least privilege. A resource policy whose principal is `*` (or `{"AWS": "*"}`, or an Allow with ' +
    'NotPrincipal) grants to every AWS account and anonymous callers, unless a condition limits who can call. ' +
    RESTRICTION_CRITERIA +
    ' Queue, topic, key, repository, secret and trust policies are checked here, and Lambda permissions with ' +
    '`Principal: "*"` (or a service principal) and no fixed SourceArn/SourceAccount, judged as the conditions Lambda ' +
    'writes for them; an Alexa principal without EventSourceToken (the skill ID) lets any skill invoke. A function ' +
    'URL with AuthType NONE is public: Lambda authenticates no caller, and the permission for `*` with ' +
    'FunctionUrlAuthType NONE (lambda:InvokeFunctionUrl) lets anyone call it; that permission is the finding. Its ' +
    'companion for lambda:InvokeFunction with InvokedViaFunctionUrl (required since October 2025) grants only calls ' +
    'through the URL, which need the first one too, so it is not a second finding. A URL with AuthType NONE and no such permission in the input is a note (it opens as ' +
    'soon as one is added outside the template). In SAM, `FunctionUrlConfig` with AuthType NONE (on the function or ' +
    'in Globals) is where SAM writes that permission; it does so only for the literal NONE, so an AuthType from a ' +
    '`!Ref` that resolves to NONE is the note instead (unless a permission of the input opens the URL), and an `AlexaSkill` event without SkillId writes one for any ' +
    'skill; the other events pin their source (SourceArn, or SourceAccount for S3). A layer version permission for ' +
    '`*` without OrganizationId lets every account use the layer and download its code. ' +
    'A Deny for everyone that takes the grant back from every caller outside fixed values (`StringNotEquals ' +
    'aws:PrincipalOrgID`, the data-perimeter form) limits who gets it: a warning, asking to name those callers in ' +
    'the Allow. Bucket policies are left to s3/no-public-bucket-policy, which uses the same test and reports ' +
    'under IAM-2 too, so one public statement is one finding.',
  fix:
    'Name the principals (account, role or service), or keep `*` and add a condition on aws:PrincipalOrgID, ' +
    'aws:SourceArn or aws:SourceAccount. For AWS::Lambda::Permission set SourceArn (and SourceAccount for S3), or ' +
    'EventSourceToken for Alexa (SAM: SkillId). For a function URL set AuthType AWS_IAM (SAM: ' +
    '`FunctionUrlConfig: {AuthType: AWS_IAM}`) and grant lambda:InvokeFunctionUrl to the callers, or put the ' +
    'function behind an API with an authorizer. For a layer, name the accounts or set OrganizationId.',
  controls: ['IAM-2'],
  severity: 'error',
  appliesTo: [
    ...RESOURCE_POLICY_TYPES.filter((t) => t !== 'AWS::S3::BucketPolicy'),
    'AWS::Lambda::Permission',
    'AWS::Lambda::Url',
    'AWS::Lambda::LayerVersionPermission',
    'AWS::Serverless::Function',
  ],
  peers: {
    cdkNag: ['HIPAA.Security-LambdaFunctionPublicAccessProhibited', 'AwsSolutions-ECR1'],
    checkov: ['CKV_AWS_33', 'CKV_AWS_60', 'CKV_AWS_364'],
    cfnNag: ['F13', 'F21'],
    securityHub: ['Lambda.1'],
  },
  messages: {
    public: '{{where}} allows {{who}} in {{statement}}{{when}}, and no condition limits who can call{{ignored}}.',
    guarded:
      '{{where}} allows {{who}} in {{statement}}{{when}}; {{guard}} denies it to every caller outside the {{keys}} values it names, so only those get it. Name them in the Allow instead: the grant opens to everyone if the Deny is edited.',
    permissionPublic:
      "Permission '{{permission}}' lets anyone ('*') invoke the function{{when}}: it sets no SourceArn, SourceAccount or PrincipalOrgID with a fixed value.",
    anySource:
      "Permission '{{permission}}' lets {{service}} invoke the function for any account's resources{{when}}: it sets no SourceArn or SourceAccount with a fixed value.",
    anySkill:
      "Permission '{{permission}}' lets any Alexa skill ({{service}}) invoke the function{{when}}: it sets no EventSourceToken (the skill ID).",
    urlPublic:
      "{{where}} makes the function URL{{url}} public{{when}}: anyone ('*') can call it, and with AuthType NONE Lambda authenticates no caller.",
    urlUnopened:
      "Function URL {{url}} has AuthType NONE{{when}}: Lambda authenticates no caller, so it is public as soon as the function's policy lets '*' call lambda:InvokeFunctionUrl (no permission in the input does).",
    samEvent:
      "Event '{{event}}' ({{type}}) of function '{{function}}' lets any Alexa skill invoke the function: it has no SkillId, so SAM writes a permission for alexa-appkit.amazon.com without an EventSourceToken.",
    layerPublic:
      "Layer permission '{{permission}}' lets every AWS account ('*') use the layer version and download its code{{when}}: it sets no OrganizationId.",
  },
  *check(resource, ctx) {
    if (resource.type === 'AWS::Lambda::Permission') {
      yield* permissionReports(resource, ctx.graph);
      return;
    }
    if (resource.type === 'AWS::Lambda::Url') {
      // Public when a permission of the input opens it: that permission is the finding (it names this URL).
      for (const { value, when } of alternatives(ctx.graph.get(resource, 'Properties', 'AuthType'))) {
        if (!isLiteral(value, 'NONE')) continue;
        const fn = lambdaTarget(ctx.graph, resource, 'TargetFunctionArn');
        if (fn && publicUrlPermissions(ctx.graph, fn).length > 0) continue;
        yield {
          at: value,
          messageId: 'urlUnopened',
          data: { url: `'${resource.logicalId}'`, when: describeBranches(when) },
          severity: 'note',
        };
      }
      return;
    }
    if (resource.type === 'AWS::Lambda::LayerVersionPermission') {
      const organization = ctx.graph.get(resource, 'Properties', 'OrganizationId');
      for (const { value, when } of alternatives(ctx.graph.get(resource, 'Properties', 'Principal'))) {
        if (matchableText(value) !== '*' || organization.kind !== 'absent') continue;
        yield { at: value, messageId: 'layerPublic', data: { permission: resource.logicalId, when: describeBranches(when) } };
      }
      return;
    }
    if (resource.type === 'AWS::Serverless::Function') {
      const url = samFunctionUrlAuth(resource);
      if (url?.writesPublicPermission)
        yield {
          at: url.at,
          resource,
          messageId: 'urlPublic',
          data: { where: `FunctionUrlConfig of function '${resource.logicalId}' (SAM writes a permission for '*')`, url: '', when: '' },
        };
      else if (url && publicUrlPermissions(ctx.graph, resource).length === 0) {
        // An AuthType SAM does not read (`!Ref`): the URL gets the deployed value, and SAM writes no permission.
        for (const { value, when } of alternatives(ctx.graph.resolve(url.at))) {
          if (!isLiteral(value, 'NONE')) continue;
          const data = { url: `of function '${resource.logicalId}' (SAM's FunctionUrlConfig)`, when: describeBranches(when) };
          yield { at: url.at, resource, messageId: 'urlUnopened', data, severity: 'note' };
        }
      }
      for (const event of samUnpinnedEvents(resource))
        yield {
          at: event.at,
          resource,
          messageId: 'samEvent',
          data: { event: event.event, type: event.type, function: resource.logicalId },
          severity: 'warning',
        };
      return;
    }
    for (const { document, statement, when } of grantingStatements(ctx.graph, resource, 'resource')) {
      const exposure = exposureOf(statement, when);
      if (!exposure || exposure.when === null) continue;
      const entry = exposure.principal;
      const at = entry ? entry.value.value : statement.element('NotPrincipal');
      const who =
        exposure.via === 'NotPrincipal'
          ? 'everyone except its NotPrincipal entries'
          : entry?.type === '*'
            ? "everyone ('*')"
            : `everyone ({ ${entry?.type}: '*' })`;
      const ignored = describeIgnored(exposure.verdicts);
      const data = {
        where: capitalized(document.label),
        who,
        statement: describeStatement(statement),
        when: describeBranches(exposure.when),
      };
      // A Deny for everyone outside fixed callers (a VPC endpoint, the organization) limits who gets the grant.
      const guard = guardOf(statementsOf(ctx.graph, document.document), statement);
      if (guard)
        yield {
          at,
          messageId: 'guarded',
          data: { ...data, guard: describeStatement(guard.statement), keys: guard.keys.join(' and ') },
          severity: 'warning',
        };
      else yield { at, messageId: 'public', data: { ...data, ignored: ignored ? `; present but not limiting: ${ignored}` : '' } };
    }
  },
});

/** The reports of one Lambda permission (see `permissionExposure`). */
function* permissionReports(resource: Resource, graph: Graph): Generator<Report<string>> {
  for (const exposure of permissionExposure(graph, resource)) {
    const data = { permission: resource.logicalId, when: describeBranches(exposure.when) };
    if (exposure.kind === 'public') {
      const fn = lambdaTarget(graph, resource, 'FunctionName');
      const url = fn ? (functionUrls(graph, fn).map((u) => ` '${u.logicalId}'`)[0] ?? '') : '';
      const where = `Permission '${resource.logicalId}'`;
      if (exposure.urlAuth?.toUpperCase() === 'NONE')
        yield { at: exposure.at, messageId: 'urlPublic', data: { where, url, when: data.when } };
      // The lambda:InvokeFunction half of a public URL grants only calls through the URL, which also need
      // lambda:InvokeFunctionUrl: the finding is that permission's, or the URL's note when the input has none.
      else if (!exposure.viaUrl) yield { at: exposure.at, messageId: 'permissionPublic', data };
    } else if (exposure.kind === 'anySource')
      yield { at: exposure.at, messageId: 'anySource', data: { ...data, service: exposure.service }, severity: 'warning' };
    else if (exposure.kind === 'anySkill')
      yield { at: exposure.at, messageId: 'anySkill', data: { ...data, service: exposure.service }, severity: 'warning' };
  }
}
