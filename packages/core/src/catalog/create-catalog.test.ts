import { describe, expect, it } from 'vitest';
import { exitCodeFor, SwitchboardError } from '../errors.js';
import { createCatalog } from './create-catalog.js';
import { MODEL_CONTEXTS, type CatalogModel } from './model-schema.js';
import { BUILTIN_MODELS } from './models.js';

function unknownModelError(run: () => unknown): SwitchboardError {
  try {
    run();
  } catch (error) {
    if (error instanceof SwitchboardError) return error;
    throw error;
  }
  throw new Error('expected a SwitchboardError');
}

/** The ids listed after "Closest:" in an UNKNOWN_MODEL message. */
function suggestions(error: SwitchboardError): string[] {
  const match = /Closest: (.*?)\. Run sb models/.exec(error.message);
  return match?.[1]?.split(', ') ?? [];
}

describe('createCatalog', () => {
  const catalog = createCatalog();

  it('lists every built-in model in table order', () => {
    expect(catalog.list().map((model) => model.id)).toEqual(BUILTIN_MODELS.map((model) => model.id));
    expect(catalog.endpoints).toEqual([]);
  });

  it('finds models by id case-insensitively and by explicit alias', () => {
    expect(catalog.get('Claude-Opus-4-1')?.id).toBe('claude-opus-4-1');
    expect(catalog.get('  claude-opus-4-1-20250805 ')?.id).toBe('claude-opus-4-1');
    expect(catalog.get('opus')?.id).toBe('claude-opus-5-5');
    expect(catalog.get('GPT-5.6')?.id).toBe('gpt-5.6-sol');
  });

  it('never guesses from a part of a name', () => {
    expect(catalog.get('claude-opus')).toBeUndefined();
    expect(catalog.get('gpt-6')).toBeUndefined();
    expect(catalog.get('gemini')).toBeUndefined();
  });

  it('suggests the closest ids for an unknown model', () => {
    const error = unknownModelError(() => catalog.require('claude-opus-41'));
    expect(error.code).toBe('UNKNOWN_MODEL');
    expect(exitCodeFor(error)).toBe(2);
    expect(error.hint).toBe('sb models');
    expect(suggestions(error)[0]).toBe('claude-opus-4-1');
    expect(suggestions(error)).toHaveLength(3);

    expect(suggestions(unknownModelError(() => catalog.require('gemini-4-argn')))[0]).toBe('gemini-4-argon');
    expect(suggestions(unknownModelError(() => catalog.require('gpt6.2-sol')))[0]).toBe('gpt-6.2-sol');
    // An alias typo suggests the model's id, not the alias.
    expect(suggestions(unknownModelError(() => catalog.require('sonet')))[0]).toBe('claude-sonnet-5-5');
  });

  it('lists three distinct suggestions', () => {
    const listed = suggestions(unknownModelError(() => catalog.require('claude-haiku')));
    expect(new Set(listed).size).toBe(3);
    for (const id of listed) expect(catalog.get(id)?.id).toBe(id);
  });

  it('returns the one default of each context', () => {
    for (const context of MODEL_CONTEXTS) {
      const model = catalog.defaultFor(context);
      expect(model.isDefault?.[context]).toBe(true);
    }
    expect(new Set(MODEL_CONTEXTS.map((context) => catalog.defaultFor(context).id)).size).toBeGreaterThan(1);
  });

  it('reports a table without a default as an internal error', () => {
    const withoutDefaults = BUILTIN_MODELS.map((model) => ({ ...model, isDefault: undefined }));
    const bare = createCatalog({ builtinModels: withoutDefaults });
    expect(() => bare.defaultFor('chat')).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });

  it('gives the routes of a model, resolving aliases, and rejects unknown ids', () => {
    const routes = catalog.routesFor('CLAUDE-OPUS-4-1');
    expect(routes.map((route) => route.provider)).toEqual(['anthropic', 'anthropic', 'anthropic', 'vertex', 'bedrock']);
    expect(catalog.routesFor('haiku')).toBe(catalog.require('claude-haiku-5-5').routes);
    expect(() => catalog.routesFor('no-such-model')).toThrow(expect.objectContaining({ code: 'UNKNOWN_MODEL' }));
  });

  it('filters by maker or by a provider that routes to the model', () => {
    const mistral = catalog.list({ provider: 'mistral' });
    expect(mistral.length).toBeGreaterThan(0);
    expect(mistral.every((model) => model.providerId === 'mistral')).toBe(true);

    const bedrock = catalog.list({ provider: 'bedrock' }).map((model) => model.id);
    expect(bedrock).toContain('claude-opus-4-1');
    expect(bedrock.every((id) => catalog.routesFor(id).some((route) => route.provider === 'bedrock'))).toBe(true);
    expect(bedrock.some((id) => id.startsWith('gpt-'))).toBe(false);

    const vertex = catalog.list({ provider: 'vertex' });
    expect(new Set(vertex.map((model) => model.providerId))).toEqual(new Set(['anthropic', 'google']));
  });

  it('hands out frozen models, so one caller cannot change the catalog for another', () => {
    const model = catalog.require('claude-opus-4-1') as CatalogModel;
    expect(() => {
      model.price.inputPerMillion = 0;
    }).toThrow(TypeError);
    expect(() => {
      (model.routes as unknown[]).push({});
    }).toThrow(TypeError);
    expect(createCatalog().require('claude-opus-4-1').price.inputPerMillion).toBe(15);
  });

  it('keeps long unknown ids out of the message', () => {
    const error = unknownModelError(() => catalog.require('x'.repeat(500)));
    expect(error.message.length).toBeLessThan(250);
  });
});
