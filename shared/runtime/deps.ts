import type { CutoverPorts } from '../core/use-cases/ports.ts';
import type { CutoverLogger } from './logger.ts';
import type { CutoverMetrics } from './metrics.ts';

/**
 * Everything the handlers need, built once per Lambda container (real adapters, see
 * `createCutoverDeps` in ./aws-deps.ts) or per rehearsal/test (sandbox clients or in-memory fakes).
 */
export interface CutoverDeps extends CutoverPorts {
  readonly logger: CutoverLogger;
  readonly metrics: CutoverMetrics;
}
