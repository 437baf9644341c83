/**
 * Where StackWarden's documentation lives, defined once: SARIF `helpUri`s, report links and the docs generator
 * all build rule links from here.
 */

/** The project's home page (SARIF `tool.driver.informationUri`). */
export const PROJECT_URL = 'https://github.com/stackwarden/stackwarden';

/** Where rule documentation lives, for links from SARIF and HTML reports: `docs/rules.md`, generated from the registry. */
export const RULES_DOC_URL = `${PROJECT_URL}/blob/main/docs/rules.md`;

/**
 * The anchor of a rule's section in docs/rules.md (`s3/tls-only` → `s3-tls-only`): every run of characters
 * other than letters and digits becomes `-`, lower-cased. Stable, like rule ids. GitHub's own heading anchors
 * would drop the `/`, so the docs generator writes this anchor explicitly.
 */
export function ruleAnchor(ruleId: string): string {
  return ruleId.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
}

/** The documentation URL of one rule. */
export function ruleHelpUri(ruleId: string): string {
  return `${RULES_DOC_URL}#${ruleAnchor(ruleId)}`;
}
