import {
  type AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  type DescribeAutoScalingGroupsCommandOutput,
  DescribeInstanceRefreshesCommand,
  SetDesiredCapacityCommand,
} from '@aws-sdk/client-auto-scaling';
import { ConfigurationError } from '#core/errors';
import type { ScaleResult } from '#ports/target-platform';
import { toCutoverError } from './aws-errors.ts';

/** Instance refresh states in which instances are still being replaced. */
const REFRESH_IN_PROGRESS = new Set(['Pending', 'InProgress', 'Cancelling', 'RollbackInProgress', 'Baking']);
/** Lifecycle states held by a lifecycle hook: the instance is neither serving nor gone yet. */
const HOOK_STATES = new Set(['Pending:Wait', 'Pending:Proceed', 'Terminating:Wait', 'Terminating:Proceed']);

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/**
 * An Auto Scaling group is ready when its desired instances are InService, no instance refresh is
 * replacing them, and no instance is held by a lifecycle hook (launching or terminating).
 */
export async function autoScalingGroupReasons(client: AutoScalingClient, name: string): Promise<string[]> {
  const group = await describeGroup(client, name);
  if (!group) return [`ec2 auto scaling group ${name}: not found; check autoScalingGroup in the plan`];
  const reasons: string[] = [];
  const instances = group.Instances ?? [];
  const inService = instances.filter((instance) => instance.LifecycleState === 'InService').length;
  const desired = group.DesiredCapacity ?? 0;
  if (inService < desired) {
    reasons.push(`ec2 auto scaling group ${name}: ${inService} of ${plural(desired, 'instance')} InService`);
  }
  const held = instances.filter((instance) => HOOK_STATES.has(instance.LifecycleState ?? ''));
  if (held.length > 0) {
    const states = [...new Set(held.map((instance) => instance.LifecycleState))].join(', ');
    reasons.push(
      `ec2 auto scaling group ${name}: ${plural(held.length, 'instance')} held by a lifecycle hook (${states}); wait until the hooks complete`,
    );
  }
  let refreshes: { Status?: string; InstanceRefreshId?: string; PercentageComplete?: number }[];
  try {
    refreshes =
      (await client.send(new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: name, MaxRecords: 5 })))
        .InstanceRefreshes ?? [];
  } catch (err) {
    throw toCutoverError(err, `auto scaling group ${name}`);
  }
  const running = refreshes.find((refresh) => REFRESH_IN_PROGRESS.has(refresh.Status ?? ''));
  if (running) {
    reasons.push(
      `ec2 auto scaling group ${name}: instance refresh ${running.InstanceRefreshId ?? ''} is ${running.Status}` +
        `${running.PercentageComplete === undefined ? '' : ` (${running.PercentageComplete}% complete)`}; wait until it finishes`,
    );
  }
  return reasons;
}

/** Raises the group's desired capacity to `units` (never lowers it, never past MaxSize). */
export async function scaleAutoScalingGroup(
  client: AutoScalingClient,
  name: string,
  units: number,
): Promise<ScaleResult> {
  const subject = `ec2 auto scaling group ${name}`;
  const group = await describeGroup(client, name);
  if (!group) throw new ConfigurationError(`${subject}: not found; cannot scale ahead`);
  const from = group.DesiredCapacity ?? 0;
  if (units <= from) return { subject, from, to: from };
  const max = group.MaxSize ?? from;
  if (units > max) {
    throw new ConfigurationError(
      `${subject}: the next step needs ${units} instances, MaxSize is ${max}; raise MaxSize or lower the step`,
    );
  }
  try {
    await client.send(
      new SetDesiredCapacityCommand({
        AutoScalingGroupName: name,
        DesiredCapacity: units,
        HonorCooldown: false,
      }),
    );
  } catch (err) {
    throw toCutoverError(err, subject);
  }
  return { subject, from, to: units };
}

async function describeGroup(client: AutoScalingClient, name: string) {
  let output: DescribeAutoScalingGroupsCommandOutput;
  try {
    output = await client.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }));
  } catch (err) {
    throw toCutoverError(err, `auto scaling group ${name}`);
  }
  return output.AutoScalingGroups?.find((candidate) => candidate.AutoScalingGroupName === name);
}
