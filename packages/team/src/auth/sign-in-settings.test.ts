import { describe, expect, it } from 'vitest';
import { signInSettingsFrom } from './sign-in-settings.js';

describe('signInSettingsFrom', () => {
  it('reads the limit and the proxy switch, with defaults', () => {
    expect(signInSettingsFrom({})).toEqual({ trustProxy: false });
    expect(signInSettingsFrom({ SWITCHBOARD_TEAM_SIGN_IN_LIMIT: '100', SWITCHBOARD_TEAM_TRUST_PROXY: '1' })).toEqual({
      attemptsPerMinute: 100,
      trustProxy: true,
    });
  });
  it('refuses what it cannot use, naming the variable', () => {
    expect(() => signInSettingsFrom({ SWITCHBOARD_TEAM_SIGN_IN_LIMIT: 'lots' })).toThrow(
      /SWITCHBOARD_TEAM_SIGN_IN_LIMIT must be a whole number/,
    );
    expect(() => signInSettingsFrom({ SWITCHBOARD_TEAM_SIGN_IN_LIMIT: '0' })).toThrow(/whole number/);
    expect(() => signInSettingsFrom({ SWITCHBOARD_TEAM_TRUST_PROXY: 'yes' })).toThrow(/takes 1/);
  });
});
