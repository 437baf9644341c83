import type { Command } from 'commander';

/** Options of a command without the ones commander filled from defaults, so the configuration can supply them. */
export function commandLineOnly<T extends object>(options: T, command: Pick<Command, 'getOptionValueSource'>): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(options) as (keyof T & string)[])
    if (command.getOptionValueSource(key) !== 'default') out[key] = options[key];
  return out;
}
