import { describe, expect, it } from 'vitest';
import { liveTarget } from '../../src/live/live-target.js';
import { watchLine } from '../../src/local/watch-line.js';
import { alert, NOW, snapshotOf, type SnapshotSpec } from '../live/live-fixtures.js';

const plain = (_tone: string, text: string) => text;
const lineOf = (spec: SnapshotSpec) => watchLine(liveTarget(snapshotOf(spec), { nowMs: NOW.getTime(), staleAfterMinutes: 5 }), plain, 15);

describe('watchLine', () => {
  it.each([
    { name: 'calm', spec: { name: 'lb-calm', used: [80, 40] }, says: ['lb-calm', '7.8%', 'ok', '10.0.0.1 80/1,024 ports'], never: ['at risk', 'alert'] },
    {
      name: 'warning with alerts pending',
      spec: { name: 'lb-warm', used: [800, 790, 100], alerts: [alert('10.0.0.1', 'SNAT_UTILIZATION', 'pending'), alert('10.0.0.2', 'SNAT_UTILIZATION', 'pending')] },
      says: ['78.1%', 'warning', '10.0.0.1 800/1,024 ports', '2/3 nodes at risk', '2 alerts pending'],
      never: ['firing'],
    },
    {
      name: 'critical and firing',
      spec: { name: 'lb-hot', used: [1000, 100], alerts: [alert('10.0.0.1', 'SNAT_UTILIZATION', 'firing', 'critical')] },
      says: ['97.7%', 'critical', '1/2 nodes at risk', '1 alert firing'],
      never: ['pending'],
    },
    { name: 'unreadable', spec: { name: 'lb-locked', unreadable: true }, says: ['lb-locked', 'unreadable', 'forbidden: AuthorizationFailed'], never: ['ports'] },
  ])('should sum up a $name target in one line', ({ spec, says, never }) => {
    const line = lineOf(spec);
    expect(line.split('\n')).toHaveLength(1);
    for (const text of says) expect(line).toContain(text);
    for (const text of never) expect(line).not.toContain(text);
  });

  it('should draw the worst node as a bar as full as its ports', () => {
    expect(lineOf({ name: 'lb-half', used: [512] })).toContain('██████████··········');
    expect(lineOf({ name: 'lb-full', used: [1024] })).toContain('████████████████████');
  });
});
