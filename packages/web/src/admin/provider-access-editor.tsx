import { useId } from 'react';
import type { ProviderSummary } from '../catalog.js';
import { isAdmitted, ruleOf, withRule, type ProviderRule, type TeamPolicy } from './team-policy.js';

const RULES: readonly { readonly rule: ProviderRule; readonly label: string }[] = [
  { rule: 'none', label: 'No rule' },
  { rule: 'allow', label: 'Allow' },
  { rule: 'deny', label: 'Deny' },
];

/** What the draft policy does to a provider, in words (the server's own rule, so the admin sees its effect before saving). */
function outcomeOf(policy: TeamPolicy, provider: string): { text: string; admitted: boolean } {
  if (policy.denyProviders.includes(provider)) return { text: 'Denied', admitted: false };
  if (isAdmitted(policy, provider)) return { text: 'Admitted', admitted: true };
  return { text: 'Not admitted: not on the allow list', admitted: false };
}

/**
 * One radio group per provider (no rule, allow, deny) with the outcome next to it. The three
 * states mirror the policy's two lists, so what is saved is exactly what the admin sees.
 */
export function ProviderAccessEditor({
  policy,
  providers,
  disabled,
  onChange,
}: {
  policy: TeamPolicy;
  providers: readonly ProviderSummary[];
  disabled: boolean;
  onChange: (policy: TeamPolicy) => void;
}) {
  const id = useId();
  const allowList = policy.allowProviders.length > 0;
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Providers</h2>
      <p className="muted" id={`${id}-rules`}>
        Deny always wins. Allow puts a provider on the allow list: once any provider is on it, only the providers on it
        are admitted. With no allow list, every provider that is not denied is admitted.
      </p>
      <p className="policy-mode" aria-live="polite">
        {allowList
          ? `An allow list is set: only ${policy.allowProviders.length === 1 ? 'one provider is' : `${policy.allowProviders.length} providers are`} admitted.`
          : 'No allow list: every provider that is not denied is admitted.'}
      </p>
      <div className="provider-rules">
        {providers.map((provider) => {
          const current = ruleOf(policy, provider.id);
          const outcome = outcomeOf(policy, provider.id);
          return (
            <fieldset key={provider.id} className="provider-rule" aria-describedby={`${id}-${provider.id}-outcome`}>
              <legend>{provider.name}</legend>
              <div className="rule-choices">
                {RULES.map(({ rule, label }) => (
                  <label key={rule} className="rule-choice">
                    <input
                      type="radio"
                      name={`${id}-${provider.id}`}
                      value={rule}
                      checked={current === rule}
                      disabled={disabled}
                      onChange={() => onChange(withRule(policy, provider.id, rule))}
                    />
                    {label}
                  </label>
                ))}
              </div>
              <p
                id={`${id}-${provider.id}-outcome`}
                className={`rule-outcome ${outcome.admitted ? 'admitted' : 'refused'}`}
              >
                {outcome.text}
              </p>
            </fieldset>
          );
        })}
      </div>
    </section>
  );
}
