/** Why a model cannot be used now (the server's words for it). */
export type UnavailableReason = 'needs-key' | 'denied-by-admin' | 'provider-down';

/** One model of `GET /api/catalog`, as the member asking may use it. */
export interface CatalogModel {
  readonly id: string;
  readonly name: string;
  readonly provider: string;
  readonly tier: string;
  readonly price: { readonly inputPerMillion: number; readonly outputPerMillion: number };
  readonly providers: readonly string[];
  readonly available: boolean;
  readonly reason: UnavailableReason | null;
}

/** The workspace's default model for a context, and whether members may pick another. */
export interface ContextDefault {
  readonly model: string;
  readonly userMayChange: boolean;
}

/** `GET /api/catalog`. */
export interface Catalog {
  readonly models: readonly CatalogModel[];
  readonly defaults: { readonly chat?: ContextDefault };
}

/** One provider of `GET /api/providers` (only what the web app shows). */
export interface ProviderSummary {
  readonly id: string;
  readonly name: string;
}

const REASONS: Record<UnavailableReason, string> = {
  'needs-key': 'needs a key',
  'denied-by-admin': 'denied by the admin',
  'provider-down': 'provider down',
};

/** A model's availability in words: "ready", "needs a key", "denied by the admin", "provider down". */
export function availabilityInWords(model: CatalogModel): string {
  return model.available || !model.reason ? 'ready' : REASONS[model.reason];
}

function dollars(amount: number): string {
  return `$${Number.isInteger(amount) ? amount : amount.toFixed(2).replace(/0$/, '')}`;
}

/** A model's list price: "$1.25 / $10 per M tokens" (input / output). */
export function priceInWords(price: CatalogModel['price']): string {
  return `${dollars(price.inputPerMillion)} / ${dollars(price.outputPerMillion)} per M tokens`;
}

/** A provider's display name as the server gives it ("ChatGPT" for `openai`, "Claude" for `anthropic`), else its id. */
export function providerName(providers: readonly ProviderSummary[], id: string | undefined): string {
  if (!id) return 'an unknown provider';
  return providers.find((provider) => provider.id === id)?.name ?? id;
}
