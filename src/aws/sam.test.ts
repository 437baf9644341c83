import { describe, expect, it } from 'vitest';
import type { RuleModule } from '../rules/define.js';
import { runCase } from '../testing/rule-tester.js';
import noAllowNotAction from '../rules/iam/no-allow-not-action.js';
import noManaged from '../rules/iam/no-managed-policies.js';
import noWildcardActions from '../rules/iam/no-wildcard-actions.js';
import noWildcardResources from '../rules/iam/no-wildcard-resources.js';
import leastPrivilege from '../rules/iam/principal-least-privilege.js';
import { SAM_POLICY_TEMPLATES } from './sam-policy-templates.js';
import { actionInfo, expandAction } from '../iam/catalog.js';

const fn = (policies: string, extra = '') =>
  `Transform: AWS::Serverless-2016-10-31\nResources:\n  Data:\n    Type: AWS::S3::Bucket\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n      Runtime: python3.13\n${extra}      Policies:\n${policies}`;

const found = (rule: RuleModule, template: string) =>
  runCase(rule, { template }, 'yaml').map((f) => [f.messageId, f.pointer, f.range.start.line]);

describe('SAM Policies', () => {
  it('a managed policy by name is IAM-1 on the entry and, when it can manage permissions, IAM-2 on the function', () => {
    const template = fn('        - PowerUserAccess\n');
    expect(found(noManaged, template)).toEqual([
      ['samImplicit', '/Resources/Fn', 5],
      ['managed', '/Resources/Fn/Properties/Policies/0', 11],
    ]);
    const [finding] = runCase(leastPrivilege, { template }, 'yaml');
    expect(finding?.message).toContain("Function 'Fn' (SAM's generated role) can manage permissions on every resource");
    expect(finding?.message).toContain("'PowerUserAccess'");
  });

  it("an inline '*' on '*' is administrator access, located in the function's Policies", () => {
    const template = fn("        - Statement:\n            - Effect: Allow\n              Action: '*'\n              Resource: '*'\n");
    expect(found(noAllowNotAction, template)).toEqual([['admin', '/Resources/Fn/Properties/Policies/0/Statement/0/Action', 13]]);
    expect(runCase(leastPrivilege, { template }, 'yaml')[0]?.message).toContain(
      "Function 'Fn' (SAM's generated role) has administrator access",
    );
  });

  it('Role replaces the generated role: nothing in Policies is granted', () => {
    const template = fn('        - PowerUserAccess\n', '      Role: arn:aws:iam::111122223333:role/own\n');
    expect(found(noManaged, template)).toEqual([]);
    expect(found(leastPrivilege, template)).toEqual([]);
  });

  it('a policy template is expanded with its parameters and scoped to them: S3CrudPolicy on a bucket passes', () => {
    const template = fn('        - S3CrudPolicy:\n            BucketName: !Ref Data\n');
    expect(found(noWildcardActions, template)).toEqual([]);
    expect(found(noWildcardResources, template)).toEqual([]);
    expect(found(leastPrivilege, template)).toEqual([]);
  });

  it("a template that grants on '*' is reported at the template's entry", () => {
    // TextractPolicy is textract:* on every resource; VPCAccessPolicy ENI writes on '*'.
    const template = fn('        - TextractPolicy: {}\n        - VPCAccessPolicy: {}\n');
    const actions = runCase(noWildcardActions, { template }, 'yaml');
    expect(actions.map((f) => [f.messageId, f.pointer, f.range.start.line])).toEqual([
      ['service', '/Resources/Fn/Properties/Policies/0/TextractPolicy', 11],
    ]);
    expect(actions[0]!.message).toContain("SAM policy template 'TextractPolicy' in Policies of function 'Fn' (SAM's generated role)");
    const resources = found(noWildcardResources, template);
    expect(resources.map((r) => r[1])).toContain('/Resources/Fn/Properties/Policies/1/VPCAccessPolicy');
  });

  it('a template parameter that is unscoped makes the grant unscoped', () => {
    // LambdaInvokePolicy with FunctionName '*' is lambda:InvokeFunction on every function.
    const template = fn("        - SQSSendMessagePolicy:\n            QueueName: '*'\n");
    expect(found(noWildcardResources, template).length).toBeGreaterThan(0);
  });

  it('an unknown template or one missing its parameter grants nothing that is read', () => {
    expect(found(noWildcardActions, fn('        - NoSuchPolicy: {}\n'))).toEqual([]);
    expect(found(noWildcardResources, fn('        - S3CrudPolicy: {}\n'))).toEqual([]);
  });

  it('a state machine reads the same Policies', () => {
    const template =
      "Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      Policies:\n        - Statement:\n            - Effect: Allow\n              Action: 'iam:*'\n              Resource: '*'\n";
    expect(runCase(leastPrivilege, { template }, 'yaml')[0]?.message).toContain("Statemachine 'Machine' (SAM's generated role)");
  });
});

describe('the SAM policy template data', () => {
  it('names only actions the IAM catalog knows (or patterns that match some)', () => {
    const unknown: string[] = [];
    for (const [name, t] of Object.entries(SAM_POLICY_TEMPLATES))
      for (const s of t.statements)
        for (const a of s.actions)
          if (!(a.includes('*') ? expandAction(a).kind === 'actions' : actionInfo(a))) unknown.push(`${name}: ${a}`);
    // What SAM generates is kept as it is, including names that are not IAM actions: the SQS batch APIs are authorized
    // by their single-message actions, and Mobile Analytics is retired.
    const kept = ['sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessageBatch', 'mobileanalytics:'];
    expect(unknown.filter((u) => !kept.some((k) => u.includes(k)))).toEqual([]);
  });

  it('uses only its own parameters and the pseudo parameters', () => {
    for (const t of Object.values(SAM_POLICY_TEMPLATES))
      for (const s of t.statements)
        for (const text of [...s.resources, ...Object.values(s.condition ?? {}).flatMap((b) => Object.values(b))])
          for (const [, name] of text.matchAll(/\$\{([^}]+)\}/g))
            expect(name!.startsWith('AWS::') || t.parameters.includes(name!)).toBe(true);
  });
});
