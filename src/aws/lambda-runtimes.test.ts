import { describe, expect, it } from 'vitest';
import { LAMBDA_RUNTIMES, RUNTIME_TABLE_CHECKED, daysBetween, successorOf } from './lambda-runtimes.js';

describe('Lambda runtime table', () => {
  it('holds well-formed dates, in lifecycle order', () => {
    const date = /^\d{4}-\d{2}-\d{2}$/;
    expect(RUNTIME_TABLE_CHECKED).toMatch(date);
    for (const [id, life] of Object.entries(LAMBDA_RUNTIMES)) {
      expect(life.deprecation, id).toMatch(date);
      expect(Number.isNaN(Date.parse(life.deprecation)), id).toBe(false);
      if (life.blockCreate) expect(life.blockCreate >= life.deprecation, `${id} blocks creation before deprecation`).toBe(true);
      if (life.blockCreate && life.blockUpdate)
        expect(life.blockUpdate >= life.blockCreate, `${id} blocks updates before creation`).toBe(true);
      expect(id, 'identifiers are lower case as Lambda spells them').toBe(id.toLowerCase());
    }
  });
  it('knows the runtimes of the prototype and the common deprecated ones', () => {
    expect(LAMBDA_RUNTIMES['nodejs20.x']?.deprecation).toBe('2026-04-30');
    expect(LAMBDA_RUNTIMES['python3.8']?.deprecation).toBe('2024-10-14');
    expect(LAMBDA_RUNTIMES['go1.x']?.deprecation).toBe('2024-01-08');
  });
  it('counts days between dates', () => {
    expect(daysBetween('2026-01-01', '2026-04-30')).toBe(119);
    expect(daysBetween('2026-04-30', '2026-04-30')).toBe(0);
    expect(daysBetween('2026-05-01', '2026-04-30')).toBe(-1);
    expect(daysBetween('yesterday', '2026-04-30')).toBeNaN();
  });
  it('names the latest runtime of the same language', () => {
    expect(successorOf('nodejs16.x')).toBe('nodejs24.x');
    expect(successorOf('python3.8')).toBe('python3.14');
    expect(successorOf('java8')).toBe('java25');
    expect(successorOf('go1.x')).toBe('provided.al2023');
    expect(successorOf('dotnetcore3.1')).toBe('dotnet10');
    expect(successorOf('provided.al2023')).toBeUndefined();
  });
});
