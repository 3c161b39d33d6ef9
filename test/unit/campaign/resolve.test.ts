import { describe, expect, it } from 'vitest';
import { loadCampaign } from '#campaign/load';
import { resolveCampaign } from '#campaign/resolve';
import { formatProblem } from '#plan/problems';
import { campaignDocument } from './fixture.ts';

const problemsOf = (document: unknown) => {
  const result = resolveCampaign(document);
  return result.ok ? [] : result.problems.map(formatProblem);
};

describe('resolveCampaign', () => {
  it('fills the template per service and keeps waves, dependencies and the documented ELB defaults', () => {
    const result = resolveCampaign(campaignDocument());
    if (!result.ok) throw new Error(result.problems.map(formatProblem).join('\n'));
    const { campaign } = result;
    expect(campaign.services.map((s) => [s.name, s.wave, s.plan.name])).toEqual([
      ['alpha', 1, 'alpha-vm-to-ecs'],
      ['beta', 1, 'beta-vm-to-ecs'],
      ['gamma', 2, 'gamma-vm-to-ecs'],
    ]);
    expect(campaign.services[1]?.plan.targets.ecs?.targetGroupArn).toContain(
      'targetgroup/beta-ecs/c000000000000001',
    );
    expect(campaign.elbApiBudget).toEqual({
      modify: { burst: 20, perSecond: 3 },
      describe: { burst: 200, perSecond: 50 },
    });
    expect(campaign.failurePolicy).toEqual({ haltAfter: 1, abortAll: true });
  });

  it.each([
    {
      case: 'an unknown top-level key, with a hint',
      document: campaignDocument({ maxConcurent: 3 }),
      expected:
        /^maxConcurent: unknown field; allowed .*maxConcurrent.* — hint: did you mean `maxConcurrent`\?/,
    },
    {
      case: 'an unknown key in a service',
      document: campaignDocument({ services: [{ name: 'alpha', wav: 1, values: {} }] }),
      expected: /^services\[0\]\.wav: unknown field/,
    },
    {
      case: 'a placeholder without a value',
      document: campaignDocument({ services: [{ name: 'alpha', values: { rule: 'a00000000000000a' } }] }),
      expected: /^template\.targets\.vm\.targetGroupArn: placeholder \$\{vm\} has no value for service alpha/,
    },
    {
      case: "a service plan's own problem, under the service's path",
      document: campaignDocument({
        services: [
          { name: 'alpha', values: { rule: 'a000000000000000', vm: 'b000000000000000', ecs: 'zz' } },
        ],
      }),
      expected: /^services\[0\]\(template\)\.targets\.ecs\.targetGroupArn: /,
    },
    {
      case: 'a dependency on an unknown service',
      document: campaignDocument({ services: [{ ...svc('alpha', 0), after: ['alpah'] }] }),
      expected: /^services\[0\]\.after\[0\]: unknown service; got "alpah"; allowed alpha/,
    },
    {
      case: 'a dependency on a later wave',
      document: campaignDocument({
        services: [
          { ...svc('alpha', 0), after: ['beta'] },
          { ...svc('beta', 1), wave: 2 },
        ],
      }),
      expected: /^services\[0\]\.after\[0\]: beta is in a later wave/,
    },
    {
      case: 'a dependency cycle',
      document: campaignDocument({
        services: [
          { ...svc('alpha', 0), after: ['beta'] },
          { ...svc('beta', 1), after: ['alpha'] },
        ],
      }),
      expected: /^services: dependency cycle; got alpha → beta → alpha/,
    },
    {
      case: 'two services on one router',
      document: campaignDocument({
        services: [
          svc('alpha', 0),
          { ...svc('beta', 1), values: { ...svc('beta', 1).values, rule: 'a000000000000000' } },
        ],
      }),
      expected: /^services\[1\]: same router as alpha/,
    },
  ])('rejects $case, naming the path', ({ document, expected }) => {
    expect(problemsOf(document)).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
  });

  it('resolves the committed example: 12 services in 3 waves, 4 at once, halting after 2', async () => {
    const campaign = await loadCampaign('examples/campaigns/crawler-fleet.yaml');
    expect(campaign.services).toHaveLength(12);
    expect([...new Set(campaign.services.map((s) => s.wave))]).toEqual([1, 2, 3]);
    expect(campaign.maxConcurrent).toBe(4);
    expect(campaign.failurePolicy.haltAfter).toBe(2);
  });
});

function svc(name: string, index: number) {
  const hex = (salt: string) => `${salt}${index.toString(16).padStart(15, '0')}`;
  return { name, values: { rule: hex('a'), vm: hex('b'), ecs: hex('c') } };
}
