import type { Branch, NodeRef, Resolved, Resource } from '../../graph/query.js';
import {
  alternatives,
  booleanOf,
  describeBranches,
  describeOrigin,
  isLiteral,
  listItems,
  nodeWithin,
  renderText,
  whyUnknown,
} from '../../graph/query.js';
import { defineRule } from '../define.js';
import type { RuleContext } from '../define.js';

const NAMESPACE = 'aws:elasticbeanstalk:managedactions';
const OPTION = 'ManagedActionsEnabled';

export default defineRule({
  id: 'elasticbeanstalk/managed-updates',
  title: 'Elastic Beanstalk environments apply managed platform updates',
  description:
    'The guidance makes the customer responsible for the guest operating system, "including updates and security ' +
    'patches". Elastic Beanstalk patches the OS and runtime of an environment through managed platform updates, turned ' +
    `on by the option ${NAMESPACE} ${OPTION}. Setting it to false, in an environment or in a saved configuration ` +
    '(ConfigurationTemplate), is a finding. Unlike the console, which turns managed updates on for new environments, ' +
    'CloudFormation and the API leave the option at its default, false: an environment that sets it neither itself ' +
    'nor through a saved configuration of the input is reported as a warning (an error under the strict profile), ' +
    "because only the application bundle's .ebextensions, which StackWarden cannot see, could still turn it on.",
  fix:
    `Add to OptionSettings: {Namespace: ${NAMESPACE}, OptionName: ${OPTION}, Value: "true"}, with ` +
    'PreferredStartTime (same namespace) and UpdateLevel (aws:elasticbeanstalk:managedactions:platformupdate, minor or patch).',
  controls: ['SRM-2'],
  severity: 'error',
  appliesTo: ['AWS::ElasticBeanstalk::Environment', 'AWS::ElasticBeanstalk::ConfigurationTemplate'],
  peers: { cdkNag: ['AwsSolutions-EB3', 'HIPAA.Security-ElasticBeanstalkManagedUpdatesEnabled'], securityHub: ['ElasticBeanstalk.2'] },
  messages: {
    disabled: `{{kind}} '{{id}}' sets ${OPTION} to false{{origin}}{{when}}: OS and runtime patches of the platform are not applied automatically.`,
    unknown: `{{kind}} '{{id}}' sets ${OPTION} to a value not known before deployment{{when}} ({{reason}}).`,
    missing: `Environment '{{id}}' does not set ${NAMESPACE} ${OPTION}: through CloudFormation it defaults to false, so managed platform updates are off unless the application bundle's .ebextensions turns them on.`,
    external: `Environment '{{id}}' does not set ${OPTION} itself and uses saved configuration '{{template}}' from outside this input, which may set it: check that it is true.`,
  },
  *check(resource, ctx) {
    const kind = resource.type === 'AWS::ElasticBeanstalk::Environment' ? 'Environment' : 'Saved configuration';
    const settings = settingsOf(resource, ctx);
    for (const { when, value, at } of settings) {
      const on = booleanOf(value);
      if (on === true) continue;
      const data = { kind, id: resource.logicalId, when: describeBranches(when), origin: describeOrigin(value) };
      if (on === false) yield { at, messageId: 'disabled', data };
      else
        yield {
          at,
          messageId: 'unknown',
          data: { ...data, reason: value.kind === 'absent' ? 'the entry has no Value' : whyUnknown(value) },
          severity: 'warning',
        };
    }
    if (kind !== 'Environment' || settings.length > 0) return;
    // Settings applied to the environment override its saved configuration, which overrides .ebextensions.
    const templates = ctx.graph.referencedBy(resource, 'TemplateName', 'AWS::ElasticBeanstalk::ConfigurationTemplate');
    if (templates.some((t) => settingsOf(t, ctx).length > 0)) return;
    const name = ctx.graph.get(resource, 'Properties', 'TemplateName');
    if (templates.length === 0 && name.kind !== 'absent')
      yield {
        at: nodeWithin(resource, [name]),
        messageId: 'external',
        data: { id: resource.logicalId, template: renderText(name) ?? '?' },
        severity: 'note',
      };
    else
      yield {
        at: resource,
        messageId: 'missing',
        data: { id: resource.logicalId },
        severity: ctx.options.profile === 'strict' ? 'error' : 'warning',
      };
  },
});

/** Every value given to the option in the resource's OptionSettings, with the node to point at. */
function settingsOf(resource: Resource, ctx: RuleContext): { when: Branch[]; value: Resolved; at: NodeRef }[] {
  const out: { when: Branch[]; value: Resolved; at: NodeRef }[] = [];
  for (const { when, item } of listItems(ctx.graph.get(resource, 'Properties', 'OptionSettings'))) {
    if (
      item.kind !== 'object' ||
      !isLiteral(ctx.graph.get(item, 'Namespace'), NAMESPACE) ||
      !isLiteral(ctx.graph.get(item, 'OptionName'), OPTION)
    )
      continue;
    const setting = ctx.graph.get(item, 'Value');
    for (const alt of alternatives(setting))
      out.push({ when: [...when, ...alt.when], value: alt.value, at: nodeWithin(resource, [alt.value, setting, item]) });
  }
  return out;
}
