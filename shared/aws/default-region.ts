import { loadConfig, NODE_REGION_CONFIG_FILE_OPTIONS, NODE_REGION_CONFIG_OPTIONS } from '@smithy/core/config';

/**
 * The region the AWS SDK itself would use: AWS_REGION, then the `region` of the profile (AWS_PROFILE
 * or `profile`) in ~/.aws/config — the same loader the SDK clients run, so the CLI agrees with the
 * AWS CLI. Undefined when none is configured (the SDK's own default throws "Region is missing").
 */
export async function loadDefaultRegion(profile?: string): Promise<string | undefined> {
  try {
    const region = await loadConfig(NODE_REGION_CONFIG_OPTIONS, {
      ...NODE_REGION_CONFIG_FILE_OPTIONS,
      ...(profile !== undefined ? { profile } : {}),
    })();
    return region || undefined;
  } catch {
    return undefined;
  }
}
