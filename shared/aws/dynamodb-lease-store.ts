import {
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  type QueryCommandOutput,
  UpdateCommand,
  type UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { canonicalJson } from '#core/canonical-json';
import { LeaseHeldError, LeaseLostError } from '#core/errors';
import type { Lease, LeasePatch, LeaseStore } from '#ports/lease-store';
import { isAwsError, toCutoverError } from './aws-errors.ts';
import type { DynamoDbTableOptions } from './dynamodb-table.ts';

export type DynamoDbLeaseStoreOptions = DynamoDbTableOptions;

const PK = 'lease';
/** Read-then-write rounds before a contended acquire gives up with LeaseHeld. */
const ACQUIRE_ATTEMPTS = 3;
const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** The stored item: `pk="lease"`, `sk=<routerArn>`, expiry in epoch seconds. Never TTL-deleted: the token must only grow. */
interface LeaseItem {
  pk: string;
  sk: string;
  owner: string;
  planName: string;
  token: number;
  expiresAt: number;
  released: boolean;
  snapshot?: Lease['snapshot'];
  lastWritten?: Lease['lastWritten'];
  pendingWrite?: Lease['pendingWrite'];
  abortRequested?: Lease['abortRequested'];
  approval?: Lease['approval'];
  driftDetected?: Lease['driftDetected'];
  testRoute?: Lease['testRoute'];
}

// Every attribute goes through a #placeholder (`owner` and `token` are DynamoDB reserved words).
const NAMES = {
  '#pk': 'pk',
  '#owner': 'owner',
  '#planName': 'planName',
  '#token': 'token',
  '#expiresAt': 'expiresAt',
  '#released': 'released',
  '#snapshot': 'snapshot',
  '#lastWritten': 'lastWritten',
  '#pendingWrite': 'pendingWrite',
  '#abortRequested': 'abortRequested',
  '#approval': 'approval',
  '#driftDetected': 'driftDetected',
  '#testRoute': 'testRoute',
} as const;
type NameKey = keyof typeof NAMES;
const only = (...keys: NameKey[]) => Object.fromEntries(keys.map((key) => [key, NAMES[key]]));

/**
 * The per-router lock in the single table. Every write is one conditional UpdateItem with
 * ReturnValues ALL_NEW, and the returned item is checked, so a write that did not land as intended
 * is never taken for success. Tokens only grow: release keeps the token, acquire adds one.
 */
export class DynamoDbLeaseStore implements LeaseStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(options: DynamoDbLeaseStoreOptions) {
    this.#client = options.client;
    this.#table = options.tableName;
  }

  async acquire(req: Parameters<LeaseStore['acquire']>[0]): Promise<Lease> {
    // A conditional write that loses a race re-reads and decides again: the lease may have been
    // taken (LeaseHeld) or taken and released again (try the next token).
    for (let attempt = 1; ; attempt += 1) {
      const lease = await this.#tryAcquire(req);
      if (lease) return lease;
      if (attempt >= ACQUIRE_ATTEMPTS) return this.#held(req);
    }
  }

  /** One read-then-conditional-write; `undefined` when the write lost a race. */
  async #tryAcquire(req: Parameters<LeaseStore['acquire']>[0]): Promise<Lease | undefined> {
    const current = await this.#get(req.routerArn);
    const nowSec = epochSeconds(req.now);
    const fields = {
      owner: req.owner,
      planName: req.planName,
      expiresAt: nowSec + req.ttlSeconds,
      released: false,
    };
    if (!current) {
      const created = await this.#conditionalUpdate(req.routerArn, {
        UpdateExpression:
          'SET #owner = :owner, #planName = :planName, #token = :token, #expiresAt = :expiresAt, #released = :released',
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: only('#pk', '#owner', '#planName', '#token', '#expiresAt', '#released'),
        ExpressionAttributeValues: {
          ':owner': fields.owner,
          ':planName': fields.planName,
          ':token': 1,
          ':expiresAt': fields.expiresAt,
          ':released': false,
        },
      });
      return created && this.#confirmed(req.routerArn, created, { ...fields, token: 1 });
    }
    if (!current.released && current.expiresAt >= nowSec) {
      // A retried acquire of the same execution finds its own lease: hand it back unchanged.
      if (current.owner === req.owner) return toLease(current);
      throw heldError(current);
    }
    const token = current.token + 1;
    const taken = await this.#conditionalUpdate(req.routerArn, {
      UpdateExpression:
        'SET #owner = :owner, #planName = :planName, #token = :token, #expiresAt = :expiresAt, #released = :released ' +
        'REMOVE #snapshot, #lastWritten, #pendingWrite, #abortRequested, #approval, #driftDetected, #testRoute',
      // Same token as read, and still free: anyone who acquired in between makes this fail.
      ConditionExpression: '#token = :current AND (#released = :true OR #expiresAt < :now)',
      ExpressionAttributeNames: only(
        '#owner',
        '#planName',
        '#token',
        '#expiresAt',
        '#released',
        '#snapshot',
        '#lastWritten',
        '#pendingWrite',
        '#abortRequested',
        '#approval',
        '#driftDetected',
        '#testRoute',
      ),
      ExpressionAttributeValues: {
        ':owner': fields.owner,
        ':planName': fields.planName,
        ':token': token,
        ':expiresAt': fields.expiresAt,
        ':released': false,
        ':current': current.token,
        ':true': true,
        ':now': nowSec,
      },
    });
    return taken && this.#confirmed(req.routerArn, taken, { ...fields, token });
  }

  async takeOver(req: Parameters<LeaseStore['takeOver']>[0]): Promise<Lease> {
    const token = req.expectedToken + 1;
    const expiresAt = epochSeconds(req.now) + req.ttlSeconds;
    const taken = await this.#conditionalUpdate(req.routerArn, {
      // The snapshot, last written weights and drift record stay: the new owner acts on them.
      UpdateExpression:
        'SET #owner = :owner, #token = :token, #expiresAt = :expiresAt, #released = :released',
      ConditionExpression: 'attribute_exists(#pk) AND #token = :expected',
      ExpressionAttributeNames: only('#pk', '#owner', '#token', '#expiresAt', '#released'),
      ExpressionAttributeValues: {
        ':owner': req.owner,
        ':token': token,
        ':expiresAt': expiresAt,
        ':released': false,
        ':expected': req.expectedToken,
      },
    });
    if (taken)
      return this.#confirmed(req.routerArn, taken, { owner: req.owner, token, expiresAt, released: false });
    const current = await this.#get(req.routerArn);
    // A retried takeover that already succeeded finds itself the owner at the next token.
    if (current && current.owner === req.owner && current.token === token) return toLease(current);
    throw lostError(req.routerArn, req.expectedToken, current, 'take over');
  }

  async renew(req: Parameters<LeaseStore['renew']>[0]): Promise<Lease> {
    const expiresAt = epochSeconds(req.now) + req.ttlSeconds;
    return this.#updateHeld(req.routerArn, req.token, 'renew', {
      set: { '#expiresAt': [':expiresAt', expiresAt] },
      remove: [],
      expect: { expiresAt },
    });
  }

  async update(routerArn: string, token: number, patch: LeasePatch): Promise<Lease> {
    const set: Partial<Record<NameKey, [string, unknown]>> = {};
    const expect: Partial<LeaseItem> = {};
    for (const field of [
      'snapshot',
      'lastWritten',
      'pendingWrite',
      'abortRequested',
      'approval',
      'driftDetected',
      'testRoute',
    ] as const) {
      const value = patch[field];
      if (value === undefined) continue;
      if (patch.remove?.includes(field as 'abortRequested' | 'approval' | 'testRoute')) {
        throw new RangeError(`lease update: ${field} cannot be both set and removed`);
      }
      set[`#${field}`] = [`:${field}`, value];
      Object.assign(expect, { [field]: value });
    }
    const remove = (patch.remove ?? []).map((field) => `#${field}` as NameKey);
    const lease = await this.#updateHeld(routerArn, token, 'update', { set, remove, expect });
    for (const field of patch.remove ?? []) {
      if (lease[field] !== undefined) throw unconfirmed(routerArn, `${field} still present after REMOVE`);
    }
    return lease;
  }

  async release(routerArn: string, token: number): Promise<void> {
    const released = await this.#conditionalUpdate(routerArn, {
      UpdateExpression: 'SET #released = :released',
      // Only the token holder releases; releasing twice (a retried Lambda) is harmless.
      ConditionExpression: 'attribute_exists(#pk) AND #token = :token',
      ExpressionAttributeNames: only('#pk', '#released', '#token'),
      ExpressionAttributeValues: { ':released': true, ':token': token },
    });
    if (!released) throw lostError(routerArn, token, await this.#get(routerArn), 'release');
    this.#confirmed(routerArn, released, { token, released: true });
  }

  async read(routerArn: string): Promise<Lease | undefined> {
    const item = await this.#get(routerArn);
    return item ? toLease(item) : undefined;
  }

  async listActive(): Promise<readonly Lease[]> {
    const leases: Lease[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      let page: QueryCommandOutput;
      try {
        page = await this.#client.send(
          new QueryCommand({
            TableName: this.#table,
            KeyConditionExpression: '#pk = :pk',
            FilterExpression: '#released = :false',
            ExpressionAttributeNames: only('#pk', '#released'),
            ExpressionAttributeValues: { ':pk': PK, ':false': false },
            ...(startKey ? { ExclusiveStartKey: startKey } : {}),
          }),
        );
      } catch (err) {
        throw toCutoverError(err, `leases in table ${this.#table}`);
      }
      for (const item of page.Items ?? []) leases.push(toLease(item as LeaseItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return leases;
  }

  /** A write that requires the caller to still hold the lease (current token, not released). */
  async #updateHeld(
    routerArn: string,
    token: number,
    verb: string,
    change: {
      set: Partial<Record<NameKey, [string, unknown]>>;
      remove: NameKey[];
      expect: Partial<LeaseItem>;
    },
  ): Promise<Lease> {
    // Assigning the token to itself keeps the SET clause valid when the patch only removes fields.
    const sets = [
      ['#token', ':token'],
      ...Object.entries(change.set).map(([name, [placeholder]]) => [name, placeholder]),
    ];
    const values: Record<string, unknown> = { ':token': token, ':false': false };
    for (const [placeholder, value] of Object.values(change.set)) values[placeholder] = value;
    const updated = await this.#conditionalUpdate(routerArn, {
      UpdateExpression:
        `SET ${sets.map(([name, placeholder]) => `${name} = ${placeholder}`).join(', ')}` +
        (change.remove.length > 0 ? ` REMOVE ${change.remove.join(', ')}` : ''),
      ConditionExpression: 'attribute_exists(#pk) AND #token = :token AND #released = :false',
      ExpressionAttributeNames: only(
        '#pk',
        '#token',
        '#released',
        ...(Object.keys(change.set) as NameKey[]),
        ...change.remove,
      ),
      ExpressionAttributeValues: values,
    });
    if (!updated) throw lostError(routerArn, token, await this.#get(routerArn), verb);
    return this.#confirmed(routerArn, updated, { token, released: false, ...change.expect });
  }

  /** One conditional UpdateItem with ALL_NEW; `undefined` when the condition failed. */
  async #conditionalUpdate(
    routerArn: string,
    input: Pick<
      ConstructorParameters<typeof UpdateCommand>[0],
      'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'
    >,
  ): Promise<LeaseItem | undefined> {
    let output: UpdateCommandOutput;
    try {
      output = await this.#client.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { pk: PK, sk: routerArn },
          ReturnValues: 'ALL_NEW',
          ...input,
        }),
      );
    } catch (err) {
      if (isAwsError(err, 'ConditionalCheckFailedException')) return undefined;
      throw toCutoverError(err, `lease on ${routerArn}`);
    }
    if (!output.Attributes) throw unconfirmed(routerArn, 'the write returned no item');
    return output.Attributes as LeaseItem;
  }

  /** The write returned the item: check it holds what we wrote before calling it a success. */
  #confirmed(routerArn: string, item: LeaseItem, expected: Partial<LeaseItem>): Lease {
    for (const [field, value] of Object.entries(expected)) {
      if (canonicalJson(item[field as keyof LeaseItem]) !== canonicalJson(value)) {
        throw unconfirmed(
          routerArn,
          `${field} is ${JSON.stringify(item[field as keyof LeaseItem])}, wrote ${JSON.stringify(value)}`,
        );
      }
    }
    return toLease(item);
  }

  async #held(req: { routerArn: string; owner: string }): Promise<never> {
    const current = await this.#get(req.routerArn);
    if (!current) throw unconfirmed(req.routerArn, 'acquire was refused but no lease exists');
    throw heldError(current);
  }

  async #get(routerArn: string): Promise<LeaseItem | undefined> {
    try {
      const output = await this.#client.send(
        new GetCommand({ TableName: this.#table, Key: { pk: PK, sk: routerArn }, ConsistentRead: true }),
      );
      return output.Item as LeaseItem | undefined;
    } catch (err) {
      throw toCutoverError(err, `lease on ${routerArn}`);
    }
  }
}

function toLease(item: LeaseItem): Lease {
  return {
    routerArn: item.sk,
    owner: item.owner,
    planName: item.planName,
    token: item.token,
    expiresAt: new Date(item.expiresAt * 1000).toISOString(),
    released: item.released,
    ...(item.snapshot !== undefined ? { snapshot: item.snapshot } : {}),
    ...(item.lastWritten !== undefined ? { lastWritten: item.lastWritten } : {}),
    ...(item.pendingWrite !== undefined ? { pendingWrite: item.pendingWrite } : {}),
    ...(item.abortRequested !== undefined ? { abortRequested: item.abortRequested } : {}),
    ...(item.approval !== undefined ? { approval: item.approval } : {}),
    ...(item.driftDetected !== undefined ? { driftDetected: item.driftDetected } : {}),
    ...(item.testRoute !== undefined ? { testRoute: item.testRoute } : {}),
  };
}

function heldError(current: LeaseItem): LeaseHeldError {
  const until = new Date(current.expiresAt * 1000).toISOString();
  return new LeaseHeldError(
    `lease on ${current.sk}: held by ${current.owner} (plan ${current.planName}, token ${current.token}) until ${until}; ` +
      'this cutover stops without writing — wait for that cutover to end, or abort it with `cutover abort`',
  );
}

function lostError(
  routerArn: string,
  token: number,
  current: LeaseItem | undefined,
  verb: string,
): LeaseLostError {
  const now = current
    ? `now token ${current.token} held by ${current.owner}${current.released ? ' (released)' : ''}`
    : 'no lease exists';
  return new LeaseLostError(
    `lease on ${routerArn}: cannot ${verb} with token ${token}; ${now} — stop writing; the current holder owns the router`,
  );
}

function unconfirmed(routerArn: string, what: string): LeaseLostError {
  return new LeaseLostError(
    `lease on ${routerArn}: write not confirmed (${what}); stop writing and read the lease`,
  );
}
