import { describe, expect, it } from 'vitest';
import type { ProviderStatus } from '@switchboard/core';
import { describeDuration, describeExpiry, formatStatusLine } from './format-status.js';
import { createTerminalStyle } from './terminal-style.js';

const NOW = Date.parse('2026-11-22T12:00:00Z');
const plain = createTerminalStyle({ stream: { write: () => true, isTTY: false }, environment: {} });

function status(overrides: Partial<ProviderStatus>): ProviderStatus {
  return {
    provider: 'openai',
    name: 'ChatGPT',
    loggedIn: true,
    method: 'oauth',
    account: 'ada@example.com',
    plan: 'plus',
    expiresAt: new Date(NOW + 7 * 24 * 3600_000).toISOString(),
    refreshable: true,
    active: false,
    ...overrides,
  };
}

describe('describeDuration', () => {
  it.each([
    [1_000, '1 second'],
    [40_000, '40 seconds'],
    [12 * 60_000, '12 minutes'],
    [3 * 3600_000, '3 hours'],
    [7 * 24 * 3600_000, '7 days'],
    [24 * 3600_000, '24 hours'],
  ])('%i ms reads "%s"', (milliseconds, expected) => {
    expect(describeDuration(milliseconds)).toBe(expected);
  });
});

describe('describeExpiry', () => {
  it('is null for credentials that do not expire', () => {
    expect(describeExpiry(null, NOW, false)).toBeNull();
  });
  it('says when a refreshable token has expired', () => {
    expect(describeExpiry(new Date(NOW - 1000).toISOString(), NOW, true)).toBe('token expired; refreshes on next use');
    expect(describeExpiry(new Date(NOW - 1000).toISOString(), NOW, false)).toBe('expired');
  });
});

describe('formatStatusLine', () => {
  it('reads like the contract for a logged-in provider, with method, account, plan and the active marker', () => {
    expect(formatStatusLine(status({ active: true }), { now: NOW, style: plain })).toBe(
      '✅ ChatGPT: logged in (expires in 7 days) · sign-in · ada@example.com · plan plus  ● active',
    );
  });
  it('reads like the contract for a provider without a session', () => {
    const line = formatStatusLine(
      status({
        provider: 'google',
        name: 'Gemini',
        loggedIn: false,
        method: null,
        account: null,
        plan: null,
        expiresAt: null,
        refreshable: false,
      }),
      { now: NOW, style: plain },
    );
    expect(line).toBe('❌ Gemini: not logged in');
  });
  it('leaves the expiry out for an API key', () => {
    const line = formatStatusLine(
      status({
        provider: 'mistral',
        name: 'Mistral',
        method: 'api-key',
        account: '…abcd',
        plan: null,
        expiresAt: null,
        refreshable: false,
      }),
      {
        now: NOW,
        style: plain,
      },
    );
    expect(line).toBe('✅ Mistral: logged in · API key · …abcd');
  });
  it('colours only when the style is enabled', () => {
    const coloured = createTerminalStyle({ stream: { write: () => true, isTTY: true }, environment: {} });
    expect(formatStatusLine(status({}), { now: NOW, style: coloured })).toContain('\u001b[32mlogged in\u001b[39m');
  });
});
