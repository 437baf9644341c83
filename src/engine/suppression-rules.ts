import type { RuleModule } from '../rules/define.js';
import { defineRule } from '../rules/define.js';

/*
 * The findings the engine reports about suppressions. They are not checks of the template: the engine's
 * suppression step (engine/suppress.ts) yields them, so `check` has nothing to look at and `appliesTo` is
 * empty. They are rules all the same, so `rules`, per-rule severity in the configuration ("off" included),
 * and every formatter (SARIF reporting descriptors, docs) treat them like the others. They cannot be
 * suppressed themselves.
 */

const nothingToCheck = function* () {};

export const SUPPRESSION_INVALID = defineRule({
  id: 'stackwarden/suppression-invalid',
  title: 'Suppressions name a known rule and give a reason of at least 10 characters',
  description:
    'A suppression hides a deviation from the guidance, so a reviewer must be able to read why it is acceptable. A ' +
    'suppression without a reason (or with one shorter than 10 characters), with an id that names no StackWarden rule ' +
    'or control, with a malformed appliesTo pattern or expiry date, or with unknown keys suppresses nothing, and is ' +
    'reported here, at the entry. Entries of other tools (cdk-nag, cfn-nag, checkov, CDK acknowledgements) are judged ' +
    'only when their id maps to a StackWarden rule.',
  fix: 'Give the suppression a reason of at least 10 characters that says why the finding is acceptable, and correct its id, appliesTo or expires.',
  controls: [],
  severity: 'error',
  appliesTo: [],
  messages: { invalid: "{{source}} '{{id}}'{{where}} is not valid: {{problem}}. It suppresses nothing." },
  check: nothingToCheck,
});

export const SUPPRESSION_UNUSED = defineRule({
  id: 'stackwarden/suppression-unused',
  title: 'Suppressions still match a finding',
  description:
    'A suppression that matches no finding is left over from something that was fixed, or names the wrong rule, ' +
    'resource or appliesTo entry. Left in place it would silently hide a future finding. Only suppressions that name a ' +
    'rule that ran are reported.',
  fix: 'Remove the suppression, or correct its id, scope or appliesTo so it matches the finding it was written for.',
  controls: [],
  severity: 'warning',
  appliesTo: [],
  messages: { unused: "{{source}} '{{id}}'{{where}} matches no finding: remove it, or correct its id or scope." },
  check: nothingToCheck,
});

export const SUPPRESSION_EXPIRED = defineRule({
  id: 'stackwarden/suppression-expired',
  title: 'Suppressions have not expired',
  description:
    "A suppression with an expires date holds through that day. After it (compared with the run's --as-of date, so " +
    'results are reproducible) it no longer suppresses anything, and the findings it covered are reported again.',
  fix: 'Fix the finding, or renew the suppression with a new expires date and a current reason.',
  controls: [],
  severity: 'warning',
  appliesTo: [],
  messages: {
    expired: "{{source}} '{{id}}'{{where}} expired on {{expires}} (the run is as of {{asOf}}): it no longer suppresses anything.",
  },
  check: nothingToCheck,
});

/** The engine's own rules about suppressions, in id order. */
export const SUPPRESSION_RULES: readonly RuleModule[] = [SUPPRESSION_EXPIRED, SUPPRESSION_INVALID, SUPPRESSION_UNUSED];
