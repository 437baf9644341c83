import { isDeepStrictEqual } from 'node:util';
import type { SourceDocument } from '../load/document.js';
import { parseJson } from '../load/json.js';
import { parseYaml } from '../load/yaml.js';
import type { FixOperation } from '../model/fix.js';
import type { Finding } from '../model/types.js';
import { applyToJsonText } from './json-text.js';
import { applyOperations, FixConflict } from './operations.js';
import { applyToYamlText } from './yaml-text.js';

/** What became of one finding. */
export interface FixOutcome {
  finding: Finding;
  /** `fixed`; `refused` (the rule or the applier says why); `stack` (a stack setting: `reason` is the command); `none` (no fix offered). */
  status: 'fixed' | 'refused' | 'stack' | 'none';
  reason?: string;
}

/** The fixes of one template: its text before and after, and the outcome per finding. */
export interface FilePlan {
  file: string;
  before: string;
  after: string;
  operations: FixOperation[];
  outcomes: FixOutcome[];
  /** The findings of the fixed text (the re-scan), when anything changed. */
  remaining: Finding[];
}

/** Scans a template as it would be after the fix, the same way the original was scanned. */
export type Rescan = (document: SourceDocument) => Finding[];

/**
 * Plans the fixes of one template, one finding at a time: a finding's operations are kept only when the text
 * edit re-parses to exactly the model the operations describe, and the re-scan of that text no longer has the
 * findings fixed so far and has no finding the original did not have (notes excepted: they ask for a manual step). Anything else is refused with the reason,
 * and the text stays as the previous accepted step left it. `findings` are the template's findings to fix.
 */
export function planFile(document: SourceDocument, findings: readonly Finding[], rescan: Rescan): FilePlan {
  const known = new Set(rescan(document).map(identity));
  const outcomes: FixOutcome[] = [];
  let accepted: FixOperation[] = [];
  const fixed: Finding[] = [];
  let text = document.text;
  let remaining: Finding[] = [];
  for (const finding of findings) {
    const plan = finding.autofix;
    if (!plan) {
      outcomes.push({ finding, status: 'none', reason: 'needs a decision; see the message' });
      continue;
    }
    if (plan.kind === 'refused') {
      outcomes.push({ finding, status: 'refused', reason: plan.reason });
      continue;
    }
    const edits = plan.operations.filter((o) => o.op !== 'stackSetting');
    const setting = plan.operations.find((o) => o.op === 'stackSetting');
    if (edits.length === 0) {
      outcomes.push({
        finding,
        status: 'stack',
        reason: setting ? `a template cannot hold this; run \`${setting.command}\`` : 'nothing to change',
      });
      continue;
    }
    const seen = new Set(accepted.map((o) => JSON.stringify(o)));
    const trial = [...accepted, ...edits.filter((o) => !seen.has(JSON.stringify(o)))];
    const attempt = tryOperations(document, trial, rescan, [...fixed, finding], known);
    if ('reason' in attempt) {
      outcomes.push({ finding, status: 'refused', reason: attempt.reason });
      continue;
    }
    accepted = trial;
    text = attempt.text;
    remaining = attempt.findings;
    fixed.push(finding);
    outcomes.push({ finding, status: 'fixed' });
  }
  return { file: document.file, before: document.text, after: text, operations: accepted, outcomes, remaining };
}

function tryOperations(
  document: SourceDocument,
  operations: readonly FixOperation[],
  rescan: Rescan,
  fixed: readonly Finding[],
  known: ReadonlySet<string>,
): { text: string; findings: Finding[] } | { reason: string } {
  let text: string;
  let reparsed: SourceDocument;
  try {
    const intended = applyOperations(document.value, operations);
    text = document.format === 'json' ? applyToJsonText(document.text, operations) : applyToYamlText(document.text, operations);
    reparsed = document.format === 'json' ? parseJson(document.file, text) : parseYaml(document.file, text);
    if (!isDeepStrictEqual(reparsed.value, intended))
      return { reason: 'the text edit would not give the intended template, so it is not made' };
  } catch (error) {
    if (error instanceof FixConflict) return { reason: `cannot edit the template safely: ${error.message}` };
    return { reason: `cannot edit the template safely: ${error instanceof Error ? error.message : String(error)}` };
  }
  const findings = rescan(reparsed);
  const prints = new Set(findings.map(identity));
  const stillThere = fixed.find((f) => prints.has(identity(f)));
  if (stillThere) return { reason: `the re-scan still reports the finding after the edit (${stillThere.ruleId})` };
  // A note is guidance, not a defect: versioning a bucket makes the MFA-delete note (S3-7) apply, and that is the point.
  const added = findings.find((f) => !known.has(identity(f)) && f.severity !== 'note');
  if (added) return { reason: `the edit would add a finding: ${added.ruleId}: ${added.message}` };
  return { text, findings };
}

/**
 * A finding's identity across an edit. Not the fingerprint: it holds the pointer, and a finding about a missing
 * property points at its nearest existing ancestor, which moves when a fix adds `Properties`.
 */
function identity(f: Finding): string {
  return `${f.ruleId}\u0000${f.stack ?? ''}\u0000${f.logicalId ?? ''}\u0000${f.messageId}\u0000${f.message}`;
}
