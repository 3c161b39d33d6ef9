export { awsError, type SandboxAwsError } from './aws-error.ts';
export type { AlarmStateValue, PublicationDelay } from './cloudwatch.ts';
export type { RouterWrite } from './elbv2.ts';
export {
  type ApiCall,
  type ExecutionRecord,
  type RecordedEvent,
  SANDBOX_CLIENT_OPTIONS,
  Sandbox,
  SIMULATED_COMMANDS,
} from './sandbox.ts';
export type { HealthCheckSettings, TargetState } from './target-health.ts';
export type { MinuteStats, TargetBehaviour } from './traffic.ts';
export { DEFAULT_METRICS_DELAY, type SandboxWorld, type WorldTargetGroup } from './world.ts';
