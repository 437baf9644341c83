import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/engine/run.js';
import { analyze } from '../../src/index.js';
import type { Finding, SuppressionInfo } from '../../src/model/types.js';
import { CONTROL_IDS } from '../../src/model/types.js';
import { AS_OF } from './examples.js';

/** Markup that would run if a report let it through: each sets `window.__pwned`. */
export const PAYLOADS = {
  script: '<script>window.__pwned=1</script>',
  img: '<img src=x onerror="window.__pwned=2">',
  attr: `"'><svg onload=window.__pwned=3>`,
  closeScript: '</script><script>window.__pwned=4</script>',
} as const;

/** A file name that needs escaping in every format (HTML, XML, Markdown, URIs). */
export const HOSTILE_FILE = 'weird #1 & <b>.yaml';

/** A logical id that carries markup into every message that names it. */
export const HOSTILE_ID = `Bucket${PAYLOADS.img}`;

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Description: "${PAYLOADS.script} and \\u0001 a control character, ]]> and @octocat"
Resources:
  "${HOSTILE_ID.replace(/"/g, '\\"')}":
    Type: AWS::S3::Bucket
    Properties:
      Tags:
        - Key: note
          Value: '${PAYLOADS.img.replace(/'/g, "''")} ${PAYLOADS.attr.replace(/'/g, "''")}'
  Role:
    Type: AWS::IAM::Role
    Metadata:
      comment: "${PAYLOADS.closeScript}"
    Properties:
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
`;

/**
 * A run over a hostile template (markup in the description, a tag value, a logical id and the file name), an
 * unparseable file and one suppressed finding whose justification is markup too. Every format must show all
 * of it as text.
 */
export function hostileResult(): { result: RunResult; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stackwarden-hostile-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'templates', HOSTILE_FILE), TEMPLATE);
  writeFileSync(join(dir, 'templates', 'broken.template.yaml'), 'Resources:\n  A: [unclosed\n');
  const result = analyze(['templates'], { cwd: dir, asOf: AS_OF });
  const role = result.findings.find((f) => f.ruleId === 'iam/no-managed-policies');
  if (!role) throw new Error('the hostile template should have an IAM finding');
  return {
    result: withSuppression(result, role, {
      kind: 'inSource',
      source: `metadata ${PAYLOADS.img}`,
      justification: `Accepted for the demo ${PAYLOADS.closeScript} | not | a | table`,
    }),
    dir,
  };
}

/** Marks one finding suppressed and recounts the summary, as the engine's suppression step does. */
export function withSuppression(result: RunResult, target: Finding, suppressed: SuppressionInfo): RunResult {
  const findings = result.findings.map((f) => (f === target ? { ...f, suppressed } : f));
  const byControl: Record<string, number> = Object.fromEntries(CONTROL_IDS.map((c) => [c, 0]));
  for (const f of findings) if (!f.suppressed) for (const c of f.controls) byControl[c] = (byControl[c] ?? 0) + 1;
  const count = findings.filter((f) => f.suppressed).length;
  return { ...result, findings, summary: { ...result.summary, findings: findings.length - count, suppressed: count, byControl } };
}
