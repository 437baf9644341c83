/**
 * The before-and-after examples of docs/rules.md are tested cases: each YAML snippet runs through its rule, and
 * each CDK snippet is compiled (esbuild), run against aws-cdk-lib, synthesized, and its templates run through the
 * rule. A failing example must give at least one unsuppressed finding of the rule, a passing one none.
 */
import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticbeanstalk from 'aws-cdk-lib/aws-elasticbeanstalk';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../model/types.js';
import type { RuleModule } from '../rules/define.js';
import { rules } from '../rules/index.js';
import { runCase, type TesterInput } from '../testing/rule-tester.js';
import { type AssemblyFacts, CDK_SCOPE, type ExampleSide, RULE_EXAMPLES, type RuleExamples } from './rule-examples.js';

const MODULES: Record<(typeof CDK_SCOPE)[number], unknown> = { cdk, s3, iam, ec2, lambda, rds, sns, sqs, elasticbeanstalk };

function unsuppressed(rule: RuleModule, input: TesterInput, ex: RuleExamples): Finding[] {
  return runCase(rule, { ...input, options: { ...input.options, profile: ex.profile ?? 'recommended' } }, 'yaml').filter(
    (f) => f.ruleId === rule.id && f.suppressed === null,
  );
}

/** A stack of a cloud assembly, as the loader reads it: name, environment, and its manifest.json entry. */
function assemblyStack(facts: AssemblyFacts, account: string | null = null): TesterInput['stack'] {
  const name = facts.name ?? 'Example';
  const properties = { templateFile: `${name}.template.json`, terminationProtection: facts.terminationProtection ?? false };
  const manifest = { version: '55.0.0', artifacts: { [name]: { type: 'aws:cloudformation:stack', properties } } };
  return {
    name,
    env: { account: facts.region ? (account ?? '111111111111') : account, region: facts.region ?? null },
    terminationProtection: facts.terminationProtection ?? false,
    manifest: JSON.stringify(manifest, null, 2),
  };
}

function yamlInput(side: ExampleSide): TesterInput {
  return {
    template: side.yaml,
    ...(side.stack ? { stack: assemblyStack(side.stack) } : {}),
    others: (side.others ?? []).map((o) => ({ template: o.yaml, stack: assemblyStack(o) })),
  };
}

/** Runs a CDK snippet and returns its synthesized stacks as tester inputs (the first stack first). */
function synthesize(code: string): TesterInput {
  const js = transformSync(code, { loader: 'ts', format: 'cjs' }).code;
  const app = new cdk.App();
  const ownStacks = /new cdk\.Stack\(/.test(code);
  const stack = ownStacks ? undefined : new cdk.Stack(app, 'Example');
  new Function(...CDK_SCOPE, 'app', ...(ownStacks ? [] : ['stack']), js)(
    ...CDK_SCOPE.map((k) => MODULES[k]),
    app,
    ...(ownStacks ? [] : [stack]),
  );
  const stacks = app.synth().stacks.map(
    (a): TesterInput => ({
      template: JSON.stringify(a.template, null, 1),
      stack: assemblyStack(
        {
          name: a.stackName,
          terminationProtection: a.terminationProtection ?? false,
          ...(cdk.Token.isUnresolved(a.environment.region) || a.environment.region === 'unknown-region'
            ? {}
            : { region: a.environment.region }),
        },
        a.environment.account === 'unknown-account' ? null : a.environment.account,
      ),
    }),
  );
  expect(stacks.length).toBeGreaterThan(0);
  return { ...stacks[0]!, others: stacks.slice(1) };
}

const summary = (fs: Finding[]) => fs.map((f) => `${f.messageId} (${f.severity}) at ${f.pointer}: ${f.message}`);

describe('rule examples', () => {
  it('exist for every built-in rule', () => {
    expect(rules.filter((r) => !RULE_EXAMPLES[r.id]).map((r) => r.id)).toEqual([]);
  });

  it('name only rules that exist', () => {
    expect(Object.keys(RULE_EXAMPLES).filter((id) => !rules.some((r) => r.id === id))).toEqual([]);
  });

  for (const rule of rules) {
    const ex = RULE_EXAMPLES[rule.id];
    if (!ex) continue;
    describe(rule.id, () => {
      it('YAML: the failing example fails', () => {
        expect(unsuppressed(rule, yamlInput(ex.fail), ex).length).toBeGreaterThan(0);
      });
      it('YAML: the passing example passes', () => {
        expect(summary(unsuppressed(rule, yamlInput(ex.pass), ex))).toEqual([]);
      });
      it('CDK: the failing example, synthesized, fails', () => {
        expect(unsuppressed(rule, synthesize(ex.fail.cdk), ex).length).toBeGreaterThan(0);
      }, 180_000);
      it('CDK: the passing example, synthesized, passes', () => {
        expect(summary(unsuppressed(rule, synthesize(ex.pass.cdk), ex))).toEqual([]);
      }, 180_000);
    });
  }
});
