// Route templates as the Functions host reads them (ASP.NET Core route syntax): literal segments,
// `{name}` parameters, `{name?}` optional ones, `{name:alpha}` / `{name:int}` constraints. Enough for
// the routes this app registers; a template it cannot read is refused at start, never guessed.
// https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger#customize-the-http-endpoint

export type RouteMatcher = (pathname: string) => Record<string, string> | undefined;

const CONSTRAINTS: Record<string, RegExp> = { alpha: /^[a-z]+$/i, int: /^-?\d+$/ };

interface Segment {
  literal?: string;
  param?: { name: string; optional: boolean; constraint?: RegExp };
}

/** Compiles `/api/<template>`; throws RangeError for syntax it does not know. */
export function compileRoute(template: string, prefix = '/api'): RouteMatcher {
  const segments = template.split('/').filter(Boolean).map((text): Segment => {
    const match = /^\{([A-Za-z_]\w*)(?::(\w+))?(\?)?\}$/.exec(text);
    if (!match) {
      if (/[{}*]/.test(text)) throw new RangeError(`Route "${template}": the local host cannot read "${text}"`);
      return { literal: text.toLowerCase() };
    }
    const [, name, constraintName, optional] = match;
    const constraint = constraintName === undefined ? undefined : CONSTRAINTS[constraintName];
    if (constraintName !== undefined && !constraint) throw new RangeError(`Route "${template}": unknown constraint "${constraintName}"`);
    return { param: { name: name!, optional: optional === '?', ...(constraint ? { constraint } : {}) } };
  });
  const base = prefix.split('/').filter(Boolean).map((text) => text.toLowerCase());
  return (pathname) => {
    const parts = pathname.split('/').filter(Boolean).map(decodeSegment);
    if (parts.some((part) => part === undefined)) return undefined;
    if (base.some((literal, index) => parts[index]?.toLowerCase() !== literal)) return undefined;
    const rest = parts.slice(base.length) as string[];
    if (rest.length > segments.length) return undefined;
    const params: Record<string, string> = {};
    for (const [index, segment] of segments.entries()) {
      const part = rest[index];
      if (segment.literal !== undefined) {
        if (part?.toLowerCase() !== segment.literal) return undefined;
      } else if (part === undefined) {
        if (!segment.param!.optional) return undefined;
      } else {
        if (segment.param!.constraint && !segment.param!.constraint.test(part)) return undefined;
        params[segment.param!.name] = part;
      }
    }
    return params;
  };
}

function decodeSegment(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}
