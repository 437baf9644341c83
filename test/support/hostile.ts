import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunResult } from '../../src/engine/run.js';
import { analyze } from '../../src/index.js';
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

/** The reason of the one suppression: markup, and pipes that must not break a Markdown table. */
export const JUSTIFICATION = `Accepted for the demo ${PAYLOADS.closeScript} | not | a | table`;

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
      stackwarden:
        suppress:
          - id: iam/no-managed-policies
            reason: "${JUSTIFICATION}"
            expires: '2099-12-31'
    Properties:
      AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] }
      ManagedPolicyArns:
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
`;

/**
 * A run over a hostile template (markup in the description, a tag value, a logical id and the file name), an
 * unparseable file and one finding suppressed in the template's metadata, with markup in its reason too. Every
 * format must show all of it as text.
 */
export function hostileResult(): { result: RunResult; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'stackwarden-hostile-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'templates', HOSTILE_FILE), TEMPLATE);
  writeFileSync(join(dir, 'templates', 'broken.template.yaml'), 'Resources:\n  A: [unclosed\n');
  const result = analyze(['templates'], { cwd: dir, asOf: AS_OF });
  const suppressed = result.findings.filter((f) => f.suppressed);
  if (suppressed.length !== 1 || suppressed[0]!.ruleId !== 'iam/no-managed-policies')
    throw new Error('the hostile template should have one suppressed IAM finding');
  return { result, dir };
}
