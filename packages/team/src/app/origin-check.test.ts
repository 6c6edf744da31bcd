import { SwitchboardError } from '@switchboard/core';
import { httpStatusFor } from '@switchboard/server';
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { describe, expect, it } from 'vitest';
import { createOriginCheck } from './origin-check.js';

function appWith(allowedOrigins?: readonly string[]) {
  const app = new Hono();
  app.use(createOriginCheck(allowedOrigins));
  app.post('/api/change', (context) => context.json({ changed: true }));
  app.get('/api/read', (context) => context.json({ read: true }));
  app.onError((error, context) =>
    context.json(
      { code: (error as SwitchboardError).code },
      httpStatusFor(error as SwitchboardError) as ContentfulStatusCode,
    ),
  );
  return app;
}

const URL_BASE = 'http://team.example:4180';

function post(app: Hono, headers: Record<string, string>) {
  return app.request(`${URL_BASE}/api/change`, { method: 'POST', headers });
}

describe('createOriginCheck', () => {
  it('refuses a cookie-bearing POST from another origin or with no Origin', async () => {
    const app = appWith();
    for (const headers of [{ cookie: 's=1', origin: 'https://evil.example' }, { cookie: 's=1' }]) {
      const response = await post(app, headers);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ code: 'PERMISSION_DENIED' });
    }
  });

  it('lets through same-origin cookie POSTs, header-authenticated POSTs and reads', async () => {
    const app = appWith();
    expect((await post(app, { cookie: 's=1', origin: URL_BASE })).status).toBe(200);
    expect((await post(app, { authorization: 'Bearer sbk_x' })).status).toBe(200);
    const read = await app.request(`${URL_BASE}/api/read`, {
      headers: { cookie: 's=1', origin: 'https://evil.example' },
    });
    expect(read.status).toBe(200);
  });

  it('uses the configured public origins instead of the request address when given', async () => {
    const app = appWith(['https://sb.example.com/']);
    expect((await post(app, { cookie: 's=1', origin: 'https://sb.example.com' })).status).toBe(200);
    expect((await post(app, { cookie: 's=1', origin: URL_BASE })).status).toBe(403);
  });
});
