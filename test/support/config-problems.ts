// What loadConfig says is wrong with an environment: its problems, or none when it loads.
import { ConfigError, loadConfig } from '../../src/config.js';

export function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}
