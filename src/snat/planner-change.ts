// A fix as the recommendation builders propose it, before the planner adds the numbers after the
// change. Its own module so every builder (one file each) can depend on it without importing the
// planner that ranks them.
import type { Recommendation, WorkloadRequest } from './plan-schema.js';
import type { ResolvedEgress } from './planner-input.js';

export type Change = Pick<Recommendation, 'code' | 'title' | 'rationale' | 'addresses' | 'commands'> & {
  egress: ResolvedEgress;
  workload: WorkloadRequest | null;
  /** True when the cluster would egress from addresses its owner did not create beforehand; default false. */
  changesEgressIps?: boolean;
  /** `partial` when no single change covers the need; default `full`. The rationale says what it achieves. */
  coverage?: Recommendation['coverage'];
};
