/** The anchor of a rule's section in docs/rules.md (`s3/tls-only` → `s3-tls-only`). Stable, like rule ids. */
export function ruleAnchor(ruleId: string): string {
  return ruleId.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
}

/** Where rule documentation lives, for links from SARIF and HTML reports. */
export const RULES_DOC_URL = 'https://github.com/stackwarden/stackwarden/blob/main/docs/rules.md';

/** The documentation URL of one rule. */
export function ruleHelpUri(ruleId: string): string {
  return `${RULES_DOC_URL}#${ruleAnchor(ruleId)}`;
}
