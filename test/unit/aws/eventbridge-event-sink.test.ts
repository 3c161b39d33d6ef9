import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { EventBridgeEventSink } from '#aws/eventbridge-event-sink';
import { AwsRejectedError, AwsTransientError } from '#core/errors';
import { type CutoverEvent, CutoverEventType } from '#ports/event-sink';
import { accessDenied, REGION, testCredentials, throttling } from './kit.ts';

const eventBridge = mockClient(EventBridgeClient);
const client = new EventBridgeClient({ region: REGION, credentials: testCredentials });
const EXEC = 'arn:aws:states:ap-northeast-1:123456789012:execution:cutover:crawler-a';
const event: CutoverEvent = {
  type: CutoverEventType.GateFailed,
  detail: {
    planName: 'crawler-vm-to-ecs',
    executionArn: EXEC,
    step: 2,
    weightsBefore: { vm: 95, ecs: 5 },
    weightsAfter: { vm: 75, ecs: 25 },
    reason: 'errorRate 7.9% > 1%',
  },
};

describe('EventBridgeEventSink', () => {
  beforeEach(() => eventBridge.reset());

  it('puts one event with source cutover, the detail-type and the detail as JSON', async () => {
    // Prepare
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: '1' }] });
    // Act
    await new EventBridgeEventSink({ client, eventBusName: 'cutover-bus' }).emit(event);
    // Assess
    expect(eventBridge).toHaveReceivedCommandExactlyOnceWith(PutEventsCommand, {
      Entries: [
        {
          Source: 'cutover',
          DetailType: 'Cutover Gate Failed',
          Detail: JSON.stringify(event.detail),
          EventBusName: 'cutover-bus',
          Resources: [EXEC],
        },
      ],
    });
  });

  it('uses the default bus when none is named', async () => {
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0 });
    await new EventBridgeEventSink({ client }).emit(event);
    expect(eventBridge).toHaveReceivedCommandWith(PutEventsCommand, {
      Entries: [expect.objectContaining({ EventBusName: 'default' })],
    });
  });

  it.each([
    ['ThrottlingException', AwsTransientError],
    ['AccessDeniedException', AwsRejectedError],
  ] as const)('fails when the entry was refused with %s (FailedEntryCount > 0)', async (code, expected) => {
    // Prepare
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: code, ErrorMessage: 'refused' }] });
    // Act
    const result = new EventBridgeEventSink({ client }).emit(event);
    // Assess
    await expect(result).rejects.toBeInstanceOf(expected);
    await expect(result).rejects.toThrow(
      `event "Cutover Gate Failed" of ${EXEC}: not put on bus default (${code}: refused)`,
    );
  });

  it.each([
    ['ThrottlingException', throttling, AwsTransientError],
    ['AccessDenied', accessDenied, AwsRejectedError],
  ] as const)('surfaces %s from the call', async (_name, error, expected) => {
    eventBridge.on(PutEventsCommand).rejects(error());
    await expect(new EventBridgeEventSink({ client }).emit(event)).rejects.toBeInstanceOf(expected);
  });
});
