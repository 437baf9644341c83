/**
 * `stackwarden/rules`: the rule-authoring API (a placeholder the lead fills: `defineRule` and the `RuleTester`
 * for now).
 */
export { defineRule } from './rules/define.js';
export { RuleTester } from './testing/rule-tester.js';
