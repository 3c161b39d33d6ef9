import type { AwsClients } from '#aws/clients';
import { httpsConnector, type KubernetesConnector } from '#aws/kubernetes-https';
import { EksKubernetesWorkloads } from '#aws/kubernetes-workloads';
import { createTargetPlatform } from '#aws/target-platforms';
import type { CutoverPorts } from '#core/use-cases/ports';
import type { RegionalClient } from './memo.ts';

/** The clients platform readiness reads (one of them per target, by platform); elbv2 for the target type. */
export type PlatformClients = Pick<AwsClients, 'ecs' | 'eks' | 'autoScaling'> &
  Partial<Pick<AwsClients, 'elbv2'>>;

/**
 * `platformFor`: ECS, EKS or EC2 readiness of a plan target, in the router's region. EKS targets
 * that name a workload reach the cluster's Kubernetes API through `connect` (HTTPS by default; the
 * rehearsal sandbox answers in process), with a token minted from the EKS client's credentials.
 */
export function platformFor(
  clientsFor: RegionalClient<PlatformClients>,
  healthFor: CutoverPorts['healthFor'],
  connect: KubernetesConnector = httpsConnector,
): CutoverPorts['platformFor'] {
  return (router, target) => {
    const clients = clientsFor(router.region);
    const kubernetesFor = (cluster: string) =>
      new EksKubernetesWorkloads({
        cluster,
        region: router.region,
        eks: clients.eks,
        credentials: () => clients.eks.config.credentials(),
        connect,
      });
    return createTargetPlatform(target, { ...clients, kubernetesFor }, healthFor(router));
  };
}
