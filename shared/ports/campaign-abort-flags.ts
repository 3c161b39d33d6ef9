/** Who asked to abort a campaign, and why. */
export interface CampaignAbortRequest {
  readonly by: string;
  readonly reason: string;
  readonly at: string;
}

/**
 * The campaign abort item: the campaign state machine reads it before it starts each service and
 * before each stage (state-machines/campaign.asl.json), so an aborted campaign starts nothing new.
 * Adapter: shared/aws/dynamodb-campaign-abort-flags.ts (the Cutover table).
 */
export interface CampaignAbortFlags {
  /**
   * Raises the flag for the campaign execution of that name; the first request wins (a second
   * abort keeps the first one's who and why). Returns the request as stored, read back.
   */
  raise(campaignExecutionName: string, request: CampaignAbortRequest): Promise<CampaignAbortRequest>;
  read(campaignExecutionName: string): Promise<CampaignAbortRequest | undefined>;
}
