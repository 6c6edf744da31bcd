import { useId } from 'react';
import { providerName, type CatalogModel, type ProviderSummary } from '../catalog.js';
import { CONTEXT_NAMES, isAdmitted, MODEL_CONTEXTS, type ModelContext, type TeamPolicy } from './team-policy.js';

/** The catalog's models grouped by the provider that makes them, in catalog order. */
function byProvider(models: readonly CatalogModel[]): [string, CatalogModel[]][] {
  const groups = new Map<string, CatalogModel[]>();
  for (const model of models) groups.set(model.provider, [...(groups.get(model.provider) ?? []), model]);
  return [...groups.entries()];
}

function withDefault(
  policy: TeamPolicy,
  context: ModelContext,
  entry: { model: string; userMayChange: boolean } | undefined,
): TeamPolicy {
  const defaults = { ...policy.defaults };
  if (entry) defaults[context] = entry;
  else delete defaults[context];
  return { ...policy, defaults };
}

/**
 * Per context: the default model (a select grouped by provider; "no default" lets members
 * choose) and whether members may pick another. A stored model the catalog no longer knows is
 * still listed, so the admin sees it and the server's refusal to keep it makes sense.
 */
export function ContextDefaultsEditor({
  policy,
  models,
  providers,
  disabled,
  onChange,
}: {
  policy: TeamPolicy;
  models: readonly CatalogModel[];
  providers: readonly ProviderSummary[];
  disabled: boolean;
  onChange: (policy: TeamPolicy) => void;
}) {
  const id = useId();
  const groups = byProvider(models);
  // A model is out when every provider that serves it is: the same test as the server's refusal.
  const isOut = (model: CatalogModel) =>
    model.providers.length > 0 && model.providers.every((provider) => !isAdmitted(policy, provider));
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Default models</h2>
      <p className="muted">
        Each place a model is used has its own default. When members may not change it, everyone — admins included —
        uses that model there, and a request for another is refused.
      </p>
      <div className="context-defaults">
        {MODEL_CONTEXTS.map((context) => {
          const entry = policy.defaults[context];
          const known = entry === undefined || models.some((model) => model.id === entry.model);
          const fieldId = `${id}-${context}`;
          return (
            <fieldset key={context} className="context-default">
              <legend>{CONTEXT_NAMES[context].title}</legend>
              <p className="muted context-what">{CONTEXT_NAMES[context].what}</p>
              <label htmlFor={`${fieldId}-model`}>Default model</label>
              <select
                id={`${fieldId}-model`}
                value={entry?.model ?? ''}
                disabled={disabled}
                onChange={(event) =>
                  onChange(
                    withDefault(
                      policy,
                      context,
                      event.target.value
                        ? { model: event.target.value, userMayChange: entry?.userMayChange ?? true }
                        : undefined,
                    ),
                  )
                }
              >
                <option value="">No default — members choose</option>
                {!known && entry && <option value={entry.model}>{entry.model} (not in the catalog)</option>}
                {groups.map(([provider, group]) => (
                  <optgroup key={provider} label={providerName(providers, provider)}>
                    {group.map((model) => (
                      <option key={model.id} value={model.id}>
                        {model.name}
                        {isOut(model) ? ' — denied by this policy' : ''}
                      </option>
                    ))}
                  </optgroup>
                ))}
              </select>
              <label className="check">
                <input
                  type="checkbox"
                  checked={entry === undefined ? true : entry.userMayChange}
                  disabled={disabled || entry === undefined}
                  aria-describedby={entry === undefined ? `${fieldId}-free` : undefined}
                  onChange={(event) =>
                    entry && onChange(withDefault(policy, context, { ...entry, userMayChange: event.target.checked }))
                  }
                />
                Members may change it
              </label>
              {entry === undefined && (
                <p id={`${fieldId}-free`} className="muted context-what">
                  Without a default, members always choose.
                </p>
              )}
            </fieldset>
          );
        })}
      </div>
    </section>
  );
}
