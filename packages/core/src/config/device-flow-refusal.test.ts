import { describe, expect, it } from 'vitest';
import { parseConfigText, resolveConfig } from './load-config.js';

async function googleOAuth(text: string) {
  return resolveConfig(await parseConfigText(text, 'config.toml')).providers.google.oauth;
}

describe("Google's device-flow refusal in the resolved config", () => {
  it('is set for the built-in Google profile, with the reason and the doc it comes from', async () => {
    const oauth = await googleOAuth('[providers.google.oauth]\nclient_id = "mine.apps.googleusercontent.com"\n');
    expect(oauth?.deviceFlowRefusal).toMatch(/TVs and Limited Input devices/);
    expect(oauth?.deviceFlowRefusal).toContain('limited-input-device#allowedscopes');
  });

  it('is lifted when the user declares a device endpoint, or points Google at another issuer', async () => {
    const declared = await googleOAuth(
      '[providers.google.oauth]\ndevice_authorization_endpoint = "https://oauth2.googleapis.com/device/code"\n',
    );
    expect(declared?.deviceFlowRefusal).toBeUndefined();
    const otherIssuer = await googleOAuth('[providers.google.oauth]\nissuer = "https://sso.example.com"\n');
    expect(otherIssuer?.deviceFlowRefusal).toBeUndefined();
  });
});
