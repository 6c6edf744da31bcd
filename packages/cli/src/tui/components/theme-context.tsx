import { createContext, useContext } from 'react';
import { createTheme, type Theme } from '../theme.js';

/** The chat's colours (none under NO_COLOR). */
export const ThemeContext = createContext<Theme>(createTheme(false));

/** The current {@link Theme}. */
export function useTheme(): Theme {
  return useContext(ThemeContext);
}
