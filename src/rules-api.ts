/**
 * The rule-authoring API, `stackwarden/rules`: what a custom rule needs, and nothing it should not depend on.
 * The built-in rules use exactly these functions. Everything here is a pure function of the graph a rule is
 * given; none reads a file. See docs/custom-rules.md.
 *
 * Stability: the names exported here keep their meaning within a major version. Anything else under
 * `stackwarden/dist/…` is internal and may change in any release.
 */

// Declaring and testing a rule.
export type {
  PeerIds,
  Profile,
  Report,
  ResourceRule,
  RuleContext,
  RuleModule,
  RuleOptions,
  StackRule,
  Target,
} from './rules/define.js';
export { defineRule } from './rules/define.js';
export { ruleProblems } from './rules/validate.js';
export type { ExpectedFinding, InvalidCase, TestApi, TesterInput, ValidCase } from './testing/rule-tester.js';
export { RuleTester, runCase } from './testing/rule-tester.js';
export type { ControlId, Severity } from './model/types.js';
export { CONTROL_IDS, CONTROL_TITLES } from './model/types.js';

// Reading resolved values: every intrinsic is already resolved; a value the resolver cannot know is `unknown`
// with a reason, and a rule decides explicitly what that means.
export type { Graph, Link } from './graph/build.js';
export type { Branch, NodeRef, Resolved, Resource, Stack } from './graph/query.js';
export {
  alternatives,
  booleanOf,
  branchWithout,
  describeBranches,
  describeHole,
  describeOrigin,
  isLiteral,
  listItems,
  matchableText,
  nodeWithin,
  renderList,
  renderText,
  whyUnknown,
} from './graph/query.js';
export { nagText } from './graph/detail.js';

// AWS semantics shared by rules.
export type { BucketCoverage } from './aws/s3.js';
export { bucketPoliciesOf, policyBucketLabel, resourceCovers } from './aws/s3.js';
export type { Cidr, IngressRule, PortScope, SourceVerdict } from './aws/network.js';
export { ingressRulesOf, judgeSource, parseCidr, portScope, SENSITIVE_PORTS, sensitivePortsIn } from './aws/network.js';
export { samGlobals } from './aws/sam.js';

// IAM: policy documents, statements and the action catalog.
export type { ConditionEntry, Item, PrincipalEntry, Statement } from './iam/policy.js';
export { conditionsOn, describeStatement, isEveryone, statementsOf } from './iam/policy.js';
export type { DocumentStatement, PolicyDocument } from './iam/documents.js';
export { documentsOf, grantingStatements, statementsIn } from './iam/documents.js';
export type { AttachedPolicy, ManagedPolicyRef } from './iam/attached.js';
export { awsManagedPolicies, groupsOf, policiesOf } from './iam/attached.js';
export type { ActionClass, Breadth } from './iam/classify.js';
export { breadthOf, classifyAction, classifyPattern, reaches } from './iam/classify.js';
export type { AccessLevel, ActionInfo } from './iam/catalog.js';
export { actionInfo, expandAction } from './iam/catalog.js';
export type { ResourceClass } from './iam/resource.js';
export { classifyResource, isUnscoped } from './iam/resource.js';
export type { PublicExposure } from './iam/principal.js';
export { exposureOf, isOwnAccount, principalAccount } from './iam/principal.js';
export type { InsecureTransportDenial } from './iam/secure-transport.js';
export { insecureTransportDenial } from './iam/secure-transport.js';
export { describeActions, describePrincipals } from './iam/describe.js';
