import { createHash } from 'node:crypto';

/** The report's only style sheet, inline: the page loads nothing. */
export const REPORT_CSS = `
:root{--fg:#1f2328;--muted:#59636e;--border:#d1d9e0;--bg:#fff;--panel:#f6f8fa;--error:#cf222e;--warning:#9a6700;--note:#0969da;--pass:#1a7f37;--fail:#cf222e;--supp:#8c959f}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:32px 0 8px;padding-bottom:4px;border-bottom:1px solid var(--border)}
h3{font-size:16px;margin:20px 0 6px}h4{font-size:14px;margin:12px 0 4px}
.muted{color:var(--muted)}code,pre{font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.tiles{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
.tile{border:1px solid var(--border);border-radius:6px;padding:8px 12px;min-width:110px;background:var(--panel)}
.tile b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{border:1px solid var(--border);padding:4px 8px;text-align:left;vertical-align:top}
th{background:var(--panel)}td.n{text-align:right;font-variant-numeric:tabular-nums}
.pill{display:inline-block;border:1px solid currentColor;border-radius:10px;padding:0 7px;margin:1px 2px;font-size:12px;white-space:nowrap}
.status-pass{color:var(--pass);font-weight:600}.status-fail{color:var(--fail);font-weight:600}.status-unchecked{color:var(--muted)}
.message code,.fix code{background:var(--panel);border-radius:4px;padding:0 3px}
.split{display:grid;grid-template-columns:1fr 1fr;gap:16px}.split>div{border:1px solid var(--border);border-radius:6px;padding:8px 12px}
.split ul{margin:4px 0;padding-left:20px}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;padding:8px 12px;background:var(--panel);border:1px solid var(--border);border-radius:6px;position:sticky;top:0;z-index:1}
.filters label{display:flex;gap:4px;align-items:center}
.stack{border:1px solid var(--border);border-radius:6px;padding:0 12px 8px;margin:12px 0}
.resource{border-top:1px solid var(--border);padding-top:4px}
.finding{margin:8px 0 12px;padding-left:10px;border-left:4px solid var(--border)}
.finding.sev-error{border-color:var(--error)}.finding.sev-warning{border-color:var(--warning)}.finding.sev-note{border-color:var(--note)}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600;color:#fff;background:var(--muted)}
.badge.error{background:var(--error)}.badge.warning{background:var(--warning)}.badge.note{background:var(--note)}.badge.suppressed{background:var(--supp)}
.message{margin:4px 0}.fix{margin:4px 0}.where{font-size:12px}
pre.excerpt{background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:6px 0;overflow-x:auto;margin:6px 0}
pre.excerpt span{display:block;padding:0 8px;white-space:pre}pre.excerpt span.hit{background:#fff8c5}
pre.excerpt i{display:inline-block;min-width:4ch;margin-right:12px;color:var(--muted);font-style:normal;text-align:right;user-select:none}
.suppressed .finding{opacity:.85;border-color:var(--supp)}
.suggestion pre{background:var(--panel);border:1px solid var(--border);border-radius:6px;padding:6px 8px;overflow-x:auto;margin:4px 0}
[hidden]{display:none!important}
svg text{font:12px system-ui,sans-serif;fill:var(--fg)}
.status-advice{color:var(--note);font-weight:600}
#fix-first ol.fixes{list-style:none;padding:0;margin:8px 0}
.fix-item{border:1px solid var(--border);border-left:6px solid var(--border);border-radius:6px;padding:8px 12px;margin:8px 0;background:var(--bg)}
.fix-item.sev-error{border-left-color:var(--error)}.fix-item.sev-warning{border-left-color:var(--warning)}.fix-item.sev-note{border-left-color:var(--note)}
.fixes.top .fix-item{background:var(--panel)}
.rank{display:inline-block;min-width:1.6em;height:1.6em;line-height:1.6em;text-align:center;border-radius:50%;background:var(--fg);color:var(--bg);font-weight:700}
.badge.exposure{background:#6e40c9}
.clears{margin:4px 0}
details.resource{border-top:1px solid var(--border);padding:4px 0}
details.resource>summary{cursor:pointer;padding:2px 0}
details.resource[open]>summary{margin-bottom:4px}
.truncated{border:1px solid var(--warning);border-radius:6px;padding:6px 10px;background:#fff8c5}
.suggestion{position:relative}
button.copy{position:absolute;right:8px;top:28px;font-size:12px}
@media print{
  body{font-size:11px}main{max-width:none;padding:0}
  .filters,button,#expand-all{display:none!important}
  details>summary{list-style:none}
  details::details-content{content-visibility:visible;display:contents}
  .stack,.fix-item,details.resource{break-inside:avoid-page}
  pre.excerpt span{white-space:pre-wrap}
  a{color:inherit;text-decoration:none}
  #responsibility{break-before:page}
}
`;

/**
 * The filter script. Static text: it reads only `data-*` attributes, which the formatter escapes, and writes
 * only `hidden` and `textContent`, so nothing a template contains is ever parsed as HTML or run.
 */
export const REPORT_SCRIPT = `
(() => {
  'use strict';
  const byId = (id) => document.getElementById(id);
  const filters = { severity: byId('filter-severity'), control: byId('filter-control'), stack: byId('filter-stack') };
  const count = byId('filter-count');
  const matches = (el) =>
    (!filters.severity.value || el.dataset.severity === filters.severity.value) &&
    (!filters.control.value || el.dataset.controls.split(' ').includes(filters.control.value)) &&
    (!filters.stack.value || el.dataset.stack === filters.stack.value);
  const apply = () => {
    let shown = 0;
    let total = 0;
    for (const el of document.querySelectorAll('[data-finding]')) {
      const visible = matches(el);
      el.hidden = !visible;
      if (el.dataset.finding === 'active') {
        total++;
        if (visible) shown++;
      }
    }
    for (const group of document.querySelectorAll('[data-group]')) group.hidden = !group.querySelector('[data-finding]:not([hidden])');
    for (const empty of document.querySelectorAll('[data-empty-for]')) {
      const section = byId(empty.dataset.emptyFor);
      empty.hidden = !section || !!section.querySelector('[data-finding]:not([hidden])');
    }
    count.textContent = shown + ' of ' + total + ' findings shown';
  };
  for (const select of Object.values(filters)) select.addEventListener('change', apply);
  byId('filter-reset').addEventListener('click', () => {
    for (const select of Object.values(filters)) select.value = '';
    apply();
  });
  const resources = () => document.querySelectorAll('details.resource');
  const expand = byId('expand-all');
  expand.addEventListener('click', () => {
    const open = expand.textContent === 'Open all';
    for (const d of resources()) d.open = open;
    expand.textContent = open ? 'Close all' : 'Open all';
  });
  // Copy a suggested policy: the clipboard API where the page may use it, else a selection and execCommand.
  for (const button of document.querySelectorAll('button.copy')) {
    button.addEventListener('click', () => {
      const text = button.nextElementSibling.textContent;
      const done = () => (button.textContent = 'Copied');
      const fallback = () => {
        const range = document.createRange();
        range.selectNodeContents(button.nextElementSibling);
        const selection = getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        if (document.execCommand('copy')) done();
      };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, fallback);
      else fallback();
    });
  }
  // Print every resource open, and give the reader's view back afterwards.
  let closed = [];
  addEventListener('beforeprint', () => {
    closed = [...document.querySelectorAll('details:not([open])')];
    for (const d of closed) d.open = true;
  });
  addEventListener('afterprint', () => {
    for (const d of closed) d.open = false;
    closed = [];
  });
  apply();
})();
`;

/** The CSP source that allows exactly {@link REPORT_SCRIPT} and no other script. */
export const REPORT_SCRIPT_HASH = `'sha256-${createHash('sha256').update(REPORT_SCRIPT).digest('base64')}'`;

/**
 * The page's Content Security Policy: nothing from the network, no plugins, no forms, no base URL, styles only
 * inline, and the one hashed script. An injected `<script>` or `onerror=` would be refused even if escaping failed.
 */
export const REPORT_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src ${REPORT_SCRIPT_HASH}; img-src 'none'; base-uri 'none'; form-action 'none'`;
