import type { Stack } from '../graph/values.js';
import type { SourceDocument } from '../load/document.js';
import type { Finding, Pointer, Severity } from '../model/types.js';
import type { Report, RuleModule, Target } from '../rules/define.js';
import { cdkFieldsOf } from './cdk-fields.js';
import { contentFingerprint, legacyFingerprints } from './fingerprint.js';
import { placeOf } from './locate.js';

/** What a finding says, before the run knows where it is in the source, whether it is suppressed or known. */
export type FindingFields = Omit<Finding, 'pointer' | 'range' | 'suppressed' | 'baseline'>;

/**
 * A finding as a rule reported it: everything but its place in the source and its standing (suppressed, in the
 * baseline), which later stages decide. The engine builds the {@link Finding} once, from all of them.
 */
export interface Draft {
  finding: FindingFields;
  /** The pointer the rule pointed at; the locate stage finds its nearest existing ancestor. */
  pointer: Pointer;
  /** The document the pointer is in: a template, a manifest, a metadata file, a suppressions file. */
  document: SourceDocument;
  /** The stack the finding belongs to (suppression scopes are matched against it). */
  stack: Stack | null;
  /**
   * Fingerprints the finding had in earlier releases, which a baseline written then may hold. Computed only when
   * a baseline is applied (two hashes per finding that a run without one never needs).
   */
  legacyFingerprints: () => readonly string[];
  /** The rule's `Report.problem`: drafts that share it may fold into one finding. */
  problem?: string;
}

/** Finds the stack whose template a document is, for targets given as a document and a pointer. */
export type StackOfDocument = (document: SourceDocument) => Stack | null;

/** Makes the draft of one report. `extra` joins the fingerprint (a crash finding's pointer), as it always did. */
export function draftOf(
  rule: RuleModule,
  severity: Severity,
  report: Report,
  subject: Target,
  stackOfDocument: StackOfDocument,
  extra = '',
): Draft {
  const place = placeOf(report.at, stackOfDocument);
  const resource = report.resource ?? place.resource ?? ('logicalId' in subject ? subject : null);
  // A finding in manifest.json or <Stack>.metadata.json (termination protection, acknowledgements) is in no
  // template, so its stack comes from what was checked.
  const stack = place.stack ?? resource?.stack ?? ('resources' in subject ? subject : null);
  const parts = [
    rule.id,
    place.document.file,
    stack?.id ?? null,
    resource?.logicalId ?? null,
    place.pointer,
    report.messageId,
    JSON.stringify(report.data ?? {}),
    extra,
  ];
  const detail = report.detail && report.detail.length > 0 ? [...report.detail] : undefined;
  // Detail joins the hash only when given, so findings without it keep the fingerprints they always had.
  if (detail) parts.push(...detail);
  const finding: FindingFields = {
    ruleId: rule.id,
    messageId: report.messageId,
    controls: [...rule.controls],
    severity: report.severity ?? severity,
    message: formatMessage(
      rule.messages[report.messageId] ?? report.messageId,
      report.context ? { ...report.data, ...report.context } : report.data,
    ),
    file: place.document.file,
    stack: stack?.name ?? null,
    logicalId: resource?.logicalId ?? null,
    resourceType: resource?.type ?? null,
    constructPath: resource?.constructPath ?? (resource ? null : (stack?.constructPath ?? null)),
    fingerprint: contentFingerprint(parts, place.document),
    fix: report.fixText ?? rule.fix,
    suggestion: report.suggestion ?? null,
  };
  if (detail) finding.detail = detail;
  Object.assign(finding, cdkFieldsOf(resource, stack));
  if (report.fix && rule.fixable) finding.autofix = report.fix;
  const draft: Draft = {
    finding,
    pointer: place.pointer,
    document: place.document,
    stack,
    legacyFingerprints: () => legacyFingerprints(finding.fingerprint, parts),
  };
  if (report.problem !== undefined) draft.problem = report.problem;
  return draft;
}

/** A message template split at its `{{name}}` placeholders: even slots are text, odd slots are data keys. */
const compiledMessages = new Map<string, string[]>();

/** Fills a message template's `{{name}}` placeholders from the report's data; a missing key stays as written. */
export function formatMessage(template: string, data: Report['data']): string {
  if (!template.includes('{{')) return template;
  let parts = compiledMessages.get(template);
  if (!parts) {
    parts = template.split(/\{\{\s*(\w+)\s*\}\}/);
    // Rules have a few templates each; a bound keeps a long-lived process safe from any dynamic ones.
    if (compiledMessages.size >= 4096) compiledMessages.clear();
    compiledMessages.set(template, parts);
  }
  if (parts.length === 1) return template;
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const key = parts[i]!;
    const value = data?.[key];
    out += (value === undefined || value === null ? `{{${key}}}` : String(value)) + parts[i + 1]!;
  }
  return out;
}
