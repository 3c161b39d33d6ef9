import {
  type CampaignServiceView,
  type CampaignView,
  SERVICE_STATE_ORDER,
} from '#core/campaign/campaign-view';
import { ExitCode } from '../io.ts';

/** `running: 2 running, 3 succeeded, 1 rolled_back, 6 not_started` */
function countsText(view: CampaignView): string {
  return SERVICE_STATE_ORDER.filter((state) => view.counts[state] > 0)
    .map((state) => `${view.counts[state]} ${state}`)
    .join(', ');
}

function serviceLine(service: CampaignServiceView, width: number): string {
  const why = service.error
    ? `  ${service.error}${service.cause ? `: ${firstLine(service.cause)}` : ''}`
    : '';
  return `    ${service.name.padEnd(width)}  ${service.state.padEnd(11)}  ${service.executionName}${why}`;
}

const firstLine = (text: string): string => (text.split('\n')[0] ?? '').slice(0, 200);

/** The whole campaign: a header, why it stopped, who asked to abort, then each stage and service. */
export function campaignLines(view: CampaignView): string[] {
  const width = Math.max(...view.stages.flatMap((s) => s.services.map((svc) => svc.name.length)), 4);
  return [
    `campaign ${view.campaign}: ${view.outcome} — ${countsText(view)}`,
    `  execution ${view.executionArn} (since ${view.startedAt}${view.stoppedAt ? `, ended ${view.stoppedAt}` : ''})`,
    ...(view.abortRequested
      ? [
          `  abort requested by ${view.abortRequested.by} at ${view.abortRequested.at}: ${view.abortRequested.reason}`,
        ]
      : []),
    ...(view.haltedBecause
      ? [`  halted because ${view.haltedBecause.error}: ${firstLine(view.haltedBecause.cause)}`]
      : []),
    ...view.stages.flatMap((stage) => [
      `  stage ${stage.stage}/${view.stages.length} ${stage.state}`,
      ...stage.services.map((service) => serviceLine(service, width)),
    ]),
  ];
}

/** One line per service whose state changed since `before` (watch's plain output). */
export function campaignChanges(before: CampaignView, after: CampaignView): string[] {
  const was = new Map(before.stages.flatMap((s) => s.services).map((s) => [s.name, s.state]));
  const lines = after.stages
    .flatMap((s) => s.services)
    .filter((s) => was.get(s.name) !== s.state)
    .map(
      (s) =>
        `${s.name}: ${was.get(s.name) ?? 'not_started'} → ${s.state}${s.error ? ` (${s.error}${s.cause ? `: ${firstLine(s.cause)}` : ''})` : ''}`,
    );
  if (!before.abortRequested && after.abortRequested) {
    lines.push(
      `campaign ${after.campaign}: abort requested by ${after.abortRequested.by}: ${after.abortRequested.reason}`,
    );
  }
  return lines;
}

/** The last line of watch / start --wait. */
export function campaignOutcomeLine(view: CampaignView): string {
  const because = view.haltedBecause
    ? `: ${view.haltedBecause.error}: ${firstLine(view.haltedBecause.cause)}`
    : '';
  return `campaign ${view.campaign} ${view.outcome} (${countsText(view)})${because}`;
}

/** What the campaign commands exit with (DESIGN §9 codes, said for a campaign). */
export const CAMPAIGN_EXIT_CODES =
  '0 success (or still running) · 1 the campaign did not succeed (halted, aborted, stopped, incomplete) · 2 invalid input (nothing sent to AWS) · 3 environment (AWS, credentials)';

/** 0 while running or after success, 1 when the campaign ended without success. */
export function campaignExitCode(view: CampaignView): number {
  return view.outcome === 'succeeded' || view.outcome === 'running' ? ExitCode.Ok : ExitCode.NotSucceeded;
}
