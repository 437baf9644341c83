import { isDeepStrictEqual } from 'node:util';
import { createRequire } from 'node:module';
import type * as CdkLib from 'aws-cdk-lib';
import type { CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { run } from '../engine/run.js';
import { applyOperations, FixConflict, isMapping } from '../fix/operations.js';
import { parseJson } from '../load/json.js';
import type { FixSettings } from '../model/fix.js';
import type { ControlId, Finding } from '../model/types.js';
import type { Profile } from '../rules/define.js';
import { rules as builtinRules } from '../rules/index.js';

/**
 * aws-cdk-lib, loaded when the Aspect first visits a construct: `stackwarden/cdk` also holds the validation plugin
 * and the test helper, which use only its types, so importing the subpath must not need it installed.
 */
let cdkLib: typeof CdkLib | undefined;
function cdk(): typeof CdkLib {
  cdkLib ??= createRequire(import.meta.url)('aws-cdk-lib') as typeof CdkLib;
  return cdkLib;
}

/** Options of {@link StackWardenRemediation}. With none, every safe fix is applied. */
export interface RemediationOptions extends FixSettings {
  /** Apply only the fixes of findings of these controls. */
  controls?: readonly ControlId[];
  /** Apply only the fixes of these rules. */
  rules?: readonly string[];
  /** How strictly the guidance is read (decides, for one, SSE-S3 or SSE-KMS). Default `recommended`. */
  profile?: Profile;
}

interface Template {
  Resources?: Record<string, { Type?: string; Properties?: Record<string, unknown>; Condition?: string }>;
}

/**
 * The remediation Aspect: `Aspects.of(app).add(new StackWardenRemediation(options))`. For each stack it renders the
 * template the stack would synthesize, runs the rules on it, and applies the fixes of their findings to the
 * constructs: property overrides on the `CfnResource` (also the ones aws-cdk-lib made), new `CfnResource`s for
 * added resources (a bucket policy, a least-privilege logs policy), `terminationProtection` on the stack. These are
 * the same operations the template applier writes. Every change and every refusal is a CDK annotation on its
 * construct, and each stack gets one summary.
 */
export class StackWardenRemediation implements IAspect {
  readonly #done = new WeakSet<Stack>();

  constructor(private readonly options: RemediationOptions = {}) {}

  visit(node: IConstruct): void {
    if (!cdk().Stack.isStack(node) || this.#done.has(node)) return;
    this.#done.add(node);
    this.#remediate(node);
  }

  #remediate(stack: Stack): void {
    // The template as synth would write it (internal API, the same call synthesis makes).
    const rendered = (stack as unknown as { _toCloudFormation(): unknown })._toCloudFormation() as Template;
    const document = parseJson(`${stack.artifactId}.template.json`, JSON.stringify(rendered));
    const loaded = {
      id: stack.artifactId,
      name: stack.stackName,
      template: document,
      env: { account: null, region: null },
      // Off reads as "not set": the rule then offers the stack setting, which is what the Aspect can apply.
      terminationProtection: stack.terminationProtection ? true : null,
      declaredAt: null,
      constructPath: stack.node.path,
      constructPaths: new Map<string, string>(),
      nestedIn: null,
    };
    const settings: FixSettings = {
      ...(this.options.overrideExplicit ? { overrideExplicit: true } : {}),
      ...(this.options.encryption ? { encryption: this.options.encryption } : {}),
      ...(this.options.kmsKeyId ? { kmsKeyId: this.options.kmsKeyId } : {}),
    };
    const { findings } = run(
      { stacks: [loaded], errors: [], files: 1 },
      { rules: builtinRules, profile: this.options.profile ?? 'recommended', fix: settings },
    );
    const chosen = findings.filter(
      (f) =>
        f.autofix &&
        !f.suppressed &&
        (!this.options.rules || this.options.rules.includes(f.ruleId)) &&
        (!this.options.controls || f.controls.some((c) => this.options.controls!.includes(c))),
    );
    let model: unknown = document.value;
    let fixed = 0;
    let refused = 0;
    for (const finding of chosen) {
      const plan = finding.autofix!;
      const at = this.#constructOf(stack, finding);
      if (plan.kind === 'refused') {
        refused++;
        cdk().Annotations.of(at).addWarningV2(`stackwarden:${finding.ruleId}`, `StackWarden did not fix ${finding.ruleId}: ${plan.reason}`);
        continue;
      }
      try {
        model = applyOperations(model, plan.operations);
      } catch (error) {
        refused++;
        const reason = error instanceof FixConflict ? error.message : String(error);
        cdk().Annotations.of(at).addWarningV2(`stackwarden:${finding.ruleId}`, `StackWarden did not fix ${finding.ruleId}: ${reason}`);
        continue;
      }
      if (plan.operations.some((o) => o.op === 'stackSetting')) stack.terminationProtection = true;
      fixed++;
      cdk().Annotations.of(at).addInfo(`StackWarden fixed ${finding.ruleId}: ${plan.description}`);
    }
    this.#apply(stack, rendered, model as Template);
    cdk().Annotations.of(stack).addInfo(`StackWarden remediation: fixed ${fixed} finding(s), refused ${refused}.`);
  }

  /** Turns the difference between the rendered template and the fixed model into overrides and new resources. */
  #apply(stack: Stack, before: Template, after: Template): void {
    const resources = this.#resources(stack);
    for (const [id, resource] of Object.entries(after.Resources ?? {})) {
      const old = before.Resources?.[id];
      if (!old) {
        const added = new (cdk().CfnResource)(stack, `StackWarden${id}`, {
          type: resource.Type ?? '',
          properties: resource.Properties ?? {},
        });
        added.overrideLogicalId(id);
        if (resource.Condition) added.addOverride('Condition', resource.Condition);
        cdk().Annotations.of(added).addInfo(`StackWarden added ${resource.Type} '${id}'`);
        continue;
      }
      const target = resources.get(id);
      if (!target) continue;
      const oldProps = isMapping(old.Properties) ? old.Properties : {};
      const newProps = isMapping(resource.Properties) ? resource.Properties : {};
      for (const key of new Set([...Object.keys(oldProps), ...Object.keys(newProps)])) {
        if (isDeepStrictEqual(oldProps[key], newProps[key])) continue;
        // A whole top-level property: its value was rendered with every token resolved, so nothing else changes.
        if (newProps[key] === undefined) target.addPropertyDeletionOverride(key);
        else target.addPropertyOverride(key, newProps[key]);
      }
    }
  }

  #resources(stack: Stack): Map<string, CfnResource> {
    const out = new Map<string, CfnResource>();
    for (const c of stack.node.findAll())
      if (cdk().CfnResource.isCfnResource(c) && cdk().Stack.of(c) === stack) out.set(stack.resolve(c.logicalId) as string, c);
    return out;
  }

  #constructOf(stack: Stack, finding: Finding): IConstruct {
    return (finding.logicalId ? this.#resources(stack).get(finding.logicalId) : undefined) ?? stack;
  }
}
