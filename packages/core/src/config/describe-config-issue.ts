import type { configFileSchema } from './config-schema.js';

/** One validation issue of config.toml, as zod reports it. */
export type ConfigIssue = NonNullable<ReturnType<typeof configFileSchema.safeParse>['error']>['issues'][number];

/**
 * A sentence a person can act on for one config issue. zod/mini ships no messages (its
 * default is "Invalid input"), and ours name what was expected in config.toml's own terms.
 */
export function describeConfigIssue(issue: ConfigIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'int') return 'expected a whole number';
      return `expected ${article(issue.expected)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'invalid_format':
      if (issue.format === 'url') return 'expected a URL such as "https://example.com/v1"';
      if (issue.format === 'starts_with') return `must start with "${String((issue as { prefix?: unknown }).prefix)}"`;
      return `expected the ${issue.format} format`;
    case 'too_small':
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${String(issue.maximum)}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
    case 'invalid_union':
      return 'expected a list of names or one of "subscription", "api-key", "cost"';
    case 'invalid_key':
      return 'unknown name here';
    default:
      return 'invalid value';
  }
}

function article(expected: string): string {
  const noun = expected === 'array' ? 'list' : expected === 'object' ? 'table' : expected;
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}
