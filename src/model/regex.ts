import { type Context, createContext, Script } from 'node:vm';

/** How long a regular expression from the input may run on one value. Sound patterns take microseconds. */
export const REGEX_TIME_MS = 50;

let sandbox: { script: Script; context: Context & { pattern?: RegExp; value?: string } } | undefined;

/**
 * `pattern.test(value)` within {@link REGEX_TIME_MS}, or undefined when it takes longer (or throws). Patterns from
 * the input (a parameter's `AllowedPattern`, a cdk-nag `applies_to` regex) are written by whoever opened the pull
 * request: one such as `(a+)+$` backtracks for minutes on a value of 30 characters, and no length bound stops that.
 * A script run in a vm context with a timeout is interrupted, regular expression included; the context is made on
 * first use, so importing this has no side effect.
 */
export function boundedTest(pattern: RegExp, value: string): boolean | undefined {
  sandbox ??= { script: new Script('pattern.test(value)'), context: createContext({}) };
  sandbox.context.pattern = pattern;
  sandbox.context.value = value;
  try {
    return sandbox.script.runInContext(sandbox.context, { timeout: REGEX_TIME_MS }) === true;
  } catch {
    return undefined;
  } finally {
    sandbox.context.pattern = undefined;
    sandbox.context.value = undefined;
  }
}
