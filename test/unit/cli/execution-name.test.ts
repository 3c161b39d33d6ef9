import { describe, expect, it } from 'vitest';
import { executionName, isExecutionNameOf } from '#cli/ops/execution-name';
import { canonicalJson } from '#core/canonical-json';

describe('executionName', () => {
  it('gives the same plan the same name, whatever its key order', () => {
    // Prepare
    const a = canonicalJson({ name: 'crawler', steps: [1, 5, 100], router: { listenerArn: 'x' } });
    const b = canonicalJson({ router: { listenerArn: 'x' }, steps: [1, 5, 100], name: 'crawler' });
    // Act / Assess
    expect(executionName('crawler', a)).toBe(executionName('crawler', b));
  });

  it('gives a changed plan a new name', () => {
    const before = canonicalJson({ name: 'crawler', steps: [1, 5, 100] });
    const after = canonicalJson({ name: 'crawler', steps: [1, 10, 100] });
    expect(executionName('crawler', before)).not.toBe(executionName('crawler', after));
  });

  it('keeps step order significant (arrays are not sorted)', () => {
    expect(canonicalJson({ s: [1, 2] })).not.toBe(canonicalJson({ s: [2, 1] }));
  });

  it('stays within Step Functions limits for the longest plan name', () => {
    // Prepare
    const longest = 'a'.repeat(64);
    // Act
    const name = executionName(longest, '{}');
    // Assess
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(isExecutionNameOf(name, longest)).toBe(true);
  });

  it('is <plan name>-<16 hex> and recognised only for its own plan', () => {
    const name = executionName('crawler-vm-to-ecs', '{"a":1}');
    expect(name).toMatch(/^crawler-vm-to-ecs-[0-9a-f]{16}$/);
    expect(isExecutionNameOf(name, 'crawler-vm-to-ecs')).toBe(true);
    expect(isExecutionNameOf(name, 'crawler-vm')).toBe(false);
    expect(isExecutionNameOf(name, 'crawler')).toBe(false);
  });
});
