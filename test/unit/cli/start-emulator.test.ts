import { execFile } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN, REPO, STATE_MACHINE_ARN } from './helpers.ts';

const run = promisify(execFile);

interface RecordedExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: number;
  status: string;
}

/**
 * A tiny Step Functions emulator: the JSON protocol (X-Amz-Target AWSStepFunctions.<Action>) for
 * StartExecution and DescribeExecution, recording executions by name and answering a repeated start
 * the way AWS does — idempotent for the same name and input while running, ExecutionAlreadyExists
 * otherwise.
 */
class StepFunctionsEmulator {
  readonly executions = new Map<string, RecordedExecution>();
  readonly calls: string[] = [];
  readonly #server: Server = createServer((req, res) => void this.#handle(req, res));

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, string>;
    const action = String(req.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
    this.calls.push(action);
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(payload));
    };
    const fail = (type: string, message: string) => reply(400, { __type: type, message });
    if (action === 'StartExecution') {
      const name = body.name as string;
      const executionArn = `${(body.stateMachineArn as string).replace(':stateMachine:', ':execution:')}:${name}`;
      const existing = this.executions.get(name);
      if (existing) {
        if (existing.status === 'RUNNING' && existing.input === body.input) {
          return reply(200, { executionArn, startDate: existing.startDate });
        }
        return fail('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
      }
      const recorded = {
        executionArn,
        name,
        input: body.input ?? '{}',
        startDate: Date.now() / 1000,
        status: 'RUNNING',
      };
      this.executions.set(name, recorded);
      return reply(200, { executionArn, startDate: recorded.startDate });
    }
    if (action === 'DescribeExecution') {
      const found = [...this.executions.values()].find((e) => e.executionArn === body.executionArn);
      if (!found) return fail('ExecutionDoesNotExist', `Execution Does Not Exist: '${body.executionArn}'`);
      return reply(200, {
        executionArn: found.executionArn,
        stateMachineArn: STATE_MACHINE_ARN,
        name: found.name,
        status: found.status,
        startDate: found.startDate,
        input: found.input,
      });
    }
    return fail('UnknownOperationException', `emulator does not speak ${action}`);
  }
}

describe('cutover start against a Step Functions emulator (AWS_ENDPOINT_URL)', () => {
  const emulator = new StepFunctionsEmulator();
  let endpoint = '';

  beforeAll(async () => {
    endpoint = await emulator.listen();
  });
  afterAll(() => emulator.close());

  const start = () =>
    run(
      process.execPath,
      [join(REPO, 'cli', 'bin.js'), 'start', PLAN, '--state-machine-arn', STATE_MACHINE_ARN, '--json'],
      {
        cwd: REPO,
        env: {
          PATH: process.env.PATH ?? '',
          AWS_ENDPOINT_URL: endpoint,
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'emulator-secret',
          AWS_REGION: 'ap-northeast-1',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      },
    );

  it('creates one execution when the same plan is started twice', async () => {
    // Act
    const first = JSON.parse((await start()).stdout) as { start: string; executionArn: string };
    const second = JSON.parse((await start()).stdout) as { start: string; executionArn: string };
    // Assess
    expect(emulator.executions.size).toBe(1);
    expect(first.start).toBe('started');
    expect(second.start).toBe('attached');
    expect(second.executionArn).toBe(first.executionArn);
    expect(emulator.calls.filter((c) => c === 'StartExecution')).toHaveLength(1);
  });
});
