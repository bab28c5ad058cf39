import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../../src/auth/roles.js';
import { DEMO_ACCOUNTS } from '../../../src/cli/demo-sign-ins.js';

describe('demo accounts', () => {
  it('has exactly one account for every role', () => {
    expect(DEMO_ACCOUNTS.map((account) => account.role).sort()).toEqual([...ROLES].sort());
    expect(new Set(DEMO_ACCOUNTS.map((account) => account.email)).size).toBe(ROLES.length);
  });

  it('are all listed in the README, so the quick start stays true', () => {
    const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
    for (const account of DEMO_ACCOUNTS) {
      expect(readme).toContain(`| ${account.roleLabel} | \`${account.email}\` | ${account.shouldSee} |`);
    }
    expect(readme).toContain(`password \`${DEMO_ACCOUNTS[0]?.password ?? ''}\``);
  });
});
