// What the config schema demands of a deployment, derived from the schema itself so that a new required
// setting fails test/infra until infra/main.bicep sets it: the keys whose schema rejects `undefined`,
// and the either-or groups its refinement raises once those keys are present.

interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

export interface ParsingSchema {
  safeParse(input: unknown): { success: boolean; error?: { issues: readonly Issue[] } };
}

export interface ObjectSchema extends ParsingSchema {
  shape: Readonly<Record<string, ParsingSchema>>;
}

/** A refinement that one of several settings satisfies (e.g. SNAT_TARGETS or SNAT_DISCOVERY_SUBSCRIPTIONS). */
export interface EitherOr {
  raisedAt: string;
  message: string;
  /** Each of these, set alone, clears the issue; empty when no single setting does. */
  anyOf: string[];
}

export interface RequiredSettings {
  required: string[];
  eitherOr: EitherOr[];
}

// Tried in turn to find a value one key's own schema accepts while probing the refinement.
const SAMPLE_VALUES = [
  'https://example.invalid/sample',
  '6f1c2a4e-8b3d-4c5f-9a7e-1d2c3b4a5f60',
  '/subscriptions/6f1c2a4e-8b3d-4c5f-9a7e-1d2c3b4a5f60/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb',
  'sample',
  '1',
] as const;

export function sampleFor(schema: ParsingSchema): string | undefined {
  return SAMPLE_VALUES.find((value) => schema.safeParse(value).success);
}

export function requiredSettings(schema: ObjectSchema): RequiredSettings {
  const keys = Object.keys(schema.shape);
  const required = keys.filter((key) => !schema.shape[key]!.safeParse(undefined).success);
  const base: Record<string, string> = {};
  for (const key of required) {
    const sample = sampleFor(schema.shape[key]!);
    if (sample === undefined) throw new Error(`no sample value satisfies ${key}: add one to SAMPLE_VALUES`);
    base[key] = sample;
  }
  const issues = schema.safeParse(base).error?.issues ?? [];
  const eitherOr = issues.map((issue) => {
    const raisedAt = String(issue.path[0] ?? '(settings)');
    const clears = (key: string): boolean => {
      const sample = sampleFor(schema.shape[key]!);
      if (sample === undefined || key in base) return false;
      const after = schema.safeParse({ ...base, [key]: sample }).error?.issues ?? [];
      return !after.some((other) => String(other.path[0]) === raisedAt && other.message === issue.message);
    };
    return { raisedAt, message: issue.message, anyOf: keys.filter(clears) };
  });
  return { required, eitherOr };
}

/** Settings named in `%NAME%` binding expressions (timer schedules), which the host reads from app settings. */
export function boundSettings(sources: ReadonlyArray<{ path: string; text: string }>): Map<string, string> {
  const found = new Map<string, string>();
  for (const { path, text } of sources) {
    const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    for (const match of code.matchAll(/['"`]%([A-Za-z_][A-Za-z0-9_]*)%['"`]/g)) found.set(match[1]!, path);
  }
  return found;
}
