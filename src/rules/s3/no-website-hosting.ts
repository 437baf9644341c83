import { alternatives, describeBranches, renderText } from '../../graph/query.js';
import { defineRule } from '../define.js';

export default defineRule({
  id: 's3/no-website-hosting',
  title: 'S3 buckets do not serve a static website endpoint',
  description:
    'The guidance asks that buckets are not publicly accessible. A bucket website endpoint serves only objects that anyone ' +
    'can read, so hosting a site on it means making the bucket public; it also speaks plain HTTP only, so the TLS the ' +
    'guidance requires (S3-4) cannot apply. A website configuration that only redirects every request elsewhere exposes ' +
    'no objects and is reported as a note.',
  fix:
    'Remove WebsiteConfiguration and serve the content through CloudFront with origin access control on a private ' +
    'bucket (CDK: `S3BucketOrigin.withOriginAccessControl(bucket)`), which also gives HTTPS.',
  controls: ['S3-1'],
  severity: 'error',
  appliesTo: ['AWS::S3::Bucket'],
  peers: { cdkNag: ['AwsSolutions-S5'], checkov: [], cfnNag: [], securityHub: [] },
  messages: {
    website:
      "Bucket '{{bucket}}' turns on static website hosting (WebsiteConfiguration{{index}}){{when}}: the website endpoint serves only publicly readable objects, over plain HTTP.",
    redirect:
      "Bucket '{{bucket}}' has a website endpoint that redirects every request to {{target}}{{when}}: it exposes no objects, but the endpoint is plain HTTP.",
  },
  *check(bucket, ctx) {
    for (const { when, value } of alternatives(ctx.graph.get(bucket, 'Properties', 'WebsiteConfiguration'))) {
      if (value.kind === 'absent') continue;
      const data = { bucket: bucket.logicalId, when: describeBranches(when) };
      // RedirectAllRequestsTo excludes every other website setting: such a bucket serves nothing itself.
      const redirect = ctx.graph.get(value, 'RedirectAllRequestsTo');
      if (redirect.kind === 'object') {
        const target = renderText(ctx.graph.get(redirect, 'HostName')) ?? 'another host';
        yield { at: value.at, messageId: 'redirect', data: { ...data, target }, severity: 'note' };
        continue;
      }
      const index = renderText(ctx.graph.get(value, 'IndexDocument'));
      yield { at: value.at, messageId: 'website', data: { ...data, index: index ? `, index document ${index}` : '' } };
    }
  },
});
