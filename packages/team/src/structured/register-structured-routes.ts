import { SwitchboardError, type Catalog, type Runtime } from '@switchboard/core';
import type { Hono } from 'hono';
import { z } from 'zod';
import type { TeamAppEnv } from '../app/principal.js';
import { readJsonBody } from '../app/read-json-body.js';
import { requirePrincipal } from '../app/require-principal.js';
import { chooseModel } from '../policy/choose-model.js';
import { credentialContextFor } from '../policy/credential-context-for.js';
import { requireAllowedModel } from '../policy/require-allowed-model.js';
import type { PolicyStore } from '../policy/create-policy-store.js';

function badRequest(message: string): SwitchboardError {
  return new SwitchboardError('INVALID_REQUEST', message, { status: 400 });
}

type Message = { role: 'user' | 'assistant'; content: string };

function messagesOf(fields: Record<string, unknown>): Message[] {
  const { prompt, messages } = fields;
  if (typeof prompt === 'string' && prompt.trim() !== '' && messages === undefined)
    return [{ role: 'user', content: prompt }];
  if (!Array.isArray(messages) || messages.length === 0)
    throw badRequest('Give prompt (text) or messages ([{ role: "user" | "assistant", content }]).');
  return messages.map((message, index) => {
    const { role, content } = (message ?? {}) as Record<string, unknown>;
    if ((role !== 'user' && role !== 'assistant') || typeof content !== 'string')
      throw badRequest(`messages.${index} must be { role: "user" | "assistant", content: text }.`);
    return { role, content };
  });
}

/** The schema's validator; a schema zod cannot read is the caller's mistake (400). */
function validatorOf(schema: unknown): z.ZodType {
  if (
    typeof schema !== 'object' ||
    schema === null ||
    Array.isArray(schema) ||
    (schema as { type?: unknown }).type !== 'object'
  )
    throw badRequest('schema must be a JSON Schema of an object ({ "type": "object", "properties": … }).');
  try {
    return z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw badRequest(`schema is not a JSON Schema this server can check: ${(error as Error).message}`);
  }
}

/**
 * Structured output: `POST /api/structured` `{ schema, prompt | messages, system?, model?, name? }`
 * answers `{ object, model, provider, method, level, usage }` — an object that matches `schema`,
 * asked for through the provider's own structured-output mode (the AI SDK's `Output.object`) and
 * checked here again, so a model that answers something else is a 502, never a wrong object. The
 * model follows the policy's `structured` default (fixed by the admin: 403 for another).
 */
export function registerStructuredRoutes(
  app: Hono<TeamAppEnv>,
  options: { runtime: Pick<Runtime, 'generate' | 'resolveRoutes'>; catalog: Catalog; policy: PolicyStore },
): void {
  app.post('/api/structured', async (context) => {
    const member = requirePrincipal(context);
    const body = await readJsonBody(context.req.raw);
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw badRequest('The body must be a JSON object.');
    const fields = body as Record<string, unknown>;
    const validator = validatorOf(fields['schema']);
    const messages = messagesOf(fields);
    const system = fields['system'];
    if (system !== undefined && typeof system !== 'string') throw badRequest('system must be text.');
    const name =
      typeof fields['name'] === 'string' && /^[\w-]{1,64}$/.test(fields['name']) ? fields['name'] : undefined;
    const model = await chooseModel(options.policy, 'structured', fields['model']);
    const credentialContext = await credentialContextFor(options.policy, member.userId, fields['credential']);
    await requireAllowedModel(options, model, credentialContext);
    const result = await options.runtime.generate({
      model,
      messages,
      ...(system ? { system } : {}),
      responseFormat: { type: 'json', schema: fields['schema'] as Record<string, unknown>, ...(name ? { name } : {}) },
      credentialContext,
      signal: context.req.raw.signal,
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.text);
    } catch {
      throw new SwitchboardError('UPSTREAM_ERROR', `${model} answered text that is not JSON.`, {
        provider: result.route.provider,
      });
    }
    const checked = validator.safeParse(parsed);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      throw new SwitchboardError(
        'UPSTREAM_ERROR',
        `${model} answered JSON that does not match the schema${issue ? ` (at ${issue.path.join('.') || 'the top'}: ${issue.message})` : ''}.`,
        { provider: result.route.provider },
      );
    }
    return context.json({
      object: parsed,
      model,
      provider: result.route.provider,
      method: result.route.method,
      ...(result.level ? { level: result.level } : {}),
      usage: result.usage,
    });
  });
}
