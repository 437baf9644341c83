import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../src/engine/run.js';
import { analyze } from '../src/index.js';
import { formatHtml, MAX_FINDINGS } from '../src/report/html.js';
import { formatJunit } from '../src/report/junit.js';
import { controlStatuses } from '../src/report/outcomes.js';
import type { AnalyzeResult } from '../src/project/analyze.js';
import { rankFixes } from '../src/report/priority.js';
import { AS_OF, EXAMPLES, exampleResult, GOLDEN_CTX, goldenCtx, REPO_ROOT } from './support/examples.js';
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
async function open(result: RunResult, name: string, viewport = { width: 1280, height: 900 }): Promise<Opened> {
  const file = join(ARTIFACTS, `${name}.html`);
  writeFileSync(file, formatHtml(result, 'settings' in result ? goldenCtx(result as AnalyzeResult) : GOLDEN_CTX));
  const page = await browser().newPage({ viewport });
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

/** Elements the filters leave shown (resources are closed `<details>`, so not every one is on screen). */
const visible = (page: Page, selector: string) => page.locator(`${selector}:not([hidden])`).count();

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
    // One excerpt per resource, not one per finding.
    const resources = new Set(result.findings.map((f) => `${f.stack ?? f.file}\u0000${f.logicalId ?? ''}`));
    expect(await page.locator('pre.excerpt').count()).toBe(resources.size);
    expect(resources.size).toBeLessThan(result.findings.length);
    expect(await page.locator('details.resource[open]').count()).toBe(0);
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
    expect(await visible(page, '#findings .stack')).toBe(1);

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
    await page.click('#expand-all');
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
    // A hostile name in the copy button's policy, the ranking and the header is text too.
    expect(await page.locator('#fix-first .fix-item').count()).toBeGreaterThan(0);
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

describe('HTML report of the bundled prototype', () => {
  const prototype = exampleResult('cdk');

  it('shows the three things to fix first at the top of the first screen', async () => {
    const { page, problems } = await open(prototype, 'prototype');
    const expected = rankFixes(prototype.findings)
      .slice(0, 3)
      .map((f) => f.ruleId);
    // The wildcard statement carries the role's escalation as related information, so it ranks as administrator access.
    expect(expected).toEqual(['ec2/no-open-ingress', 'iam/no-wildcard-actions', 's3/tls-only']);
    const cards = page.locator('#top-fixes > li');
    expect(await cards.count()).toBe(3);
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-rule')))).toEqual(expected);
    // Above the fold of a 1280×900 window, before the controls.
    for (let i = 0; i < 3; i++) {
      const box = (await cards.nth(i).boundingBox())!;
      expect(box.y + box.height).toBeLessThan(900);
    }
    const controls = (await page.locator('#controls').boundingBox())!;
    expect(controls.y).toBeGreaterThan((await cards.nth(2).boundingBox())!.y);
    expect(await page.locator('#ranking-rule').textContent()).toMatch(/errors before warnings before notes/);
    const facts = (await page.locator('#run-facts').textContent())!;
    for (const fact of ['0.0.0-golden', 'profile recommended', `as of ${AS_OF}`, 'examples/prototype/cdk.out'])
      expect(facts).toContain(fact);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-top.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens one resource with one excerpt, and copies its suggested policy pretty-printed', async () => {
    const { page, problems } = await open(prototype, 'prototype-resource');
    const role = page.locator('details.resource[data-resource="HandlerServiceRoleFCDC14AE"]');
    await role.locator('> summary').click();
    expect(await role.getAttribute('open')).toBe('');
    expect(await role.locator('pre.excerpt').count()).toBe(1);
    expect(await role.locator('.finding').count()).toBe(
      prototype.findings.filter((f) => f.logicalId === 'HandlerServiceRoleFCDC14AE').length,
    );
    await role.locator('.suggestion summary').click();
    const policy = (await role.locator('pre.policy').textContent())!;
    expect(policy.split('\n').length).toBeGreaterThan(10);
    expect(JSON.parse(policy)).toEqual(JSON.parse(prototype.findings.find((f) => f.suggestion)!.suggestion!));
    // The sticky filter bar would sit over the element in a stitched element screenshot.
    await page.addStyleTag({ content: '.filters{position:static}' });
    await role.scrollIntoViewIfNeeded();
    await role.screenshot({ path: join(ARTIFACTS, 'html-report-resource.png') });
    await role.locator('button.copy').click();
    // A locator wait, not waitForFunction: the report's CSP forbids eval, which waitForFunction's polling needs once
    // the first check fails (a slow machine), so that form failed only under load.
    await role.locator('button.copy', { hasText: 'Copied' }).waitFor({ timeout: 5000 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('shows a control with only notes as advice, and bars by severity', async () => {
    const { page } = await open(prototype, 'prototype-controls');
    const statuses = controlStatuses(prototype);
    const advice = statuses.filter((c) => c.advice);
    expect(advice.length).toBeGreaterThan(0);
    for (const c of advice)
      expect(await page.locator(`#controls tbody tr[data-control="${c.control}"] td`).nth(1).textContent()).toMatch(/^advice/);
    for (const c of statuses) {
      const rects = await page
        .locator(`#chart g[data-control="${c.control}"] rect`)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')));
      const expected = (['error', 'warning', 'note'] as const).filter((sev) => c.bySeverity[sev] > 0);
      expect(rects).toEqual([...expected, ...(c.suppressed > 0 ? ['suppressed'] : [])]);
    }
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.filters').isVisible()).toBe(false);
    await page.close();
  });
});

describe('HTML report with 10,000 findings', () => {
  it('loads within budget, lists at most MAX_FINDINGS and says how many it left out', async () => {
    const big = largeResult();
    const active = big.findings.filter((f) => !f.suppressed).length;
    expect(active).toBeGreaterThanOrEqual(10_000);
    const file = join(ARTIFACTS, 'large.html');
    const html = formatHtml(big, GOLDEN_CTX);
    writeFileSync(file, html);
    const page = await browser().newPage({ viewport: { width: 1280, height: 900 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const started = Date.now();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const loadMs = Date.now() - started;
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const metric = (name: string) => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
    const heapMb = metric('JSHeapUsedSize') / 1e6;
    const nodes = metric('Nodes');
    console.log(
      `10,000-finding report: ${(html.length / 1e6).toFixed(1)} MB, load ${loadMs} ms, JS heap ${heapMb.toFixed(1)} MB, ${nodes} DOM nodes`,
    );
    // Budgets of docs/output-formats.md, generous for a shared, noisy machine.
    expect(html.length).toBeLessThan(LARGE_BUDGET.bytes);
    expect(loadMs).toBeLessThan(LARGE_BUDGET.loadMs);
    expect(heapMb).toBeLessThan(LARGE_BUDGET.heapMb);
    expect(nodes).toBeLessThan(LARGE_BUDGET.nodes);
    expect(await page.locator('[data-finding="active"]').count()).toBe(MAX_FINDINGS);
    expect(await page.locator('#truncated').textContent()).toContain(
      `Showing the first ${MAX_FINDINGS} of ${active} findings: ${active - MAX_FINDINGS} more`,
    );
    expect(await page.locator('#total-findings b').textContent()).toBe(String(active));
    expect(await page.locator('#top-fixes > li').count()).toBe(3);
    // The filters still work on what the page lists.
    await page.selectOption('#filter-severity', 'error');
    expect(await page.locator('#filter-count').textContent()).toMatch(/^\d+ of 2000 findings shown$/);
    await page.selectOption('#filter-severity', '');
    // The top of the findings list, with the note that says how many the page left out.
    await page.evaluate(`document.getElementById('truncated').scrollIntoView({ block: 'center' })`);
    await page.screenshot({ path: join(ARTIFACTS, 'html-report-10000.png') });
    await page.close();
  });
});

/** The budgets the large-report test asserts (docs/output-formats.md states them). */
const LARGE_BUDGET = { bytes: 8e6, loadMs: 15_000, heapMb: 100, nodes: 150_000 };

/** A template with enough bare buckets for more than 10,000 findings (6 per bucket). */
function largeResult(): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'stackwarden-large-'));
  const buckets = Array.from({ length: 1700 }, (_, i) => `  Bucket${i}:\n    Type: AWS::S3::Bucket\n`).join('');
  writeFileSync(join(dir, 'large.yaml'), `Resources:\n${buckets}`);
  return analyze(['large.yaml'], { cwd: dir, asOf: AS_OF });
}

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
