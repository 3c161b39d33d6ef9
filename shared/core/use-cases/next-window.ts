import { nextWindowOpening } from '../change-window.ts';
import type { UseCaseDeps } from './ports.ts';
import type { NextWindowInput, NextWindowOutput } from './shapes.ts';

/** The instant the plan's change window next opens (now when inside it), and whether it is open now. */
export async function nextWindow(
  input: NextWindowInput,
  deps: Pick<UseCaseDeps, 'clock' | 'log'>,
): Promise<NextWindowOutput> {
  const now = deps.clock.now();
  const opensAt = input.plan.window ? nextWindowOpening(input.plan.window, now) : now;
  if (opensAt.getTime() > now.getTime())
    deps.log.info('waiting for the change window', { opensAt: opensAt.toISOString() });
  return { opensAt: opensAt.toISOString(), open: opensAt.getTime() <= now.getTime() };
}
