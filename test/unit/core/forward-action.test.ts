import { describe, expect, it } from 'vitest';
import { RouterUnavailableError } from '#core/errors';
import {
  type ActionShape,
  readForwardShares,
  sharesOf,
  targetGroupsToAdd,
  withForwardWeights,
} from '#core/forward-action';

const tg = (name: string) =>
  `arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/${name}/0123456789abcdef`;
const VM = tg('vm');
const ECS = tg('ecs');
const EKS = tg('eks');

const forward = (weights: [string, number][], extra: Partial<ActionShape> = {}): ActionShape => ({
  Type: 'forward',
  ForwardConfig: {
    TargetGroups: weights.map(([arn, weight]) => ({ TargetGroupArn: arn, Weight: weight })),
    TargetGroupStickinessConfig: { Enabled: false },
  },
  ...extra,
});
const sticky = (weights: [string, number][]): ActionShape => ({
  Type: 'forward',
  ForwardConfig: {
    TargetGroups: weights.map(([arn, weight]) => ({ TargetGroupArn: arn, Weight: weight })),
    TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 300 },
  },
});
const oidc: ActionShape & Record<string, unknown> = {
  Type: 'authenticate-oidc',
  Order: 1,
  AuthenticateOidcConfig: { Issuer: 'https://idp.example.com', ClientId: 'cutover' },
};

describe('withForwardWeights', () => {
  it.each<{ case: string; actions: ActionShape[]; desired: Record<string, number>; expected: ActionShape[] }>(
    [
      {
        case: 'writes percent values as ALB weights',
        actions: [
          forward([
            [VM, 100],
            [ECS, 0],
          ]),
        ],
        desired: { [VM]: 90, [ECS]: 10 },
        expected: [
          forward([
            [VM, 90],
            [ECS, 10],
          ]),
        ],
      },
      {
        case: 'keeps stickiness',
        actions: [
          sticky([
            [VM, 100],
            [ECS, 0],
          ]),
        ],
        desired: { [VM]: 75, [ECS]: 25 },
        expected: [
          sticky([
            [VM, 75],
            [ECS, 25],
          ]),
        ],
      },
      {
        case: 'keeps an authenticate action before the forward and both orders',
        actions: [
          oidc,
          forward(
            [
              [VM, 100],
              [ECS, 0],
            ],
            { Order: 2 },
          ),
        ],
        desired: { [VM]: 50, [ECS]: 50 },
        expected: [
          oidc,
          forward(
            [
              [VM, 50],
              [ECS, 50],
            ],
            { Order: 2 },
          ),
        ],
      },
      {
        case: 'keeps the target groups in their listed order',
        actions: [
          forward([
            [ECS, 0],
            [VM, 100],
          ]),
        ],
        desired: { [VM]: 60, [ECS]: 40 },
        expected: [
          forward([
            [ECS, 40],
            [VM, 60],
          ]),
        ],
      },
      {
        case: 'adds a missing target group after the listed ones',
        actions: [forward([[VM, 1]])],
        desired: { [VM]: 99, [ECS]: 1 },
        expected: [
          forward([
            [VM, 99],
            [ECS, 1],
          ]),
        ],
      },
      {
        case: 'adds a missing target group at weight 0',
        actions: [forward([[VM, 1]])],
        desired: { [VM]: 100, [ECS]: 0 },
        expected: [
          forward([
            [VM, 100],
            [ECS, 0],
          ]),
        ],
      },
      {
        case: 'turns a single-group forward into a weighted one (drops TargetGroupArn)',
        actions: [{ Type: 'forward', TargetGroupArn: VM }],
        desired: { [VM]: 95, [ECS]: 5 },
        expected: [
          {
            Type: 'forward',
            ForwardConfig: {
              TargetGroups: [
                { TargetGroupArn: VM, Weight: 95 },
                { TargetGroupArn: ECS, Weight: 5 },
              ],
            },
          },
        ],
      },
      {
        case: 'keeps TargetGroupArn when the action still names only that group',
        actions: [
          {
            Type: 'forward',
            TargetGroupArn: VM,
            ForwardConfig: { TargetGroups: [{ TargetGroupArn: VM, Weight: 1 }] },
          },
        ],
        desired: { [VM]: 100 },
        expected: [
          {
            Type: 'forward',
            TargetGroupArn: VM,
            ForwardConfig: { TargetGroups: [{ TargetGroupArn: VM, Weight: 100 }] },
          },
        ],
      },
      {
        case: 'gives a listed group that the plan does not name weight 0 and keeps it listed',
        actions: [
          forward([
            [VM, 50],
            [EKS, 10],
            [ECS, 40],
          ]),
        ],
        desired: { [VM]: 30, [ECS]: 70 },
        expected: [
          forward([
            [VM, 30],
            [EKS, 0],
            [ECS, 70],
          ]),
        ],
      },
      {
        case: 'moves everything to one group with the others at 0',
        actions: [
          forward([
            [VM, 50],
            [ECS, 50],
          ]),
        ],
        desired: { [VM]: 0, [ECS]: 100 },
        expected: [
          forward([
            [VM, 0],
            [ECS, 100],
          ]),
        ],
      },
      {
        case: 'fills up to exactly 5 target groups',
        actions: [
          forward([
            [tg('a'), 100],
            [tg('b'), 0],
            [tg('c'), 0],
            [tg('d'), 0],
          ]),
        ],
        desired: { [tg('a')]: 80, [tg('e')]: 20 },
        expected: [
          forward([
            [tg('a'), 80],
            [tg('b'), 0],
            [tg('c'), 0],
            [tg('d'), 0],
            [tg('e'), 20],
          ]),
        ],
      },
    ],
  )('$case', ({ actions, desired, expected }) => {
    // Act
    const rebuilt = withForwardWeights(actions, desired);
    // Assess
    expect(rebuilt).toEqual(expected);
  });

  it('refuses a sixth target group with a message naming the limit', () => {
    // Prepare
    const actions = [
      forward([
        [tg('a'), 100],
        [tg('b'), 0],
        [tg('c'), 0],
        [tg('d'), 0],
        [tg('e'), 0],
      ]),
    ];
    // Act
    const act = () => withForwardWeights(actions, { [tg('a')]: 90, [tg('f')]: 10 }, 'rule r1');
    // Assess
    expect(act).toThrow(RouterUnavailableError);
    expect(act).toThrow(/rule r1: forward action would list 6 target groups .* ALB allows 5/);
  });

  it.each([
    { case: 'redirect', action: { Type: 'redirect', RedirectConfig: { StatusCode: 'HTTP_301' } } },
    {
      case: 'fixed-response',
      action: { Type: 'fixed-response', FixedResponseConfig: { StatusCode: '503' } },
    },
  ])('refuses a $case default action, naming its type', ({ case: type, action }) => {
    // Act
    const act = () => withForwardWeights([action], { [VM]: 100 }, 'listener l1');
    // Assess
    expect(act).toThrow(RouterUnavailableError);
    expect(act).toThrow(`listener l1: action is ${type}, not forward`);
  });

  it('does not change the actions it was given', () => {
    // Prepare
    const actions = [
      oidc,
      sticky([
        [VM, 100],
        [ECS, 0],
      ]),
    ];
    const before = structuredClone(actions);
    // Act
    withForwardWeights(actions, { [VM]: 10, [ECS]: 90 });
    // Assess
    expect(actions).toEqual(before);
  });

  it.each([
    { [VM]: 50, [ECS]: 40 },
    { [VM]: 50.5, [ECS]: 49.5 },
    { [VM]: 120, [ECS]: -20 },
  ])('rejects desired weights that are not integer percents summing to 100: %o', (desired) => {
    expect(() => withForwardWeights([forward([[VM, 100]])], desired)).toThrow(RangeError);
  });
});

describe('readForwardShares', () => {
  it.each<{ case: string; actions: ActionShape[]; expected: Record<string, number> }>([
    {
      case: 'percent weights as written',
      actions: [
        forward([
          [VM, 75],
          [ECS, 25],
        ]),
      ],
      expected: { [VM]: 75, [ECS]: 25 },
    },
    {
      case: 'weights on the 0–999 scale as shares of their sum',
      actions: [
        forward([
          [VM, 999],
          [ECS, 1],
        ]),
      ],
      expected: { [VM]: 100, [ECS]: 0 },
    },
    {
      case: 'equal weights as equal shares',
      actions: [
        forward([
          [VM, 1],
          [ECS, 1],
        ]),
      ],
      expected: { [VM]: 50, [ECS]: 50 },
    },
    {
      case: 'thirds rounded by largest remainder to sum 100 (first listed wins the tie)',
      actions: [
        forward([
          [VM, 1],
          [ECS, 1],
          [EKS, 1],
        ]),
      ],
      expected: { [VM]: 34, [ECS]: 33, [EKS]: 33 },
    },
    {
      case: 'uneven weights rounded to sum 100',
      actions: [
        forward([
          [VM, 2],
          [ECS, 1],
          [EKS, 0],
        ]),
      ],
      expected: { [VM]: 67, [ECS]: 33, [EKS]: 0 },
    },
    {
      case: 'a single-group forward as 100',
      actions: [{ Type: 'forward', TargetGroupArn: VM }],
      expected: { [VM]: 100 },
    },
    {
      case: 'a tuple without a weight as the ALB default 1',
      actions: [
        {
          Type: 'forward',
          ForwardConfig: { TargetGroups: [{ TargetGroupArn: VM }, { TargetGroupArn: ECS, Weight: 3 }] },
        },
      ],
      expected: { [VM]: 25, [ECS]: 75 },
    },
    {
      case: 'the forward action behind an authenticate action',
      actions: [
        oidc,
        forward(
          [
            [VM, 10],
            [ECS, 90],
          ],
          { Order: 2 },
        ),
      ],
      expected: { [VM]: 10, [ECS]: 90 },
    },
  ])('reads $case', ({ actions, expected }) => {
    expect(readForwardShares(actions)).toEqual(expected);
  });

  it('reads all-zero weights as zero shares rather than inventing a split', () => {
    expect(
      sharesOf([
        [VM, 0],
        [ECS, 0],
      ]),
    ).toEqual({ [VM]: 0, [ECS]: 0 });
  });

  it('always yields integer shares summing to 100 for any 0–999 weights', () => {
    // Prepare: a deterministic sweep over awkward weight triples
    for (let a = 0; a <= 999; a += 37) {
      for (let b = 1; b <= 999; b += 53) {
        // Act
        const shares = sharesOf([
          [VM, a],
          [ECS, b],
          [EKS, 7],
        ]);
        // Assess
        const values = Object.values(shares);
        expect(values.every(Number.isInteger)).toBe(true);
        expect(values.reduce((sum, value) => sum + value, 0)).toBe(100);
      }
    }
  });

  it('refuses a fixed-response action', () => {
    expect(() => readForwardShares([{ Type: 'fixed-response' }], 'rule r1')).toThrow(
      /rule r1: action is fixed-response, not forward/,
    );
  });
});

describe('targetGroupsToAdd', () => {
  it('lists only the desired groups the forward action does not name', () => {
    expect(targetGroupsToAdd([forward([[VM, 100]])], { [VM]: 90, [ECS]: 10, [EKS]: 0 })).toEqual([ECS, EKS]);
  });
});
