import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { AppLink } from '../app-link.js';
import {
  availabilityInWords,
  priceInWords,
  providerName,
  type CatalogModel,
  type ProviderSummary,
} from '../catalog.js';

interface ModelSelectorProps {
  readonly models: readonly CatalogModel[];
  readonly providers: readonly ProviderSummary[];
  readonly value: string | undefined;
  readonly onChange: (id: string) => void;
  /** The admin fixed the model: shown, not changeable. */
  readonly fixed: boolean;
  /** The providers the member's settings keep in the list (empty or absent: all), named under it. */
  readonly providerFilter?: readonly string[];
}

function matches(model: CatalogModel, filter: string, providers: readonly ProviderSummary[]): boolean {
  const words = filter.trim().toLowerCase();
  if (!words) return true;
  const text = `${model.id} ${model.name} ${providerName(providers, model.provider)}`.toLowerCase();
  return words.split(/\s+/).every((word) => text.includes(word));
}

/**
 * The chat model picker: a button naming the current model that opens a filter box (a combobox)
 * over a listbox of the models it is given (those of the member's providers) grouped by provider,
 * with availability, tier and price. Keyboard: type to filter, ArrowUp/ArrowDown/Home/End to move,
 * Enter to choose, Escape to close. Models that are not available are listed with the reason but
 * cannot be chosen.
 */
export function ModelSelector({ models, providers, value, onChange, fixed, providerFilter = [] }: ModelSelectorProps) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState('');
  const [activeId, setActiveId] = useState<string>();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const current = models.find((model) => model.id === value);

  const shown = useMemo(() => models.filter((model) => matches(model, filter, providers)), [models, filter, providers]);
  const groups = useMemo(() => {
    const byProvider = new Map<string, CatalogModel[]>();
    for (const model of shown) byProvider.set(model.provider, [...(byProvider.get(model.provider) ?? []), model]);
    return [...byProvider.entries()];
  }, [shown]);
  // Navigation follows the order on screen (grouped), not the catalog's.
  const ordered = useMemo(() => groups.flatMap(([, group]) => group), [groups]);
  const active = ordered.find((model) => model.id === activeId) ?? ordered[0];
  const optionId = (modelId: string) => `${id}-option-${modelId}`;

  useLayoutEffect(() => {
    if (open) inputRef.current?.focus();
  }, [open]);
  useLayoutEffect(() => {
    if (open && active) document.getElementById(optionId(active.id))?.scrollIntoView({ block: 'nearest' });
  });

  function show(initialFilter = '') {
    setFilter(initialFilter);
    setActiveId(initialFilter ? undefined : value);
    setOpen(true);
  }
  function close() {
    setOpen(false);
    buttonRef.current?.focus();
  }
  function choose(model: CatalogModel | undefined) {
    if (!model?.available) return;
    onChange(model.id);
    close();
  }
  function move(step: number) {
    if (ordered.length === 0) return;
    const index = active ? ordered.indexOf(active) : -1;
    setActiveId(ordered[(index + step + ordered.length) % ordered.length]?.id);
  }

  function onButtonKeyDown(event: KeyboardEvent<HTMLButtonElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      show();
    } else if (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey) {
      // Typing on the button starts filtering.
      event.preventDefault();
      show(event.key);
    }
  }
  function onInputKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(1),
      ArrowUp: () => move(-1),
      Home: () => setActiveId(ordered[0]?.id),
      End: () => setActiveId(ordered.at(-1)?.id),
      Enter: () => choose(active),
      Escape: close,
    };
    const action = keys[event.key];
    if (action) {
      event.preventDefault();
      action();
    } else if (event.key === 'Tab') setOpen(false);
  }

  const label = current ? current.name : (value ?? 'No model');
  return (
    <div className="model-selector">
      <button
        ref={buttonRef}
        type="button"
        className="model-button"
        aria-haspopup="listbox"
        aria-expanded={open}
        aria-describedby={fixed ? `${id}-fixed` : undefined}
        disabled={fixed}
        onClick={() => (open ? close() : show())}
        onKeyDown={onButtonKeyDown}
      >
        <span className="muted">Model:</span> <span data-testid="current-model">{label}</span>
      </button>
      {fixed && (
        <span id={`${id}-fixed`} className="hint-inline">
          Your admin fixed the chat model.
        </span>
      )}
      {open && (
        <div
          className="model-popup"
          onBlur={(event) => {
            if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
          }}
        >
          <input
            ref={inputRef}
            type="text"
            role="combobox"
            aria-label="Filter models"
            aria-expanded="true"
            aria-controls={`${id}-listbox`}
            aria-autocomplete="list"
            aria-activedescendant={active ? optionId(active.id) : undefined}
            autoComplete="off"
            spellCheck={false}
            placeholder="Type to filter models"
            value={filter}
            onChange={(event) => {
              setFilter(event.target.value);
              setActiveId(undefined);
            }}
            onKeyDown={onInputKeyDown}
          />
          <div id={`${id}-listbox`} role="listbox" aria-label="Models" className="model-list">
            {groups.length === 0 && (
              <p className="muted model-empty">
                {filter.trim() ? `No model matches “${filter}”.` : 'The providers chosen in Settings serve no model.'}
              </p>
            )}
            {groups.map(([provider, group]) => (
              <div key={provider} role="group" aria-labelledby={`${id}-group-${provider}`}>
                <div id={`${id}-group-${provider}`} className="model-group" role="presentation">
                  {providerName(providers, provider)}
                </div>
                {group.map((model) => (
                  <div
                    key={model.id}
                    id={optionId(model.id)}
                    role="option"
                    aria-selected={model.id === value}
                    aria-disabled={!model.available}
                    data-model-id={model.id}
                    className={`model-option${model.id === active?.id ? ' active' : ''}`}
                    onMouseDown={(event) => event.preventDefault()}
                    onMouseMove={() => setActiveId(model.id)}
                    onClick={() => choose(model)}
                  >
                    <span className="model-name">
                      {model.name}
                      {model.id === value && <span className="visually-hidden"> (current)</span>}
                    </span>
                    <span className={`model-availability ${model.available ? 'ready' : 'unavailable'}`}>
                      {availabilityInWords(model)}
                    </span>
                    <span className="model-details">
                      {model.id} · {model.tier} · {priceInWords(model.price)}
                    </span>
                  </div>
                ))}
              </div>
            ))}
          </div>
          {providerFilter.length > 0 && (
            <p className="model-filter-note muted">
              Models of {providerFilter.map((provider) => providerName(providers, provider)).join(', ')}.{' '}
              <AppLink href="/settings">Change in Settings</AppLink>
            </p>
          )}
        </div>
      )}
    </div>
  );
}
