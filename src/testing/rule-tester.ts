import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { compareFindings, run } from '../engine/run.js';
import { Graph } from '../graph/build.js';
import type { SourceDocument } from '../load/document.js';
import { parseJson } from '../load/json.js';
import type { LoadedStack } from '../load/stack.js';
import { parseYaml } from '../load/yaml.js';
import { everyFinding, type Finding, type Severity } from '../model/types.js';
import type { RuleModule, RuleOptions } from '../rules/define.js';
import { AWS_NAMING } from '../aws/names.js';
import { applyToJsonText } from '../fix/json-text.js';
import { applyToYamlText } from '../fix/yaml-text.js';

/** A template (YAML, short-form tags welcome) and what the loader would know about its stack. */
export interface TesterInput {
  /** The template under test, as YAML. */
  template: string;
  /** Stack facts from an assembly (name, environment, termination protection). Default: a plain template. */
  stack?: Partial<Pick<LoadedStack, 'name' | 'env' | 'terminationProtection' | 'constructPath'>> & { manifest?: string };
  /** More stacks of the same assembly, for cross-stack cases. */
  others?: TesterInput[];
  options?: Partial<RuleOptions>;
}

export interface ValidCase extends TesterInput {
  name: string;
}

export interface ExpectedFinding {
  messageId: string;
  /** The located pointer (the nearest existing node to what the rule pointed at). */
  pointer: string;
  line: number;
  column: number;
  /** The whole message, or a part of it. */
  message?: string | RegExp;
  severity?: Severity;
  /** The file the finding is in, when it is not the template (manifest.json for CFN-1). */
  file?: string;
}

export interface InvalidCase extends TesterInput {
  name: string;
  findings: ExpectedFinding[];
  /**
   * The template after applying every fix the findings carry, as YAML (a fixable rule's cases). The tester
   * checks the YAML applier's text against it, the JSON applier's result against the same model, and that
   * neither output triggers the rule any more.
   */
  output?: string;
}

/** The test framework's functions (vitest, jest, node:test …): the tester registers one test per case. */
export interface TestApi {
  describe: (name: string, body: () => void) => void;
  it: (name: string, body: () => void) => void;
}

/**
 * Tests a rule on template snippets, like ESLint's RuleTester. Invalid cases assert message id, pointer,
 * line and column. Every case runs twice: as YAML, and converted to JSON, where the same pointers must come out.
 */
export class RuleTester {
  constructor(private readonly api: TestApi) {}

  run(rule: RuleModule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
    // A rule is tested both ways: what it must accept, and what it must report, where.
    if (cases.valid.length === 0 || cases.invalid.length === 0)
      throw new Error(`${rule.id}: RuleTester needs at least one valid and one invalid case`);
    this.api.describe(rule.id, () => {
      for (const c of cases.valid) {
        for (const format of ['yaml', 'json'] as const)
          this.api.it(`valid (${format}): ${c.name}`, () => {
            const findings = runCase(rule, c, format);
            deepStrictEqual(findings.map(summarize), [], `expected no findings for '${c.name}'`);
          });
      }
      for (const c of cases.invalid) {
        if (c.findings.length === 0) throw new Error(`invalid case '${c.name}' lists no findings`);
        this.api.it(`invalid (yaml): ${c.name}`, () => {
          const findings = runCase(rule, c, 'yaml');
          deepStrictEqual(
            findings.map((f) => ({
              messageId: f.messageId,
              pointer: f.pointer,
              line: f.range.start.line,
              column: f.range.start.column,
              file: f.file,
            })),
            c.findings.map((e) => ({
              messageId: e.messageId,
              pointer: e.pointer,
              line: e.line,
              column: e.column,
              file: e.file ?? 'template.yaml',
            })),
          );
          c.findings.forEach((e, i) => {
            const f = findings[i]!;
            // Every placeholder of the message template must be filled by the report's data.
            const unfilled = /\{\{\s*\w+\s*\}\}/.exec(f.message);
            if (unfilled) throw new Error(`message '${f.message}' leaves ${unfilled[0]} unfilled`);
            if (e.severity) strictEqual(f.severity, e.severity, `severity of finding ${i}`);
            if (typeof e.message === 'string' && !f.message.includes(e.message))
              throw new Error(`message '${f.message}' does not contain '${e.message}'`);
            if (e.message instanceof RegExp && !e.message.test(f.message))
              throw new Error(`message '${f.message}' does not match ${e.message}`);
          });
        });
        if (c.output !== undefined)
          for (const format of ['yaml', 'json'] as const)
            this.api.it(`fixed (${format}): ${c.name}`, () => {
              const output = c.output!;
              const fixed = fixCase(rule, c, format);
              if (format === 'yaml') strictEqual(fixed, output, 'fixed YAML');
              else deepStrictEqual(JSON.parse(fixed), parseYaml('expected.yaml', output).value, 'fixed JSON');
              const again = runCase(rule, { ...c, template: format === 'yaml' ? fixed : output }, format);
              deepStrictEqual(again.map(summarize), [], 'the fixed template still triggers the rule');
            });
        this.api.it(`invalid (json): ${c.name}`, () => {
          const findings = runCase(rule, c, 'json');
          deepStrictEqual(
            findings.map((f) => ({ messageId: f.messageId, pointer: f.pointer })),
            c.findings.map((e) => ({ messageId: e.messageId, pointer: e.pointer })),
          );
        });
      }
    });
  }
}

/**
 * Runs one rule on one case and returns its findings (crashes of the rule included), each on its own: the reports
 * of one statement that the engine folds into one finding (`related`) are what the rule reported, so they are listed.
 */
export function runCase(rule: RuleModule, input: TesterInput, format: 'yaml' | 'json'): Finding[] {
  const stacks = [toStack(input, format, 'template'), ...(input.others ?? []).map((o, i) => toStack(o, format, `other${i + 1}`))];
  const { findings } = run({ stacks, errors: [], files: stacks.length }, { rules: [rule], asOf: '2026-01-01', ...input.options });
  return everyFinding(findings)
    .map(({ related: _related, ...f }) => f)
    .sort(compareFindings);
}

/** Applies the fixes of a case's findings to its template, as the given format's applier would; returns the text. */
export function fixCase(rule: RuleModule, input: TesterInput, format: 'yaml' | 'json'): string {
  const text = format === 'yaml' ? input.template : JSON.stringify(parseYaml('template.yaml', input.template).value, null, 2);
  const operations = runCase(rule, input, format)
    .filter((f) => f.file.startsWith('template.'))
    .flatMap((f) => (f.autofix?.kind === 'fix' ? f.autofix.operations : []));
  const unique = [...new Map(operations.map((o) => [JSON.stringify(o), o])).values()];
  return format === 'yaml' ? applyToYamlText(text, unique) : applyToJsonText(text, unique);
}

/** The graph of a case's stacks (the template first, then `others`), for tests of graph and IAM helpers. */
export function graphOf(input: TesterInput, format: 'yaml' | 'json' = 'yaml'): Graph {
  return new Graph(
    [toStack(input, format, 'template'), ...(input.others ?? []).map((o, i) => toStack(o, format, `other${i + 1}`))],
    AWS_NAMING,
  );
}

function toStack(input: TesterInput, format: 'yaml' | 'json', base: string): LoadedStack {
  const template = document(`${base}.yaml`, input.template, format);
  const manifest = input.stack?.manifest !== undefined ? document('manifest.json', input.stack.manifest, 'json') : null;
  const id = input.stack?.name ?? template.file;
  return {
    id,
    name: input.stack?.name ?? null,
    template,
    env: input.stack?.env ?? { account: null, region: null },
    terminationProtection: input.stack?.terminationProtection ?? null,
    declaredAt: manifest ? { document: manifest, pointer: `/artifacts/${id}` } : null,
    constructPath: input.stack?.constructPath ?? null,
    constructPaths: new Map(),
    nestedIn: null,
  };
}

function document(file: string, text: string, format: 'yaml' | 'json'): SourceDocument {
  if (file.endsWith('.json')) return parseJson(file, text);
  const yaml = parseYaml(file, text);
  if (format === 'yaml') return yaml;
  return parseJson(file.replace(/\.yaml$/, '.json'), JSON.stringify(yaml.value, null, 2));
}

function summarize(f: Finding): string {
  return `${f.ruleId}/${f.messageId} at ${f.pointer} (${f.range.start.line}:${f.range.start.column}): ${f.message}`;
}
