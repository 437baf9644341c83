/**
 * Where StackWarden's documentation lives, defined once: SARIF `helpUri`s, report links and the docs generator
 * all build rule links from here.
 */

/** The project's home page (SARIF `tool.driver.informationUri`). */
export const PROJECT_URL = 'https://github.com/stackwarden/stackwarden';

/** The rule reference page, rendered from the rule registry into `docs/rules.md`. */
export const RULES_DOC_URL = `${PROJECT_URL}/blob/main/docs/rules.md`;

/**
 * The anchor of a rule's section in `docs/rules.md`: the id, lower-cased, with every character other than
 * `a-z`, `0-9` and `-` turned into `-` (`s3/block-public-access` → `s3-block-public-access`).
 *
 * GitHub's automatic heading anchors drop `/` (`s3block-public-access`), so the docs generator must write this
 * anchor explicitly (`<a id="…"></a>` before the heading) rather than rely on the heading text.
 */
export function ruleAnchor(id: string): string {
  return id.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** The absolute link to a rule's documentation. */
export function ruleHelpUri(id: string): string {
  return `${RULES_DOC_URL}#${ruleAnchor(id)}`;
}
