import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { exampleResult, GOLDEN_CTX } from '../../test/support/examples.js';
import { hostileResult, PAYLOADS } from '../../test/support/hostile.js';
import { REPORT_CSP, REPORT_SCRIPT, REPORT_SCRIPT_HASH } from './html-assets.js';
import { esc, formatHtml } from './html.js';

describe('HTML report (markup; the browser tests run it)', () => {
  it('is one file that loads nothing', () => {
    const html = formatHtml(exampleResult('cdk'), GOLDEN_CTX);
    expect(html).not.toMatch(/<(link|iframe|object|embed|img|base)\b/i);
    expect(html).not.toMatch(/\bsrc=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">`);
  });

  it('allows exactly its own script by hash', () => {
    expect(REPORT_SCRIPT_HASH).toBe(`'sha256-${createHash('sha256').update(REPORT_SCRIPT).digest('base64')}'`);
    const html = formatHtml(exampleResult('cdk'), GOLDEN_CTX);
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).toContain(`<script>${REPORT_SCRIPT}</script>`);
    expect(REPORT_CSP).toMatch(/default-src 'none'/);
    const scriptSrc = REPORT_CSP.split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe(`script-src ${REPORT_SCRIPT_HASH}`);
  });

  it('escapes every string from the input', () => {
    const html = formatHtml(hostileResult().result, GOLDEN_CTX);
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img|<svg onload|<b>\.yaml/);
    for (const payload of [PAYLOADS.script, PAYLOADS.img, PAYLOADS.closeScript]) expect(html).toContain(esc(payload));
  });

  it('escapes the five HTML metacharacters', () => {
    expect(esc(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
