/** One-time and recurring schedules that start a cutover (EventBridge Scheduler behind it). */

/** A schedule that starts the cutover state machine with a plan as input. */
export interface CutoverScheduleRequest {
  readonly name: string;
  readonly groupName: string;
  /** `at(2026-12-01T09:00:00)` or `cron(0 10 ? * MON-FRI *)`. */
  readonly expression: string;
  readonly timeZone: string;
  readonly stateMachineArn: string;
  readonly roleArn: string;
  /** The execution input (the plan document as JSON text). */
  readonly input: string;
  /** How long EventBridge Scheduler keeps retrying a failed delivery. */
  readonly maxEventAgeSeconds: number;
  readonly maxRetryAttempts: number;
  readonly description: string;
  /** One-time schedules delete themselves after they fire. */
  readonly deleteAfterCompletion: boolean;
}

export interface CutoverSchedule {
  readonly name: string;
  readonly groupName: string;
  readonly state: string;
  readonly expression?: string;
  readonly timeZone?: string;
  readonly targetArn?: string;
  readonly input?: string;
  readonly description?: string;
  readonly createdAt?: Date;
}

export interface ScheduleControl {
  /** Creates the schedule; returns its ARN. */
  create(req: CutoverScheduleRequest): Promise<string>;
  list(groupName: string): Promise<CutoverSchedule[]>;
  get(name: string, groupName: string): Promise<CutoverSchedule>;
  delete(name: string, groupName: string): Promise<void>;
}
