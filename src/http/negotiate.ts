// Content negotiation for routes that answer people and scripts alike (RFC 9110 §12.5.1): the page
// when the client prefers text/html — as browsers do — JSON otherwise, so curl, scripts and
// `Accept: */*` get JSON. https://www.rfc-editor.org/rfc/rfc9110#field.accept

export type Representation = 'json' | 'html';

export function preferredRepresentation(accept: string | null | undefined): Representation {
  const ranges = parseAccept(accept ?? '');
  if (ranges.length === 0) return 'json';
  return quality(ranges, 'text', 'html') > quality(ranges, 'application', 'json') ? 'html' : 'json';
}

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

function parseAccept(accept: string): MediaRange[] {
  return accept.split(',').flatMap((part): MediaRange[] => {
    const [range = '', ...params] = part.split(';').map((item) => item.trim().toLowerCase());
    const [type, subtype] = range.split('/');
    if (!type || !subtype) return [];
    const qParam = params.find((param) => param.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return [{ type, subtype, q: Number.isFinite(q) ? Math.min(Math.max(q, 0), 1) : 0 }];
  });
}

/** The q of the most specific range matching type/subtype; 0 when none does. */
function quality(ranges: readonly MediaRange[], type: string, subtype: string): number {
  const exact = ranges.find((range) => range.type === type && range.subtype === subtype);
  const anySubtype = ranges.find((range) => range.type === type && range.subtype === '*');
  const anything = ranges.find((range) => range.type === '*' && range.subtype === '*');
  return (exact ?? anySubtype ?? anything)?.q ?? 0;
}
