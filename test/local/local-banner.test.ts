import { describe, expect, it } from 'vitest';
import { bannerLines } from '../../src/local/local-banner.js';

const plain = (_tone: unknown, text: string) => text;
const azure = { targets: 1, subscriptions: 0, watchSchedule: '0 */1 * * * *', digestSchedule: '0 0 8 * * *' };

describe('bannerLines', () => {
  it('should print each function key with the URLs that use it when keys are checked', () => {
    const text = bannerLines({ hostUrl: 'http://localhost:7071', azuritePid: 1, forwardTo: undefined, azure, keys: { recommendations: 'k-recommendations', openapi: 'k-openapi' } }, plain).join('\n');
    expect(text).toContain('http://localhost:7071/api/recommendations/view?code=k-recommendations');
    expect(text).toContain('http://localhost:7071/api/openapi.json?code=k-openapi');
    expect(text).toMatch(/recommendations: k-recommendations\n.*openapi: k-openapi/);
    expect(text).not.toContain('No function keys are needed');
  });

  it('should say no key is needed when none is checked', () => {
    const text = bannerLines({ hostUrl: 'http://localhost:7071', azuritePid: 1, forwardTo: undefined, azure }, plain).join('\n');
    expect(text).toContain('http://localhost:7071/api/recommendations/view\n');
    expect(text).not.toContain('?code=');
    expect(text).toContain('No function keys are needed locally');
  });
});
