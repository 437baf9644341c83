import { describe, it } from 'vitest';
import { RuleTester } from '../../testing/rule-tester.js';
import rule from './termination-protection.js';

const template = 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n';
const manifest = (protection: string) => `{
  "version": "55.0.0",
  "artifacts": {
    "App": {
      "type": "aws:cloudformation:stack",
      "properties": {
        "templateFile": "App.template.json"${protection}
      }
    }
  }
}`;

new RuleTester({ describe, it }).run(rule, {
  valid: [
    {
      name: 'an assembly stack with termination protection',
      template,
      stack: { name: 'App', terminationProtection: true, manifest: manifest(',\n        "terminationProtection": true') },
    },
  ],
  invalid: [
    {
      name: 'an assembly stack that sets terminationProtection to false points at the setting in manifest.json',
      template,
      stack: { name: 'App', terminationProtection: false, manifest: manifest(',\n        "terminationProtection": false') },
      findings: [
        {
          messageId: 'disabled',
          pointer: '/artifacts/App/properties/terminationProtection',
          line: 8,
          column: 9,
          file: 'manifest.json',
          message: "Stack 'App'",
        },
      ],
    },
    {
      name: 'an assembly stack without the setting points at its properties',
      template,
      stack: { name: 'App', terminationProtection: false, manifest: manifest('') },
      findings: [{ messageId: 'disabled', pointer: '/artifacts/App/properties', line: 6, column: 7, file: 'manifest.json' }],
    },
    {
      name: 'a plain template gets a note with the command, since a template cannot express it',
      template,
      findings: [
        {
          messageId: 'template',
          pointer: '',
          line: 1,
          column: 1,
          severity: 'note',
          message: 'aws cloudformation update-termination-protection --enable-termination-protection --stack-name',
        },
      ],
    },
  ],
});
