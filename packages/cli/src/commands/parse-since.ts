import { SwitchboardError } from '@switchboard/core';

const UNITS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * `--since`: a duration back from `now` (`30m`, `2h`, `7d`, `2w`) or a date/time (`2026-12-01`,
 * ISO 8601). Returns epoch ms.
 * @throws SwitchboardError `INVALID_INPUT` (exit 2) naming the accepted forms.
 */
export function parseSince(value: string, now: number): number {
  const duration = /^(\d+)\s*([mhdw])$/i.exec(value.trim());
  if (duration) return now - Number(duration[1]) * UNITS[duration[2]!.toLowerCase()]!;
  const date = Date.parse(value);
  if (!Number.isNaN(date)) return date;
  throw new SwitchboardError('INVALID_INPUT', `--since "${value}" is neither a duration nor a date.`, {
    hint: 'Use e.g. 30m, 2h, 7d, 2w, or a date such as 2026-12-01 or 2026-12-01T15:00.',
  });
}
