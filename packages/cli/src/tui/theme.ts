/** Colours of the chat; every one is undefined when colour is off (NO_COLOR, TERM=dumb). */
export interface Theme {
  readonly color: boolean;
  readonly accent: string | undefined;
  readonly user: string | undefined;
  readonly success: string | undefined;
  readonly warning: string | undefined;
  readonly error: string | undefined;
  readonly muted: string | undefined;
  readonly code: string | undefined;
}

/** The palette, or none at all when `color` is false. */
export function createTheme(color: boolean): Theme {
  if (!color)
    return {
      color,
      accent: undefined,
      user: undefined,
      success: undefined,
      warning: undefined,
      error: undefined,
      muted: undefined,
      code: undefined,
    };
  return {
    color,
    accent: 'cyan',
    user: 'blue',
    success: 'green',
    warning: 'yellow',
    error: 'red',
    muted: 'gray',
    code: 'yellow',
  };
}

/** Colour unless `NO_COLOR` is set to anything non-empty (https://no-color.org) or `TERM=dumb`. */
export function colorEnabled(environment: Readonly<Record<string, string | undefined>>): boolean {
  const noColor = environment.NO_COLOR !== undefined && environment.NO_COLOR !== '';
  return !noColor && environment.TERM !== 'dumb';
}
