/**
 * Lambda runtime lifecycle dates (a data module used by `lambda/runtime-deprecated`; not a rule).
 *
 * On the deprecation date Lambda stops applying security patches to the runtime; creating, then updating,
 * functions on it is blocked on later dates, and invocations are never blocked. Only the deprecation date drives
 * findings: it is the date from which the seed's "customer owns … updates and security patches" is no longer met
 * by AWS. The block dates are kept for reference: AWS has moved them repeatedly, so findings never quote them.
 *
 * Sources (collected in the project's peer research, not re-checked against the live page):
 * - [A] AWS Lambda developer guide, per-language pages (lambda-nodejs, lambda-python, lambda-java, lambda-ruby,
 *   lambda-csharp, runtimes-provided), "Supported runtimes" / "Deprecated runtimes" tables, newest stored copies.
 * - [B] AWS Health deprecation notices quoted in GitHub issues (python3.8, python3.9).
 * - [C] aws-cloudformation/cfn-lint `LmbdRuntimeLifecycle.json` and its issues #4249, #4334, #4531 (which quote the
 *   AWS page), for runtimes deprecated before 2025.
 * - [E] endoflife.date `products/aws-lambda.md` (dotnet5.0).
 * "UNCONFIRMED" marks dates that the sources disagree on or that only third parties state.
 *
 * Re-check https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html before each release and update
 * {@link RUNTIME_TABLE_CHECKED}.
 */

/** Lifecycle of one runtime identifier. Dates are `YYYY-MM-DD` (UTC). */
export interface RuntimeLifecycle {
  /** From this date the runtime gets no security patches. */
  deprecation: string;
  /** Function creation blocked from this date, when stated by a source. */
  blockCreate?: string;
  /** Function update blocked from this date, when stated by a source. */
  blockUpdate?: string;
}

/** When the table was last compared with its sources. */
export const RUNTIME_TABLE_CHECKED = '2026-11-28';

export const LAMBDA_RUNTIMES: Readonly<Record<string, RuntimeLifecycle>> = {
  // Node.js
  'nodejs24.x': { deprecation: '2028-04-30', blockCreate: '2028-06-01', blockUpdate: '2028-07-01' }, // [A]
  'nodejs22.x': { deprecation: '2027-04-30', blockCreate: '2027-06-01', blockUpdate: '2027-07-01' }, // [A]
  // [A] deprecation; block dates per cfn-lint #4531 (June 2026, quoting AWS). [A] older: 2026-08-31 / 2026-09-30;
  // a third party says 2027-07-29 / 2027-08-31 (UNCONFIRMED).
  'nodejs20.x': { deprecation: '2026-04-30', blockCreate: '2027-02-01', blockUpdate: '2027-03-03' },
  // Block dates were extended at least twice (2026-02-03/03-09, then 2026-06-01/07-01); later extension UNCONFIRMED.
  // cfn-lint's JSON said deprecated 2025-07-31, which its own issues correct to 2025-09-01.
  'nodejs18.x': { deprecation: '2025-09-01', blockCreate: '2026-06-01', blockUpdate: '2026-07-01' },
  'nodejs16.x': { deprecation: '2024-06-12', blockCreate: '2025-10-01', blockUpdate: '2025-11-01' }, // [C]
  // [C]; a re:Post answer gives create blocked 2024-01-09 and update 2024-02-08 originally (UNCONFIRMED which held).
  'nodejs14.x': { deprecation: '2023-12-04', blockCreate: '2024-01-09', blockUpdate: '2025-11-01' },
  'nodejs12.x': { deprecation: '2023-03-31', blockCreate: '2023-03-31', blockUpdate: '2023-04-30' }, // [C]
  'nodejs10.x': { deprecation: '2021-07-30', blockCreate: '2021-07-30', blockUpdate: '2022-02-14' }, // [C]
  'nodejs8.10': { deprecation: '2020-03-06' }, // [C]
  'nodejs6.10': { deprecation: '2019-08-12' }, // [C]
  'nodejs4.3': { deprecation: '2020-03-05' }, // [C]
  'nodejs4.3-edge': { deprecation: '2019-04-30' }, // [C]
  nodejs: { deprecation: '2016-10-31' }, // [C] Node.js 0.10
  // Python
  'python3.14': { deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31' }, // [A]
  'python3.13': { deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31' }, // [A]
  'python3.12': { deprecation: '2028-10-31', blockCreate: '2028-11-30', blockUpdate: '2029-01-10' }, // [A]
  'python3.11': { deprecation: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31' }, // [A] newest; older copy: 2026-06-30
  'python3.10': { deprecation: '2026-10-31', blockCreate: '2026-11-30', blockUpdate: '2027-01-15' }, // [A] newest; older copy: 2026-06-30
  // [B] original notice; block dates since extended (2027 per third parties, UNCONFIRMED).
  'python3.9': { deprecation: '2025-12-15', blockCreate: '2026-01-15', blockUpdate: '2026-02-15' },
  // [B]/[C]; block dates extended to 2025-10-01 / 2025-11-01, then moved again in June 2026 (UNCONFIRMED how far).
  'python3.8': { deprecation: '2024-10-14', blockCreate: '2025-10-01', blockUpdate: '2025-11-01' },
  'python3.7': { deprecation: '2023-12-04', blockCreate: '2024-01-09', blockUpdate: '2025-11-01' }, // [C]
  'python3.6': { deprecation: '2022-07-18', blockCreate: '2022-07-18', blockUpdate: '2022-08-29' }, // [C]
  'python2.7': { deprecation: '2021-07-15', blockCreate: '2021-07-15', blockUpdate: '2022-05-30' }, // [C]
  // Java
  java25: { deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31' }, // [A]
  java21: { deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31' }, // [A]
  java17: { deprecation: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31' }, // [A] newest; older copy: 2026-06-30
  java11: { deprecation: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31' }, // [A]
  'java8.al2': { deprecation: '2027-06-30', blockCreate: '2027-07-31', blockUpdate: '2027-08-31' }, // [A]
  java8: { deprecation: '2024-01-08', blockCreate: '2024-02-08', blockUpdate: '2025-11-01' }, // [C] Amazon Linux 1
  // .NET
  dotnet10: { deprecation: '2028-11-14', blockCreate: '2028-12-14', blockUpdate: '2029-01-15' }, // [A]
  dotnet9: { deprecation: '2026-11-10' }, // [A] container images only: no zip Runtime value, listed for completeness
  dotnet8: { deprecation: '2026-11-10', blockCreate: '2026-12-10', blockUpdate: '2027-01-11' }, // [A]; later blocks UNCONFIRMED
  // Deprecation date per a maintainer review citing the AWS page (cfn-lint had 2024-11-12); block dates [C].
  dotnet6: { deprecation: '2024-12-20', blockCreate: '2025-10-01', blockUpdate: '2025-11-01' },
  dotnet7: { deprecation: '2024-05-14' }, // [C] container images only
  'dotnet5.0': { deprecation: '2022-05-10' }, // [E] container images only
  'dotnetcore3.1': { deprecation: '2023-04-03', blockCreate: '2023-04-03', blockUpdate: '2023-05-03' }, // [C]
  'dotnetcore2.1': { deprecation: '2022-01-05', blockCreate: '2022-01-05', blockUpdate: '2022-04-13' }, // [C]
  'dotnetcore2.0': { deprecation: '2019-05-30' }, // [C]
  'dotnetcore1.0': { deprecation: '2019-06-27', blockCreate: '2019-07-30', blockUpdate: '2019-07-30' }, // [C]
  // Ruby
  'ruby4.0': { deprecation: '2029-03-31', blockCreate: '2029-04-30', blockUpdate: '2029-05-31' }, // [A]
  'ruby3.4': { deprecation: '2028-03-31', blockCreate: '2028-04-30', blockUpdate: '2028-05-31' }, // [A]
  'ruby3.3': { deprecation: '2027-03-31', blockCreate: '2027-04-30', blockUpdate: '2027-05-31' }, // [A]
  'ruby3.2': { deprecation: '2026-03-31', blockCreate: '2026-08-31', blockUpdate: '2026-09-30' }, // [A] newest; blocks later UNCONFIRMED
  'ruby2.7': { deprecation: '2023-12-07', blockCreate: '2024-01-09', blockUpdate: '2025-11-01' }, // [C]
  'ruby2.5': { deprecation: '2021-07-30', blockCreate: '2021-07-30', blockUpdate: '2022-03-31' }, // [C]
  // OS-only runtimes and Go (go1.x ran on Amazon Linux 1; Go now uses provided.*)
  'provided.al2023': { deprecation: '2029-06-30', blockCreate: '2029-07-31', blockUpdate: '2029-08-31' }, // [A]
  'provided.al2': { deprecation: '2026-07-31', blockCreate: '2026-08-31', blockUpdate: '2026-09-30' }, // [A] newest; blocks later UNCONFIRMED
  provided: { deprecation: '2024-01-08', blockCreate: '2024-02-08', blockUpdate: '2025-11-01' }, // [C] Amazon Linux 1
  'go1.x': { deprecation: '2024-01-08', blockCreate: '2024-02-08', blockUpdate: '2025-11-01' }, // [C]
};

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); NaN when either is not a date. */
export function daysBetween(from: string, to: string): number {
  const parse = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? Date.parse(`${d}T00:00:00Z`) : NaN);
  return Math.round((parse(to) - parse(from)) / 86_400_000);
}

/**
 * The supported runtime of the same language with the latest deprecation date (`nodejs16.x` → `nodejs24.x`).
 * Go and Amazon Linux 1 `provided` move to the OS-only `provided.al2023`; .NET Core to `dotnet`.
 */
export function successorOf(runtime: string): string | undefined {
  // Every function of a scan asks for a runtime of the table: answer those from a table built once (it is constant).
  if (!Object.hasOwn(LAMBDA_RUNTIMES, runtime)) return findSuccessor(runtime);
  successors ??= new Map(Object.keys(LAMBDA_RUNTIMES).map((id) => [id, findSuccessor(id)]));
  return successors.get(runtime);
}

let successors: Map<string, string | undefined> | undefined;

function findSuccessor(runtime: string): string | undefined {
  const family = (id: string) => {
    const name = id.replace(/[\d.].*$/, '');
    return name === 'go' ? 'provided' : name === 'dotnetcore' ? 'dotnet' : name;
  };
  const wanted = family(runtime);
  let best: [string, RuntimeLifecycle] | undefined;
  for (const entry of Object.entries(LAMBDA_RUNTIMES))
    if (
      family(entry[0]) === wanted &&
      (!best || entry[1].deprecation > best[1].deprecation || (entry[1].deprecation === best[1].deprecation && entry[0] > best[0]))
    )
      best = entry;
  return best && best[0] !== runtime ? best[0] : undefined;
}
