// Where a saved CPU profile's time went, by area and by function:
//   node --import tsx bench/summarize-profile.ts FILE.cpuprofile
import { readFileSync } from 'node:fs';
import { summarizeCpuProfile, type Profile } from './cpu-profile.js';

const file = process.argv[2];
if (!file) throw new Error('usage: node --import tsx bench/summarize-profile.ts FILE.cpuprofile');
const { areas, functions } = summarizeCpuProfile(JSON.parse(readFileSync(file, 'utf8')) as Profile);
const total = areas.reduce((sum, [, ms]) => sum + ms, 0);
console.log(`self time by area (total ${total} ms)`);
for (const [area, ms] of areas) console.log(`  ${String(ms).padStart(7)} ms  ${area}`);
console.log('heaviest functions (self time)');
for (const [name, ms] of functions) console.log(`  ${String(ms).padStart(7)} ms  ${name}`);
