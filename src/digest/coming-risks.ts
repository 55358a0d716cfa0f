// What the planner, run on the live topology, says is coming: the risks a capacity owner must act
// on before a scale-out or an upgrade breaks egress, and the changes that clear them (with the
// exact commands). Risks of the workload as it runs now are the alerts' business, not the digest's.
import { COMING_RISK_CODES, type ComingRisk, type ComingRiskCode, type DigestRecommendation } from '../report/digest-model.js';
import type { Plan, RiskCode } from '../snat/plan-schema.js';

export { COMING_RISK_CODES, type ComingRisk, type ComingRiskCode, type DigestRecommendation };
// Every coming risk is a planner risk code.
const comingAreRisks: readonly RiskCode[] = COMING_RISK_CODES;
void comingAreRisks;


/** Recommendations shown per target; the live view has the rest. */
export const MAX_DIGEST_RECOMMENDATIONS = 2;


export interface PlanOutlook {
  risks: ComingRisk[];
  recommendations: DigestRecommendation[];
}

const isComing = (code: string): code is ComingRiskCode => (COMING_RISK_CODES as readonly string[]).includes(code);

/** The coming risks of a plan, worst first, and its best-ranked recommendations that clear one of them. */
export function planOutlook(plan: Plan | null): PlanOutlook {
  const risks = (plan?.risks ?? [])
    .filter((risk) => isComing(risk.code))
    .map((risk) => ({ code: risk.code as ComingRiskCode, severity: risk.severity, message: risk.message }))
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  if (risks.length === 0) return { risks, recommendations: [] };
  const recommendations = (plan?.recommendations ?? [])
    .map((recommendation) => ({ title: recommendation.title, commands: [...recommendation.commands], addresses: recommendation.addresses.filter(isComing) }))
    .filter((recommendation) => recommendation.addresses.length > 0)
    .slice(0, MAX_DIGEST_RECOMMENDATIONS);
  return { risks, recommendations };
}

const SEVERITY_RANK = { info: 0, warning: 1, critical: 2 } as const;
