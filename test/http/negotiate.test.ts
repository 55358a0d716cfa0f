import { describe, expect, it } from 'vitest';
import { preferredRepresentation } from '../../src/http/negotiate.js';

describe('preferredRepresentation', () => {
  it.each([
    { name: 'no Accept header (scripts, curl without -H)', accept: null, expected: 'json' },
    { name: 'curl and fetch defaults', accept: '*/*', expected: 'json' },
    { name: 'an explicit JSON request', accept: 'application/json', expected: 'json' },
    { name: "Chromium's navigation", accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', expected: 'html' },
    { name: "Firefox's navigation", accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', expected: 'html' },
    { name: 'text/html alone', accept: 'text/html', expected: 'html' },
    { name: 'both, JSON preferred by q', accept: 'text/html;q=0.5, application/json', expected: 'json' },
    { name: 'both at equal q', accept: 'text/html, application/json', expected: 'json' },
    { name: 'text/* over */*', accept: 'text/*, */*;q=0.1', expected: 'html' },
    { name: 'HTML refused with q=0', accept: 'text/html;q=0, */*', expected: 'json' },
    { name: 'garbage', accept: ';;,/,q=oops', expected: 'json' },
    { name: 'upper case', accept: 'TEXT/HTML', expected: 'html' },
  ])('should choose $expected for $name', ({ accept, expected }) => {
    expect(preferredRepresentation(accept)).toBe(expected);
  });
});
