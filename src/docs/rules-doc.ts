import { CONTROL_IDS, CONTROL_TITLES } from '../model/types.js';
import { ruleAnchor } from '../report/anchor.js';
import type { PeerIds, RuleModule } from '../rules/define.js';
import { type AssemblyFacts, CDK_SCOPE, type ExampleSide, RULE_EXAMPLES, type RuleExamples } from './rule-examples.js';
import { OWNERSHIP } from './ownership.js';

const PEER_NAMES: Readonly<Record<keyof PeerIds, string>> = {
  cdkNag: 'cdk-nag',
  checkov: 'checkov',
  cfnNag: 'cfn-nag',
  securityHub: 'Security Hub',
};

function peersText(peers: PeerIds | undefined): string {
  const parts = (Object.keys(PEER_NAMES) as (keyof PeerIds)[])
    .filter((k) => (peers?.[k]?.length ?? 0) > 0)
    .map((k) => `${PEER_NAMES[k]}: ${peers![k]!.join(', ')}`);
  return parts.length > 0 ? parts.join('; ') : 'none known';
}

function appliesTo(rule: RuleModule): string {
  return rule.appliesTo === 'stack' ? 'each stack' : rule.appliesTo.join(', ');
}

/** `stackwarden rules`: one line per rule, aligned, for a terminal. */
export function rulesTable(rules: readonly RuleModule[]): string {
  const rows = [...rules]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((r) => [r.id, r.controls.join(','), r.severity, r.title, peersText(r.peers)]);
  const header = ['RULE', 'CONTROLS', 'SEVERITY', 'TITLE', 'PEERS'];
  const widths = header.slice(0, 4).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i < 4 ? c.padEnd(widths[i]!) : c))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** `stackwarden rules explain ID`: the whole documentation of one rule, as Markdown that reads well as text. */
export function explainRule(rule: RuleModule): string {
  const lines = [
    `## ${rule.id}`,
    '',
    `**${rule.title}**`,
    '',
    `- Controls: ${rule.controls.map((c) => `${c} (${CONTROL_TITLES[c]})`).join(', ')}`,
    `- Default severity: ${rule.severity}`,
    `- Checks: ${appliesTo(rule)}`,
    `- Peer equivalents: ${peersText(rule.peers)}`,
    '',
    rule.description,
    '',
    `**Fix.** ${rule.fix}`,
    '',
    'Messages:',
    '',
    ...Object.entries(rule.messages).map(([id, text]) => `- \`${id}\`: ${text as string}`),
  ];
  return lines.join('\n') + '\n';
}

/** One side of a rule's example, as Markdown: the YAML template and the CDK TypeScript. */
function exampleSide(label: string, side: ExampleSide): string[] {
  const facts = (f: AssemblyFacts) =>
    [
      f.name && `stack ${f.name}`,
      f.region && `in ${f.region}`,
      f.terminationProtection !== undefined && `terminationProtection: ${f.terminationProtection}`,
    ]
      .filter(Boolean)
      .join(', ');
  const assembly = side.stack === undefined ? '' : ` (in a cloud assembly: ${facts(side.stack)})`;
  const yaml = ['```yaml', side.yaml.replace(/\n$/, ''), '```', ''];
  const others = (side.others ?? []).flatMap((o) => [
    `With, in the same assembly (${facts(o)}):`,
    '',
    '```yaml',
    o.yaml.replace(/\n$/, ''),
    '```',
    '',
  ]);
  return [`${label}${assembly}:`, '', ...yaml, ...others, '```ts', side.cdk.replace(/\n$/, ''), '```', ''];
}

/** A rule's before and after, tested by src/docs/rule-examples.test.ts. */
function examplesMarkdown(ex: RuleExamples): string[] {
  const profile = ex.profile === undefined ? '' : ` Under the ${ex.profile} profile.`;
  return [`**Before and after.**${profile}`, '', ...exampleSide('Fails', ex.fail), ...exampleSide('Passes', ex.pass)];
}

/** docs/rules.md, generated from the rules' metadata. A test fails when the committed file is stale. */
export function rulesMarkdown(rules: readonly RuleModule[], examples: Readonly<Record<string, RuleExamples>> = RULE_EXAMPLES): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : 1));
  const out = [
    '# StackWarden rules',
    '',
    "<!-- Generated from the rules' metadata by `npm run docs`. Do not edit by hand. -->",
    '',
    "Every rule enforces one or more controls of the security guidance. The ids follow the guidance's headings",
    'and numbered list (see the control table below). Peer equivalents help map existing cdk-nag, checkov and',
    'cfn-nag suppressions and Security Hub controls. [controls.md](controls.md) explains each control.',
    '',
    'Each rule shows a template that fails it and one that passes, as CloudFormation YAML and as CDK TypeScript.',
    'They are tested cases (src/docs/rule-examples.test.ts): the YAML runs through the rule, and the CDK code is',
    `synthesized with aws-cdk-lib and its template runs through the rule. In the CDK code, \`app\` is a \`cdk.App\`, \`stack\``,
    `a \`cdk.Stack\` (unless the code makes its own), and ${CDK_SCOPE.map((m) => `\`${m}\``).join(', ')} are the modules of`,
    "aws-cdk-lib (`import * as s3 from 'aws-cdk-lib/aws-s3'`, …).",
    '',
    '## Controls',
    '',
    '| control | guidance | rules |',
    '|---|---|---|',
    ...CONTROL_IDS.map((c) => {
      const ids = sorted.filter((r) => r.controls.includes(c)).map((r) => `[\`${r.id}\`](#${ruleAnchor(r.id)})`);
      return `| ${c} | ${CONTROL_TITLES[c]} | ${ids.join(', ') || '—'} |`;
    }),
    '',
    '## Rules',
    '',
    '| rule | controls | severity | title |',
    '|---|---|---|---|',
    ...sorted.map((r) => `| [\`${r.id}\`](#${ruleAnchor(r.id)}) | ${r.controls.join(', ')} | ${r.severity} | ${r.title} |`),
    '',
    ...ownershipSection(),
  ];
  for (const rule of sorted) {
    out.push(`<a id="${ruleAnchor(rule.id)}"></a>`, '', explainRule(rule).replace(/\n$/, ''), '');
    const ex = examples[rule.id];
    if (ex) out.push(...examplesMarkdown(ex));
  }
  return out.join('\n');
}

/** The "Which rule owns what" section, from src/docs/ownership.ts. */
function ownershipSection(): string[] {
  return [
    '## Which rule owns what',
    '',
    'One problem is one finding. Where two rules could report the same statement, one owns it, and where findings of ' +
      'several rules are one problem (one IAM statement), the finding written where the fix goes carries the others as ' +
      '`related` information ([output formats](output-formats.md#json)):',
    '',
    '| concern | reported by | the other rules |',
    '|---|---|---|',
    ...OWNERSHIP.map((o) => `| ${o.concern} | ${o.owner} | ${o.others} |`),
    '',
  ];
}
