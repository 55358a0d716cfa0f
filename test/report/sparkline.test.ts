import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/report/sparkline.js';

describe('sparkline', () => {
  it.each([
    { name: 'the eight heights on a fixed 0–100% scale', values: [0, 0.13, 0.26, 0.38, 0.51, 0.63, 0.76, 0.99], line: '▁▂▃▄▅▆▇█' },
    { name: 'a flat low day, kept low', values: [0.05, 0.05, 0.05], line: '▁▁▁' },
    { name: 'over 100% drawn full', values: [1, 1.3], line: '██' },
    { name: 'hours without data as gaps', values: [0.2, null, null, 0.9], line: '▂  █' },
    { name: 'no values', values: [], line: '' },
  ])('should draw $name', ({ values, line }) => {
    expect(sparkline(values)).toBe(line);
  });
});
