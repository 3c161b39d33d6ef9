import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDbSimulation } from '#local/sandbox/dynamodb/table';

export interface EmulatedExecution {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly startDate: number;
  status: string;
  stopDate?: number;
  error?: string;
  cause?: string;
}

type Body = Record<string, unknown>;

/**
 * A small AWS endpoint for CLI tests through AWS_ENDPOINT_URL: Step Functions (JSON protocol:
 * Start/Describe/List/StopExecution, SendTaskFailure), DynamoDB (the sandbox's table simulation
 * behind the JSON protocol) and STS GetCallerIdentity (query protocol). Executions are kept by ARN
 * and a repeated start answers as AWS does: idempotent for the same name and input while running,
 * ExecutionAlreadyExists otherwise.
 */
export class AwsEmulator {
  readonly executions = new Map<string, EmulatedExecution>();
  readonly calls: string[] = [];
  readonly table: DynamoDbSimulation;
  readonly #server: Server = createServer((req, res) => void this.#handle(req, res));
  readonly #callerArn: string;

  constructor(opts: { readonly tableName: string; readonly callerArn: string }) {
    this.table = new DynamoDbSimulation([opts.tableName]);
    this.#callerArn = opts.callerArn;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  /** What the campaign state machine would have done: a child execution of the cutover machine. */
  addExecution(
    stateMachineArn: string,
    name: string,
    status: string,
    extra: Partial<EmulatedExecution> = {},
  ) {
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    this.executions.set(executionArn, {
      executionArn,
      stateMachineArn,
      name,
      input: '{}',
      startDate: Date.now() / 1000,
      status,
      ...extra,
    });
    return executionArn;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const target = String(req.headers['x-amz-target'] ?? '');
    const reply = (status: number, payload: string, type = 'application/x-amz-json-1.0') => {
      res.writeHead(status, { 'content-type': type });
      res.end(payload);
    };
    try {
      if (target.startsWith('AWSStepFunctions.')) {
        const action = target.slice('AWSStepFunctions.'.length);
        this.calls.push(action);
        return reply(200, JSON.stringify(this.#stepFunctions(action, JSON.parse(text || '{}') as Body)));
      }
      if (target.startsWith('DynamoDB_20120810.')) {
        const action = target.slice('DynamoDB_20120810.'.length);
        this.calls.push(action);
        return reply(200, JSON.stringify(this.#dynamoDb(action, JSON.parse(text || '{}') as never)));
      }
      if (text.includes('Action=GetCallerIdentity') || target.endsWith('GetCallerIdentity')) {
        this.calls.push('GetCallerIdentity');
        return reply(200, this.#identity(target !== ''), target !== '' ? undefined : 'text/xml');
      }
      return reply(
        400,
        JSON.stringify({ __type: 'UnknownOperationException', message: `not emulated: ${target || text}` }),
      );
    } catch (error) {
      const named = error as Error;
      return reply(400, JSON.stringify({ __type: named.name, message: named.message }));
    }
  }

  #identity(json: boolean): string {
    if (json) return JSON.stringify({ Arn: this.#callerArn, Account: '123456789012', UserId: 'AIDEXAMPLE' });
    return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${this.#callerArn}</Arn><UserId>AIDEXAMPLE</UserId><Account>123456789012</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>emulated</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
  }

  #dynamoDb(action: string, body: never): unknown {
    switch (action) {
      case 'PutItem':
        return this.table.putItem(body);
      case 'GetItem':
        return this.table.getItem(body);
      case 'UpdateItem':
        return this.table.updateItem(body);
      case 'Query':
        return this.table.query(body);
      default:
        throw Object.assign(new Error(`${action} not emulated`), { name: 'UnknownOperationException' });
    }
  }

  #stepFunctions(action: string, body: Body): unknown {
    const fail = (name: string, message: string) => Object.assign(new Error(message), { name });
    const find = (arn: unknown) => {
      const found = this.executions.get(String(arn));
      if (!found) throw fail('ExecutionDoesNotExist', `Execution Does Not Exist: '${String(arn)}'`);
      return found;
    };
    switch (action) {
      case 'StartExecution': {
        const stateMachineArn = String(body.stateMachineArn);
        const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${String(body.name)}`;
        const existing = this.executions.get(executionArn);
        if (existing) {
          if (existing.status === 'RUNNING' && existing.input === body.input)
            return { executionArn, startDate: existing.startDate };
          throw fail('ExecutionAlreadyExists', `Execution Already Exists: '${executionArn}'`);
        }
        this.addExecution(stateMachineArn, String(body.name), 'RUNNING', {
          input: String(body.input ?? '{}'),
        });
        return { executionArn, startDate: this.executions.get(executionArn)?.startDate };
      }
      case 'DescribeExecution':
        return find(body.executionArn);
      case 'ListExecutions':
        return {
          executions: [...this.executions.values()]
            .filter((e) => e.stateMachineArn === body.stateMachineArn)
            .filter((e) => body.statusFilter === undefined || e.status === body.statusFilter)
            .reverse(),
        };
      case 'StopExecution': {
        const execution = find(body.executionArn);
        Object.assign(execution, {
          status: 'ABORTED',
          stopDate: Date.now() / 1000,
          error: body.error,
          cause: body.cause,
        });
        return { stopDate: execution.stopDate };
      }
      case 'SendTaskFailure':
        return {};
      default:
        throw fail('UnknownOperationException', `emulator does not speak ${action}`);
    }
  }
}
