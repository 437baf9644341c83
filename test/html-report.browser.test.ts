import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/engine/run.js';
import { analyze } from '../src/index.js';
import { formatHtml } from '../src/report/html.js';
import { formatJunit } from '../src/report/junit.js';
import { controlStatuses } from '../src/report/outcomes.js';
import { AS_OF, EXAMPLES, GOLDEN_CTX, REPO_ROOT } from './support/examples.js';
import { hostileResult, PAYLOADS } from './support/hostile.js';

/**
 * The HTML report in a real browser: Debian's chromium, driven by playwright-core. CI installs it with
 * `apt-get install -y chromium`; without it these tests fail (never skip) and say so.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const ARTIFACTS = join(REPO_ROOT, 'test', 'artifacts');

let launched: Browser | undefined;
let missing: string | undefined;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // No throw here: a failing hook would mark the tests skipped. Each test fails instead, with this message.
  if (!existsSync(CHROMIUM)) {
    missing = `chromium not found at ${CHROMIUM}: the HTML report tests need it. Install it with 'apt-get update && apt-get install -y chromium' (or set CHROMIUM_PATH).`;
    return;
  }
  launched = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

afterAll(async () => {
  await launched?.close();
});

/** The browser, or a failure that says how to get one. */
function browser(): Browser {
  if (!launched) throw new Error(missing ?? 'chromium did not start');
  return launched;
}

interface Opened {
  page: Page;
  /** Console errors, page errors and CSP violations. */
  problems: string[];
  /** Every request the page made that is not the report itself. */
  requests: string[];
}

/** Writes the report to test/artifacts and opens it from disk, as a user would. */
async function open(result: RunResult, name: string): Promise<Opened> {
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, formatHtml(result, GOLDEN_CTX));
  const page = await browser().newPage();
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== pathToFileURL(file).href) requests.push(r.url());
  });
  await page.goto(pathToFileURL(file).href);
  return { page, problems, requests };
}

const visible = (page: Page, selector: string) => page.locator(`${selector}:visible`).count();

describe('HTML report in chromium', () => {
  const result = analyze([...EXAMPLES['cdk']!, ...EXAMPLES['templates']!], { cwd: REPO_ROOT, asOf: AS_OF });
  const active = result.findings.filter((f) => !f.suppressed);

  it('shows the right counts per severity and per control', async () => {
    const { page, problems, requests } = await open(result, 'examples');
    expect(await page.locator('#total-findings b').textContent()).toBe(String(active.length));
    expect(await page.locator('#total-errors b').textContent()).toBe(String(active.filter((f) => f.severity === 'error').length));
    expect(await visible(page, '[data-finding="active"]')).toBe(active.length);
    const rows = page.locator('#controls tbody tr');
    expect(await rows.count()).toBe(12);
    for (const status of controlStatuses(result)) {
      const cells = await page.locator(`#controls tbody tr[data-control="${status.control}"] td`).allTextContents();
      expect(cells.slice(2).map(Number)).toEqual([status.rules, status.passed, status.failed, status.suppressedChecks, status.findings]);
    }
    expect(await page.locator('#chart g').count()).toBe(12);
    expect(await page.locator('#responsibility li').count()).toBeGreaterThan(6);
    expect(await page.locator('pre.excerpt').count()).toBe(result.findings.length);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('filters by severity, control and stack', async () => {
    const { page, problems } = await open(result, 'examples-filters');
    const count = (pred: (f: (typeof active)[number]) => boolean) => active.filter(pred).length;

    await page.selectOption('#filter-severity', 'error');
    expect(await visible(page, '[data-finding="active"]')).toBe(count((f) => f.severity === 'error'));
    expect(await page.locator('#filter-count').textContent()).toBe(
      `${count((f) => f.severity === 'error')} of ${active.length} findings shown`,
    );

    await page.selectOption('#filter-control', 'S3-1');
    expect(await visible(page, '[data-finding="active"]')).toBe(count((f) => f.severity === 'error' && f.controls.includes('S3-1')));

    await page.click('#filter-reset');
    expect(await visible(page, '[data-finding="active"]')).toBe(active.length);

    await page.selectOption('#filter-stack', 'PrototypeStack');
    const inStack = count((f) => f.stack === 'PrototypeStack');
    expect(inStack).toBeGreaterThan(0);
    expect(await visible(page, '[data-finding="active"]')).toBe(inStack);
    expect(await visible(page, '.stack')).toBe(1);

    await page.selectOption('#filter-stack', '');
    await page.selectOption('#filter-control', 'S3-7');
    expect(await visible(page, '[data-finding="active"]')).toBe(0);
    expect(await page.locator('[data-empty-for="findings"]').isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-filtered.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('runs nothing a template contains, and shows it as text', async () => {
    const { result: hostile } = hostileResult();
    const { page, problems, requests } = await open(hostile, 'hostile');
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('svg').count()).toBe(1);
    expect(await page.locator('script').count()).toBe(1);
    expect(
      await page.evaluate(
        `[...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => a.name)).filter((n) => n.startsWith('on'))`,
      ),
    ).toEqual([]);
    const text = await page.locator('body').innerText();
    // In messages, justifications and template excerpts (where YAML doubles the single quote).
    for (const payload of Object.values(PAYLOADS)) expect(text).toContain(payload.replace(`"'>`, `"''>`));
    // The suppressed finding is shown apart, with its justification.
    expect(await page.locator('#suppressed [data-finding="suppressed"]').count()).toBe(1);
    expect(await page.locator('#suppressed .justification').innerText()).toContain(PAYLOADS.closeScript);
    expect(await page.locator('#findings [data-finding]').count()).toBe(hostile.findings.length - 1);
    expect(await page.locator('#errors tbody tr').count()).toBe(1);
    // Filtering on a hostile stack name works like any other.
    await page.selectOption('#filter-stack', hostile.findings[0]!.file);
    expect(await visible(page, '[data-finding="active"]')).toBe(hostile.findings.length - 1);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-hostile.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('has a CSP that would stop injected markup even if escaping failed', async () => {
    const { page } = await open(result, 'examples-csp');
    const violations: string[] = [];
    page.on('console', (m) => violations.push(m.text()));
    // Page scripts are strings: the tests compile without the DOM library, like the rest of the project.
    await page.evaluate(`
      document.body.insertAdjacentHTML('beforeend', '<img src="x" onerror="window.__csp=1"><div onclick="window.__csp=2" id="csp-probe"></div>');
      const s = document.createElement('script');
      s.textContent = 'window.__csp = 3';
      document.body.append(s);
    `);
    await page.dispatchEvent('#csp-probe', 'click');
    expect(await page.evaluate('typeof window.__csp')).toBe('undefined');
    expect(violations.some((v) => /Content Security Policy/i.test(v))).toBe(true);
    await page.close();
  });
});

describe('JUnit XML in chromium', () => {
  it('is well-formed for a strict XML parser', async () => {
    const page = await browser().newPage();
    const documents = [
      ...Object.keys(EXAMPLES).map((e) => readFileSync(join(REPO_ROOT, 'test/golden', e, 'stackwarden.junit.xml'), 'utf8')),
      formatJunit(hostileResult().result, GOLDEN_CTX),
    ];
    for (const xml of documents) {
      const parsed = (await page.evaluate(`(() => {
        const doc = new DOMParser().parseFromString(${JSON.stringify(xml)}, 'application/xml');
        return { errors: doc.getElementsByTagName('parsererror').length, cases: doc.getElementsByTagName('testcase').length, root: doc.documentElement.nodeName };
      })()`)) as { errors: number; cases: number; root: string };
      expect(parsed.errors).toBe(0);
      expect(parsed.root).toBe('testsuites');
      expect(parsed.cases).toBeGreaterThan(0);
    }
    const broken = await page.evaluate(
      `new DOMParser().parseFromString('<a><b></a>', 'application/xml').getElementsByTagName('parsererror').length`,
    );
    expect(broken).toBeGreaterThan(0);
    await page.close();
  });
});
