import { describe, expect, it } from 'vitest';
import { RuleTester, runCase } from '../../testing/rule-tester.js';
import rule from './runtime-deprecated.js';

const fn = (properties: string, head = '') =>
  `${head}Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: arn:aws:iam::111111111111:role/r\n      ${properties.trim().replace(/\n/g, '\n      ')}\n`;
const conditions = 'Parameters:\n  Env:\n    Type: String\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\n';

new RuleTester({ describe, it }).run(rule, {
  valid: [
    { name: 'a current runtime', template: fn('Runtime: nodejs22.x\nHandler: index.handler') },
    { name: 'a runtime deprecated later than the warning window', template: fn('Runtime: python3.12'), options: { asOf: '2026-01-01' } },
    { name: 'just outside the warning window', template: fn('Runtime: nodejs20.x'), options: { asOf: '2025-10-31' } },
    {
      name: 'a container image has no runtime',
      template: fn('PackageType: Image\nCode:\n  ImageUri: 111111111111.dkr.ecr.us-east-1.amazonaws.com/app:1'),
    },
    {
      name: 'SAM function with a current runtime in Globals',
      template:
        'Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Function:\n    Runtime: python3.13\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n',
    },
    {
      name: 'SAM function overriding an old global runtime',
      template:
        'Globals:\n  Function:\n    Runtime: python3.7\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.13\n',
    },
  ],
  invalid: [
    {
      name: 'a runtime past its deprecation date is an error',
      template: fn('Runtime: nodejs16.x'),
      options: { asOf: '2026-01-01' },
      findings: [
        {
          messageId: 'deprecated',
          pointer: '/Resources/Fn/Properties/Runtime',
          line: 6,
          column: 7,
          severity: 'error',
          message: "Function 'Fn' uses runtime nodejs16.x, deprecated since 2024-06-12: Lambda no longer patches it; move to nodejs24.x.",
        },
      ],
    },
    {
      name: 'within 180 days of deprecation is a warning',
      template: fn('Runtime: nodejs20.x'),
      options: { asOf: '2026-01-01' },
      findings: [
        {
          messageId: 'deprecating',
          pointer: '/Resources/Fn/Properties/Runtime',
          line: 6,
          column: 7,
          severity: 'warning',
          message: 'which AWS deprecates on 2026-04-30, within 180 days; move to nodejs24.x.',
        },
      ],
    },
    {
      name: 'exactly 180 days before deprecation is still a warning',
      template: fn('Runtime: nodejs20.x'),
      options: { asOf: '2025-11-01' },
      findings: [
        {
          messageId: 'deprecating',
          pointer: '/Resources/Fn/Properties/Runtime',
          line: 6,
          column: 7,
          severity: 'warning',
          message: 'within 180 days',
        },
      ],
    },
    {
      name: 'on the deprecation date itself it is an error',
      template: fn('Runtime: nodejs20.x'),
      options: { asOf: '2026-04-30' },
      findings: [{ messageId: 'deprecated', pointer: '/Resources/Fn/Properties/Runtime', line: 6, column: 7, severity: 'error' }],
    },
    {
      name: 'runtime identifiers are matched without regard to case',
      template: fn("Runtime: 'Python3.8'"),
      findings: [
        {
          messageId: 'deprecated',
          pointer: '/Resources/Fn/Properties/Runtime',
          line: 6,
          column: 7,
          message: 'uses runtime python3.8, deprecated since 2024-10-14',
        },
      ],
    },
    {
      name: 'a runtime from a parameter default',
      template: fn('Runtime: !Ref Rt', 'Parameters:\n  Rt:\n    Type: String\n    Default: go1.x\n'),
      findings: [
        {
          messageId: 'deprecated',
          pointer: '/Resources/Fn/Properties/Runtime',
          line: 10,
          column: 7,
          message:
            "uses runtime go1.x (from the default of parameter 'Rt'), deprecated since 2024-01-08: Lambda no longer patches it; move to provided.al2023.",
        },
      ],
    },
    {
      name: 'both branches of Fn::If',
      template: fn('Runtime: !If [IsProd, python3.13, python3.9]', conditions),
      findings: [
        {
          messageId: 'deprecated',
          pointer: '/Resources/Fn/Properties/Runtime/Fn::If/2',
          line: 11,
          column: 41,
          message: 'uses runtime python3.9 (when IsProd is false)',
        },
      ],
    },
    {
      name: 'a runtime from a mapping points at the property',
      template: fn('Runtime: !FindInMap [Rt, node, id]', 'Mappings:\n  Rt:\n    node:\n      id: nodejs14.x\n'),
      findings: [{ messageId: 'deprecated', pointer: '/Resources/Fn/Properties/Runtime', line: 10, column: 7, message: 'nodejs14.x' }],
    },
    {
      name: 'a runtime not known before deployment is a warning',
      template: fn('Runtime: !Ref Rt', 'Parameters:\n  Rt:\n    Type: String\n'),
      findings: [
        {
          messageId: 'unknown',
          pointer: '/Resources/Fn/Properties/Runtime',
          line: 9,
          column: 7,
          severity: 'warning',
          message: "parameter 'Rt' has no default",
        },
      ],
    },
    {
      name: 'a runtime built with Fn::Join from a parameter without default says why it is not known',
      template: fn("Runtime: !Join ['', [python, !Ref Ver]]", 'Parameters:\n  Ver:\n    Type: String\n'),
      findings: [
        {
          messageId: 'unknown',
          pointer: '/Resources/Fn/Properties/Runtime',
          line: 9,
          column: 7,
          severity: 'warning',
          message: "(it is 'python${Ver}', and parameter 'Ver' has no default",
        },
      ],
    },
    {
      name: 'a runtime the table does not list is a note',
      template: fn('Runtime: nodejs26.x'),
      findings: [
        { messageId: 'unlisted', pointer: '/Resources/Fn/Properties/Runtime', line: 6, column: 7, severity: 'note', message: 'nodejs26.x' },
      ],
    },
    {
      name: 'a SAM function inherits a deprecated runtime from Globals',
      template:
        'Globals:\n  Function:\n    Runtime: ruby2.7\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n',
      findings: [
        {
          messageId: 'deprecated',
          pointer: '/Globals/Function/Runtime',
          line: 3,
          column: 5,
          message: "Function 'Fn' uses runtime ruby2.7",
        },
      ],
    },
    {
      name: 'a Zip package type is checked',
      template: fn('PackageType: Zip\nRuntime: dotnet6'),
      findings: [{ messageId: 'deprecated', pointer: '/Resources/Fn/Properties/Runtime', line: 7, column: 7, message: 'move to dotnet10' }],
    },
  ],
});

describe('lambda/runtime-deprecated fingerprints', () => {
  // Baselines match findings by fingerprint, and the CLI's default as-of date is today: a finding must keep its
  // fingerprint from one day to the next, or a baselined runtime comes back as new every morning.
  const fingerprints = (runtime: string, asOf: string) =>
    runCase(rule, { template: fn(`Runtime: ${runtime}`), options: { asOf } }, 'yaml').map((f) => f.fingerprint);

  it('do not change with the run date', () => {
    expect(fingerprints('nodejs16.x', '2026-01-01')).toHaveLength(1);
    expect(fingerprints('nodejs16.x', '2026-01-02')).toEqual(fingerprints('nodejs16.x', '2026-01-01'));
    expect(fingerprints('nodejs20.x', '2026-01-02')).toEqual(fingerprints('nodejs20.x', '2026-01-01'));
  });
});

describe('lambda/runtime-deprecated fix texts', () => {
  // The fix is the finding's own: the successor of this runtime, never a fixed constant (which was NODEJS_22_X for
  // every language, including Node 22 itself when the message called it deprecating).
  const fixOf = (runtime: string, asOf: string) =>
    runCase(rule, { template: fn(`Runtime: ${runtime}`), options: { asOf } }, 'yaml')[0]?.fix;

  it('suggests the Python successor for Python 3.9', () => {
    const fix = fixOf('python3.9', '2026-12-01');
    expect(fix).toContain('Set Runtime to python3.14');
    expect(fix).toContain('lambda.Runtime.PYTHON_3_14');
    expect(fix).not.toContain('NODEJS');
  });

  it('never suggests the runtime the message calls deprecating', () => {
    const fix = fixOf('nodejs22.x', '2027-01-01');
    expect(fix).toContain('lambda.Runtime.NODEJS_24_X');
    expect(fix).not.toContain('NODEJS_22_X');
  });

  it('names the CDK constant of OS-only and Java successors', () => {
    expect(fixOf('go1.x', '2026-12-01')).toContain('lambda.Runtime.PROVIDED_AL2023');
    expect(fixOf('java8', '2026-12-01')).toContain('lambda.Runtime.JAVA_25');
  });
});
