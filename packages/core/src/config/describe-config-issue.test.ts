import { describe, expect, it } from 'vitest';
import { parseConfigText } from './load-config.js';

async function messageFor(text: string): Promise<string> {
  try {
    await parseConfigText(text, '/home/a/.switchboard/config.toml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
}

describe('config validation messages', () => {
  it.each([
    ['[providers.openai]\napi_base = "not a url"\n', /`providers\.openai\.api_base`.*line 2: expected a URL/],
    ['[providers.openai.oauth]\nredirect_port = 70000\n', /redirect_port`.*line 2: must be at most 65535/],
    ['[providers.openai.oauth]\nredirect_port = 1.5\n', /redirect_port`.*: expected a whole number/],
    ['[auth]\nstore = "cloud"\n', /`auth\.store`.*line 2: expected one of "auto", "keychain", "file"/],
    ['[providers.openai.oauth]\nredirect_path = "callback"\n', /redirect_path`.*: must start with "\/"/],
    ['model = ""\n', /`model`.*line 1: must not be empty/],
    ['[providers.mistral]\nbudget_usd_monthly = -5\n', /budget_usd_monthly`.*: must be greater than 0/],
    ['[routing]\nfallback = "yes"\n', /`routing\.fallback`.*line 2: expected a boolean/],
    ['[auth]\nstorage = "file"\n', /`auth\.storage`.*line 2: unknown key "storage"/],
    ['[routing]\nprefer = 3\n', /`routing\.prefer`.*: expected a list of names or one of/],
  ])('%s', async (text, expected) => {
    const message = await messageFor(text);
    expect(message).toMatch(expected);
    expect(message).toContain('it was not changed');
  });
});
