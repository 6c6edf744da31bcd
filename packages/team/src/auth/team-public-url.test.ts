import { describe, expect, it } from 'vitest';
import { teamPublicUrl } from './team-public-url.js';

describe('teamPublicUrl', () => {
  it('defaults to localhost on the port, and prefers --public-url over the environment', () => {
    expect(teamPublicUrl({}, 4180)).toBe('http://localhost:4180');
    expect(teamPublicUrl({ SWITCHBOARD_TEAM_URL: 'https://sb.example.com/' }, 4180)).toBe('https://sb.example.com');
    expect(teamPublicUrl({ SWITCHBOARD_TEAM_URL: 'https://a.example.com' }, 1, 'https://b.example.com')).toBe(
      'https://b.example.com',
    );
  });
  it('refuses what passkeys and secure cookies cannot work with, saying why', () => {
    expect(() => teamPublicUrl({}, 1, 'http://127.0.0.1:4180')).toThrow(/not the address 127\.0\.0\.1/);
    expect(() => teamPublicUrl({}, 1, 'http://[::1]:4180')).toThrow(/host name/);
    expect(() => teamPublicUrl({}, 1, 'http://sb.example.com')).toThrow(/must use https/);
    expect(() => teamPublicUrl({}, 1, 'not a url')).toThrow(/is not a URL/);
  });
});
