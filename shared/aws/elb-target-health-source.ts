import {
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { TargetHealthCounts, TargetHealthSource } from '#ports/target-health';
import { targetGroupNameOf } from './arns.ts';
import { toCutoverError } from './aws-errors.ts';

export interface ElbTargetHealthSourceOptions {
  readonly client: ElasticLoadBalancingV2Client;
}

type CountedState = 'healthy' | 'unhealthy' | 'initial' | 'draining' | 'unused' | 'unavailable';

/** Target health of one target group from DescribeTargetHealth, counted by ALB state. */
export class ElbTargetHealthSource implements TargetHealthSource {
  readonly #client: ElasticLoadBalancingV2Client;

  constructor(options: ElbTargetHealthSourceOptions) {
    this.#client = options.client;
  }

  async health(targetGroupArn: string): Promise<TargetHealthCounts> {
    let descriptions: TargetHealthDescription[];
    try {
      const output = await this.#client.send(
        new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }),
      );
      descriptions = output.TargetHealthDescriptions ?? [];
    } catch (err) {
      throw toCutoverError(err, `target group ${targetGroupNameOf(targetGroupArn)} (${targetGroupArn})`);
    }
    const counts: Record<CountedState, number> = {
      healthy: 0,
      unhealthy: 0,
      initial: 0,
      draining: 0,
      unused: 0,
      unavailable: 0,
    };
    const reasons = new Set<string>();
    for (const description of descriptions) {
      const health = description.TargetHealth;
      counts[countedState(health?.State)] += 1;
      if (health?.State !== 'healthy' && (health?.Reason || health?.Description)) {
        reasons.add([health.Reason, health.Description].filter(Boolean).join(': '));
      }
    }
    return { targetGroupArn, ...counts, reasons: [...reasons] };
  }
}

/** `unhealthy.draining` is a target on its way out: it takes no new requests, so count it as draining. */
function countedState(state: string | undefined): CountedState {
  switch (state) {
    case 'healthy':
    case 'unhealthy':
    case 'initial':
    case 'draining':
    case 'unused':
    case 'unavailable':
      return state;
    case 'unhealthy.draining':
      return 'draining';
    default:
      return 'unavailable';
  }
}
