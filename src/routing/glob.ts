// The globs of SNAT_ROUTES: `*` any run of characters, `?` exactly one; everything else literal;
// case-insensitive (ARM compares names and IDs without case); anchored to the whole value.

export function globToRegExp(glob: string): RegExp {
  const source = [...glob].map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
  return new RegExp(`^${source}$`, 'is');
}

export function matchesGlob(glob: string, value: string): boolean {
  return globToRegExp(glob).test(value);
}
