import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './managed-updates.js';

const option = (value: string, namespace = 'aws:elasticbeanstalk:managedactions', name = 'ManagedActionsEnabled') =>
  `        - Namespace: ${namespace}\n          OptionName: ${name}\n          Value: ${value}\n`;
const env = (settings: string, extra = '', head = '') =>
  `${head}Resources:\n  Env:\n    Type: AWS::ElasticBeanstalk::Environment\n    Properties:\n      ApplicationName: app\n${extra}${settings ? `      OptionSettings:\n${settings}` : ''}`;
const template = (settings: string) =>
  `  Saved:\n    Type: AWS::ElasticBeanstalk::ConfigurationTemplate\n    Properties:\n      ApplicationName: app\n${settings ? `      OptionSettings:\n${settings}` : ''}`;
const conditions = 'Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n';

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: 'managed updates on',
      template: env(option("'true'") + option('Tue:09:00', 'aws:elasticbeanstalk:managedactions', 'PreferredStartTime')),
    },
    {
      name: 'turned on by the saved configuration it uses',
      template: env('', '      TemplateName: !Ref Saved\n') + template(option('true')),
    },
    {
      name: 'a parameter whose default is true',
      template: env(option('!Ref Managed'), '', "Parameters:\n  Managed:\n    Type: String\n    Default: 'true'\n"),
    },
    {
      name: 'a saved configuration that leaves it to the environment',
      template: env(option('true')) + template(option('m5.large', 'aws:autoscaling:launchconfiguration', 'InstanceType')),
    },
  ],
  invalid: [
    {
      name: 'an environment that turns managed updates off',
      template: env(option('false')),
      findings: [
        {
          messageId: 'disabled',
          pointer: '/Resources/Env/Properties/OptionSettings/0/Value',
          line: 9,
          column: 11,
          message:
            "Environment 'Env' sets ManagedActionsEnabled to false: OS and runtime patches of the platform are not applied automatically.",
        },
      ],
    },
    {
      name: 'a saved configuration that turns them off',
      template: env('', '      TemplateName: !Ref Saved\n') + template(option("'false'")),
      findings: [
        {
          messageId: 'disabled',
          pointer: '/Resources/Saved/Properties/OptionSettings/0/Value',
          line: 14,
          column: 11,
          message: "Saved configuration 'Saved' sets ManagedActionsEnabled to false",
        },
      ],
    },
    {
      name: 'an environment that does not set it: the CloudFormation default is off',
      template: env(option('m5.large', 'aws:autoscaling:launchconfiguration', 'InstanceType')),
      findings: [
        {
          messageId: 'missing',
          pointer: '/Resources/Env',
          line: 2,
          column: 3,
          severity: 'warning',
          message: 'through CloudFormation it defaults to false',
        },
      ],
    },
    {
      name: 'the strict profile makes the default an error',
      template: env(''),
      options: { profile: 'strict' },
      findings: [{ messageId: 'missing', pointer: '/Resources/Env', line: 2, column: 3, severity: 'error' }],
    },
    {
      name: 'a saved configuration outside the input is a note',
      template: env('', '      TemplateName: shared-config\n'),
      findings: [
        {
          messageId: 'external',
          pointer: '/Resources/Env/Properties/TemplateName',
          line: 6,
          column: 7,
          severity: 'note',
          message: "uses saved configuration 'shared-config' from outside this input",
        },
      ],
    },
    {
      name: 'false on one branch of Fn::If',
      template: env(option('!If [IsProd, true, false]'), '', conditions),
      findings: [
        {
          messageId: 'disabled',
          pointer: '/Resources/Env/Properties/OptionSettings/0/Value/Fn::If/2',
          line: 14,
          column: 37,
          message: 'false (when IsProd is false)',
        },
      ],
    },
    {
      name: 'a value not known before deployment is a warning',
      template: env(option('!Ref Managed'), '', 'Parameters:\n  Managed:\n    Type: String\n'),
      findings: [
        {
          messageId: 'unknown',
          pointer: '/Resources/Env/Properties/OptionSettings/0/Value',
          line: 12,
          column: 11,
          severity: 'warning',
          message: "parameter 'Managed' has no default",
        },
      ],
    },
  ],
});
