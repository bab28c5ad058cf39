import { describe, expect, it } from 'vitest';
import { itemNameForm } from '../../../src/modules/provision/schemas.js';

describe('the short name form', () => {
  it.each([
    ['Reading help', 'Reading help'],
    ['  Reading   help  ', 'Reading help'],
    ['Speech and language therapy with the NHS team', 'Speech and language therapy with the NHS team'],
    ['x'.repeat(60), 'x'.repeat(60)],
    // Spaces tidied away do not count against the limit.
    [`  ${'x'.repeat(60)}  `, 'x'.repeat(60)],
  ])('takes %j as %j', (typed, saved) => {
    expect(itemNameForm.parse({ shortName: typed })).toEqual({ shortName: saved });
  });

  it.each([
    [{ shortName: '' }, 'Enter a short name for this provision'],
    [{ shortName: '   ' }, 'Enter a short name for this provision'],
    [{ shortName: '\n\t' }, 'Enter a short name for this provision'],
    [{}, 'Enter a short name for this provision'],
    [{ shortName: ['Reading', 'help'] }, 'Enter a short name for this provision'],
    [{ shortName: 'x'.repeat(61) }, 'The short name must be 60 characters or fewer'],
  ])('refuses %j: “%s”', (body, message) => {
    const parsed = itemNameForm.safeParse(body);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['shortName', message]]);
  });
});
