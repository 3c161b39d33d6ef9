import { type AwsClients, createAwsClients } from '#aws/clients';
import { loadDefaultRegion } from '#aws/default-region';
import { type Clock, systemClock } from '#ports/clock';
import { type OperatorRoot, operatorRoot } from '#runtime/operator-root';

/**
 * What the operations commands need from the outside world. Tests pass their own (or mock the SDK
 * client classes with aws-sdk-client-mock, which also catches the clients built here).
 */
export interface OpsDeps {
  /** SDK clients for one region, built once per region. */
  clientsFor(region: string): AwsClients;
  readonly clock: Clock;
  /** Pause between two polls while following an execution. */
  readonly pollIntervalMs: number;
  /**
   * The region of the AWS configuration (AWS_REGION, else the profile's in ~/.aws/config), for
   * commands whose flags and ARNs name none. Absent: only AWS_REGION / AWS_DEFAULT_REGION count.
   */
  readonly defaultRegion?: () => Promise<string | undefined>;
}

export function defaultOpsDeps(): OpsDeps {
  const cache = new Map<string, AwsClients>();
  return {
    clientsFor(region) {
      let clients = cache.get(region);
      if (!clients) {
        // Few attempts: a person (or a pipeline) is waiting, and an unreachable endpoint should say so fast.
        clients = createAwsClients({ region, maxAttempts: 3 });
        cache.set(region, clients);
      }
      return clients;
    },
    clock: systemClock,
    pollIntervalMs: 5_000,
    // The SDK's loader reads AWS_PROFILE, which `--profile` sets (cli/global-options.ts).
    defaultRegion: () => loadDefaultRegion(),
  };
}

const roots = new WeakMap<OpsDeps, OperatorRoot>();

/** The operator composition root over these deps' clients: every port and control a command uses. */
export function rootOf(deps: OpsDeps): OperatorRoot {
  let root = roots.get(deps);
  if (!root) {
    root = operatorRoot((region) => deps.clientsFor(region), deps.clock);
    roots.set(deps, root);
  }
  return root;
}
