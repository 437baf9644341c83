import { defineRule, type RuleModule } from './define.js';

/*
 * The rules of `stackwarden audit --against` that no template has: they compare a template with the account, so
 * they check nothing in a scan. They are defined here, beside the registry, so that every run knows their ids: a
 * suppressions file or a configuration shared by `scan` and `audit` may name them (see `settle` in engine/run.ts).
 */

const nothingToCheck = function* () {};

export const AUDIT_DRIFT = defineRule({
  id: 'audit/drift',
  title: 'Deployed resources pass the same rules as their templates',
  description:
    '`stackwarden audit --against` links each deployed stack to its template by name, and compares the verdict of every ' +
    'rule that judged both a resource of the template and the live resource its stack manages: Block Public Access, the ' +
    'bucket policy (TLS-only Deny, public principals), encryption, versioning, ACLs and ownership, termination ' +
    'protection, security-group ingress, IAM policies and runtimes. A resource that passes in the template but fails as ' +
    'deployed was changed outside CloudFormation (or the template is not deployed yet); one that fails in the template ' +
    'but passes as deployed was fixed by hand, and the next deployment undoes the fix. The finding carries the controls ' +
    'of the rule that drifted, and `Rule::<id>` as its detail (for appliesTo).',
  fix:
    'Make the template and the account agree: fix the template and deploy it, or, when the live change is the fix, write ' +
    'it into the template so that the next deployment keeps it. `aws cloudformation detect-stack-drift --stack-name ' +
    '<stack>` lists the properties that changed.',
  controls: [],
  severity: 'warning',
  appliesTo: [],
  messages: {
    liveFails:
      "{{what}} passes {{rule}} in the template of stack '{{stack}}' but not as deployed: the live configuration differs from the template (changed outside CloudFormation, or not deployed yet). As deployed: {{live}}",
    templateFails:
      "{{what}} fails {{rule}} in the template of stack '{{stack}}' but passes it as deployed: it was changed outside CloudFormation, and the next deployment of the stack undoes that. In the template: {{template}}",
  },
  check: nothingToCheck,
});

export const AUDIT_UNDECLARED = defineRule({
  id: 'audit/undeclared',
  title: 'Live buckets, roles, security groups and functions are declared in a template that was scanned',
  description:
    '`stackwarden audit --against` lists the buckets, IAM roles, security groups and Lambda functions of the audited ' +
    'regions that no loaded template declares: those that no CloudFormation stack manages (made in the console, by a ' +
    'script, by another tool), and those of a stack that the templates scanned do not include. The static scan never ' +
    'saw them; their live findings are still reported. Service-linked roles and default security groups are left out: ' +
    'AWS makes them.',
  fix:
    'Declare the resource in a template (import it into a stack: `cdk import`, or a CloudFormation resource import), delete ' +
    'it when nothing uses it, or scan the templates of the stack that manages it. When it is managed elsewhere on purpose, ' +
    'suppress audit/undeclared for it in the suppressions file, with the reason.',
  controls: [],
  severity: 'note',
  appliesTo: [],
  messages: {
    unmanaged: '{{kind}} {{arn}} is managed by no CloudFormation stack: no template declares it, so the static scan never saw it.',
    otherStack:
      "{{kind}} {{arn}} is managed by stack '{{stack}}' ({{region}}), whose template was not scanned: the static scan never saw it.",
  },
  check: nothingToCheck,
});

/** The rules of `audit` that no template has: they are known to suppressions, configuration and reports. */
export const AUDIT_RULES: readonly RuleModule[] = [AUDIT_DRIFT, AUDIT_UNDECLARED];
