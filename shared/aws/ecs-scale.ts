import { DescribeServicesCommand, type ECSClient, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ConfigurationError } from '#core/errors';
import type { ScaleResult } from '#ports/target-platform';
import { toCutoverError } from './aws-errors.ts';

/** Raises the service's desired count to `units`; never lowers it (the way back keeps its tasks). */
export async function scaleEcsService(
  client: ECSClient,
  cluster: string,
  service: string,
  units: number,
): Promise<ScaleResult> {
  const subject = `ecs service ${cluster}/${service}`;
  let from: number | undefined;
  try {
    const output = await client.send(new DescribeServicesCommand({ cluster, services: [service] }));
    from = output.services?.[0]?.desiredCount;
  } catch (err) {
    throw toCutoverError(err, subject);
  }
  if (from === undefined) throw new ConfigurationError(`${subject}: not found; cannot scale ahead`);
  if (units <= from) return { subject, from, to: from };
  try {
    await client.send(new UpdateServiceCommand({ cluster, service, desiredCount: units }));
  } catch (err) {
    throw toCutoverError(err, subject);
  }
  return { subject, from, to: units };
}
