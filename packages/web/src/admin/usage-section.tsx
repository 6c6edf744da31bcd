import { useEffect, useId, useState } from 'react';
import type { ProviderSummary } from '../catalog.js';
import { providerName } from '../catalog.js';
import { api, ApiError, messageOf } from '../api.js';
import { ErrorMessage } from '../layout.js';
import { navigate } from '../navigation.js';
import { useResource } from '../use-resource.js';
import { BarChart } from './bar-chart.js';
import { DayChart } from './day-chart.js';
import { UsageFigure } from './usage-figure.js';
import {
  formatCost,
  formatCount,
  MEASURES,
  sumOf,
  type UsageMeasure,
  type UsageSummary,
  type UsageTotals,
} from './usage-summary.js';
import { useMemberEmails } from './use-member-emails.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * `GET /api/admin/usage` since `since` (the server's default when unset). Typing a date changes
 * it once per field, so answers can cross: only the one for the latest day is kept.
 */
function useUsage(since: string | undefined): { data: UsageSummary | undefined; error: string | undefined } {
  const [data, setData] = useState<UsageSummary>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let current = true;
    api<UsageSummary>(since ? `/api/admin/usage?since=${since}` : '/api/admin/usage').then(
      (answer) => {
        if (!current) return;
        setData(answer);
        setError(undefined);
      },
      (failure: unknown) => {
        if (!current) return;
        if (failure instanceof ApiError && failure.status === 401) navigate('/sign-in', { replace: true });
        else setError(messageOf(failure));
      },
    );
    return () => {
      current = false;
    };
  }, [since]);
  return { data, error };
}

/**
 * The workspace's usage since a day (`GET /api/admin/usage?since=`): totals, then charts by
 * member, provider, model and day, in requests, tokens or estimated cost — each chart with its
 * numbers as a table. Days are UTC, as the server counts them.
 */
export function UsageSection() {
  const id = useId();
  // Unset until the server says its default (the month's first day, UTC), then the picker's day.
  const [since, setSince] = useState<string>();
  const [measure, setMeasure] = useState<UsageMeasure>('requests');
  const usage = useUsage(since);
  const providers = useResource<{ providers: ProviderSummary[] }>('/api/providers');
  const emailOf = useMemberEmails();
  const today = new Date().toISOString().slice(0, 10);

  useEffect(() => {
    if (since === undefined && usage.data) setSince(usage.data.since);
  }, [since, usage.data]);

  const data = usage.data;
  const loading = data === undefined || (since !== undefined && data.since !== since);
  const providerOf = (key: string) => providerName(providers.data?.providers ?? [], key);
  const same = (key: string) => key;
  const totals = data ? sumOf(data.byProvider) : undefined;
  const charts: {
    title: string;
    keyHeading: string;
    rows: readonly UsageTotals[];
    labelOf: (key: string) => string;
  }[] = data
    ? [
        { title: 'Usage by member', keyHeading: 'Member', rows: data.byUser ?? [], labelOf: emailOf },
        { title: 'Usage by provider', keyHeading: 'Provider', rows: data.byProvider, labelOf: providerOf },
        { title: 'Usage by model', keyHeading: 'Model', rows: data.byModel, labelOf: same },
      ]
    : [];

  return (
    <div className="usage">
      <div className="panel usage-controls">
        <div className="field-inline">
          <label htmlFor={`${id}-since`}>Since</label>
          <input
            id={`${id}-since`}
            type="date"
            max={today}
            value={since ?? ''}
            aria-describedby={`${id}-since-hint`}
            onChange={(event) => {
              // A half-typed date is empty or malformed: keep the last range until it is whole.
              if (DAY.test(event.target.value)) setSince(event.target.value);
            }}
          />
          <span id={`${id}-since-hint`} className="muted">
            Days are counted in UTC.
          </span>
        </div>
        <fieldset className="measure-choice">
          <legend>Show</legend>
          {MEASURES.map((option) => (
            <label key={option.measure} className="rule-choice">
              <input
                type="radio"
                name={`${id}-measure`}
                value={option.measure}
                checked={measure === option.measure}
                onChange={() => setMeasure(option.measure)}
              />
              {option.label}
            </label>
          ))}
        </fieldset>
      </div>
      <ErrorMessage message={usage.error} />
      <p className="muted" aria-live="polite">
        {loading && !usage.error ? 'Loading usage…' : ''}
      </p>
      {data && totals && !loading && (
        <>
          {totals.requests === 0 ? (
            <p className="panel usage-empty">
              No usage since {data.since}. Requests members make through the chat, the API or agents show here.
            </p>
          ) : (
            <>
              <dl className="panel usage-totals" aria-label={`Totals since ${data.since}`}>
                <div>
                  <dt>Requests</dt>
                  <dd data-testid="total-requests">{formatCount(totals.requests)}</dd>
                </div>
                <div>
                  <dt>Tokens</dt>
                  <dd>{formatCount(totals.inputTokens + totals.outputTokens)}</dd>
                </div>
                <div>
                  <dt>Estimated cost</dt>
                  <dd>{formatCost(totals.costUsd)}</dd>
                </div>
              </dl>
              {charts.map((chart) => (
                <UsageFigure
                  key={chart.title}
                  title={chart.title}
                  rows={chart.rows}
                  keyHeading={chart.keyHeading}
                  labelOf={chart.labelOf}
                >
                  <BarChart rows={chart.rows} measure={measure} labelOf={chart.labelOf} />
                </UsageFigure>
              ))}
              <UsageFigure title="Usage by day" rows={data.byDay} keyHeading="Day (UTC)" labelOf={same}>
                <DayChart rows={data.byDay} measure={measure} since={data.since} today={today} />
              </UsageFigure>
            </>
          )}
        </>
      )}
    </div>
  );
}
