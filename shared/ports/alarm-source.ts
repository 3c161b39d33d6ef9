export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AlarmSource {
  /** State of each named CloudWatch alarm; a name that does not exist throws ConfigurationError. */
  states(names: readonly string[]): Promise<Readonly<Record<string, AlarmState>>>;
}
