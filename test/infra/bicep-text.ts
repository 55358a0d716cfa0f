// Just enough Bicep reading for test/infra: the compiler cannot be installed here, so the infra tests
// read the source text. `mask` blanks comments and string contents (same length, newlines kept), so
// braces, keys and keywords inside them never fool the scanners; values are read from the original.

export interface BicepFile {
  path: string;
  text: string;
  masked: string;
}

export interface Declaration {
  keyword: 'resource' | 'module';
  symbol: string;
  /** The quoted type (`Microsoft.X/y@version`) or module path. */
  target: string;
  existing: boolean;
  /** Index of the `{` or `[` that opens the body. */
  open: number;
}

export function readBicep(path: string, text: string): BicepFile {
  return { path, text, masked: mask(text) };
}

export function mask(text: string): string {
  const masked = new Uint8Array(text.length);
  // -1: inside a string; n >= 0: inside an interpolation opened at brace depth n.
  const stack: number[] = [];
  let depth = 0;
  let i = 0;
  const hide = (from: number, to: number) => masked.fill(1, from, Math.min(to, text.length));
  while (i < text.length) {
    const top = stack.at(-1);
    const nested = stack.length > 0;
    if (top === -1) {
      if (text[i] === '\\') {
        hide(i, i + 2);
        i += 2;
      } else if (text.startsWith('${', i)) {
        hide(i, i + 2);
        stack.push(depth);
        depth += 1;
        i += 2;
      } else {
        if (text[i] === "'") stack.pop();
        if (text[i] !== "'" || stack.length > 0) hide(i, i + 1);
        i += 1;
      }
      continue;
    }
    if (text.startsWith('//', i) || text.startsWith('/*', i)) {
      const [closer, width] = text.startsWith('//', i) ? ['\n', 0] : ['*/', 2];
      const found = text.indexOf(closer, i + 2);
      const stop = found === -1 ? text.length : found + width;
      hide(i, stop);
      i = stop;
    } else if (text.startsWith("'''", i)) {
      const found = text.indexOf("'''", i + 3);
      const stop = found === -1 ? text.length : found + 3;
      hide(nested ? i : i + 3, nested ? stop : stop - 3);
      i = stop;
    } else if (text[i] === "'") {
      if (nested) hide(i, i + 1);
      stack.push(-1);
      i += 1;
    } else {
      if (text[i] === '{') depth += 1;
      if (text[i] === '}') {
        depth -= 1;
        if (top !== undefined && depth === top) stack.pop();
      }
      if (nested) hide(i, i + 1);
      i += 1;
    }
  }
  return Array.from(text, (char, index) => (masked[index] && char !== '\n' ? ' ' : char)).join('');
}

/** Index just past the bracket that closes the one at `open`. */
export function closingIndex(file: BicepFile, open: number): number {
  let depth = 0;
  for (let i = open; i < file.masked.length; i += 1) {
    const char = file.masked[i];
    if (char === '{' || char === '[' || char === '(') depth += 1;
    if (char === '}' || char === ']' || char === ')') depth -= 1;
    if (depth === 0) return i + 1;
  }
  throw new Error(`${file.path}: unbalanced bracket at ${open}`);
}

/** Matches of `pattern` (global, multiline) that start in code, not in a comment or string. */
export function codeMatches(file: BicepFile, pattern: RegExp): RegExpExecArray[] {
  return [...file.text.matchAll(pattern)].filter((match) => file.masked[match.index] === file.text[match.index]);
}

export function declarations(file: BicepFile): Declaration[] {
  return codeMatches(file, /^(resource|module)\s+(\w+)\s+'([^']+)'(\s+existing)?\s*=/gm).map((match) => {
    const from = match.index + match[0].length;
    const open = Math.min(...['{', '['].map((b) => file.masked.indexOf(b, from)).filter((at) => at !== -1));
    return { keyword: match[1] as Declaration['keyword'], symbol: match[2]!, target: match[3]!, existing: Boolean(match[4]), open };
  });
}

export interface Entry {
  /** Source text of the value, trimmed. */
  value: string;
  /** Index where the value starts. */
  start: number;
}

/** Top-level `key: value` entries of the object literal opened at `open`. */
export function objectEntries(file: BicepFile, open: number): Map<string, Entry> {
  const close = closingIndex(file, open) - 1;
  const starts: Array<{ key: string; valueAt: number; at: number }> = [];
  let depth = 0;
  let lineStart = true;
  for (let i = open + 1; i < close; i += 1) {
    const char = file.masked[i]!;
    if (depth === 0 && lineStart && !/\s/.test(char)) {
      const entry = /^('([^']*)'|[A-Za-z_$][\w$]*)\s*:/.exec(file.text.slice(i, close));
      if (entry) starts.push({ key: entry[2] ?? entry[1]!, valueAt: i + entry[0].length, at: i });
    }
    if (!/\s/.test(char)) lineStart = false;
    if (char === '\n') lineStart = true;
    if ('{[('.includes(char)) depth += 1;
    if ('}])'.includes(char)) depth -= 1;
  }
  return new Map(
    starts.map((entry, index) => {
      // Measured on the masked text, so comments before the next key stay out of the value.
      const raw = file.masked.slice(entry.valueAt, starts[index + 1]?.at ?? close);
      const start = entry.valueAt + (raw.length - raw.trimStart().length);
      return [entry.key, { value: file.text.slice(start, entry.valueAt + raw.trimEnd().length), start }];
    }),
  );
}

/** The top-level entries of a declaration whose body is an object (resources, modules). */
export function bodyOf(file: BicepFile, declaration: Declaration): Map<string, Entry> {
  return file.masked[declaration.open] === '{' ? objectEntries(file, declaration.open) : new Map();
}

/** Entries of an object nested in a declaration's body, e.g. `properties` or `params`. */
export function nestedEntries(file: BicepFile, declaration: Declaration, property: string): Map<string, Entry> {
  const entry = bodyOf(file, declaration).get(property);
  return entry && file.masked[entry.start] === '{' ? objectEntries(file, entry.start) : new Map();
}

/** `var name = '<literal>'` declarations, with the comment on the same line. */
export function stringVariables(file: BicepFile): Map<string, { value: string; comment: string }> {
  return new Map(
    codeMatches(file, /^var\s+(\w+)\s*=\s*'([^']*)'[ \t]*(?:\/\/(.*))?$/gm).map((m) => [m[1]!, { value: m[2]!, comment: (m[3] ?? '').trim() }]),
  );
}

export function targetScope(file: BicepFile): string {
  return codeMatches(file, /^targetScope\s*=\s*'(\w+)'/gm)[0]?.[1] ?? 'resourceGroup';
}

/** `@secure()` parameters that declare a default value (a secret literal in the template). */
export function secureParamsWithDefaults(file: BicepFile): string[] {
  const decorated = /((?:^@[^\n]*\n(?:^[ \t)\]}][^\n]*\n)*)+)^param\s+(\w+)\s+\w+([^\n]*)$/gm;
  return [...file.masked.matchAll(decorated)].filter((m) => m[1]!.includes('@secure()') && m[3]!.includes('=')).map((m) => m[2]!);
}
