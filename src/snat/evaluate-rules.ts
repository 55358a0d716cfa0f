// Checks the thresholds before any judgement: a rule set that cannot work (warning above critical,
// a hysteresis that never clears) is a caller error and gets a RangeError naming the field.
import type { EvaluationRules } from './evaluation.js';

export function assertEvaluationRules(rules: EvaluationRules): void {
  const problems: string[] = [];
  const ratio = (name: keyof EvaluationRules) => {
    const value = rules?.[name];
    if (typeof value !== 'number' || !(value > 0 && value <= 1)) problems.push(`${name} must be a ratio above 0 and at most 1, got ${String(value)}`);
  };
  ratio('warningThreshold');
  ratio('criticalThreshold');
  if (problems.length === 0 && rules.warningThreshold >= rules.criticalThreshold) {
    problems.push(`warningThreshold (${rules.warningThreshold}) must be below criticalThreshold (${rules.criticalThreshold})`);
  }
  const hysteresis = rules?.clearHysteresis;
  if (typeof hysteresis !== 'number' || !(hysteresis >= 0 && hysteresis < 0.5)) {
    problems.push(`clearHysteresis must be at least 0 and below 0.5, got ${String(hysteresis)}`);
  }
  for (const name of ['forMinutes', 'staleAfterMinutes'] as const) {
    const value = rules?.[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) problems.push(`${name} must be a whole number of minutes, at least 1, got ${String(value)}`);
  }
  if (problems.length > 0) throw new RangeError(`Invalid evaluation rules: ${problems.join('; ')}`);
}
