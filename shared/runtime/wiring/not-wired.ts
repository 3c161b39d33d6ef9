import { ConfigurationError } from '#core/errors';
import type { CutoverPorts } from '#core/use-cases/ports';

/** Every port a use-case may touch, besides the clock (always wired). */
export const PORT_NAMES = [
  'routerFor',
  'healthFor',
  'platformFor',
  'metricsFor',
  'alarmsFor',
  'testRoutesFor',
  'probeFor',
  'executions',
  'leases',
  'ledger',
  'audit',
  'events',
] as const satisfies readonly (keyof CutoverPorts)[];
export type PortName = (typeof PORT_NAMES)[number];

/**
 * Stands in for a port a function does not wire: any call fails loudly with the port and the
 * function by name. A Lambda builds only the ports its use-case calls (and so bundles only those
 * SDK clients); reaching another one is a wiring bug, never something to paper over.
 */
export function notWired<T>(port: PortName, functionName: string, wired: readonly string[]): T {
  const fail = (): never => {
    throw new ConfigurationError(
      `lambda ${functionName}: ${port} is not wired in the ${functionName} function; desired ${port} vs actual only ${wired.join(', ') || 'no ports'}; ` +
        `wire it in functions/${functionName}/handler.ts and grant its reads in infra/function-catalog.ts`,
    );
  };
  // A function port (routerFor) fails when called; an object port (leases) when any method is called.
  return new Proxy(fail, {
    apply: fail,
    get: (_target, property) => (typeof property === 'symbol' || property === 'then' ? undefined : fail),
  }) as T;
}

/** The wired ports, with every other port standing in as `notWired`. */
export function withUnwiredPorts(
  functionName: string,
  wired: Partial<Omit<CutoverPorts, 'clock'>>,
): Omit<CutoverPorts, 'clock'> {
  const names = Object.keys(wired);
  const ports: Record<string, unknown> = {};
  for (const port of PORT_NAMES) ports[port] = wired[port] ?? notWired(port, functionName, names);
  return ports as unknown as Omit<CutoverPorts, 'clock'>;
}
