import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, messageOf } from './api.js';
import { navigate } from './navigation.js';

/** What {@link useResource} gives a page: the loaded value (undefined while loading), the failure, a reload. */
export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: string | undefined;
  readonly reload: () => Promise<void>;
}

/**
 * Loads `GET path` when the component mounts and on `reload()`. A stranger (401) is sent to
 * `/sign-in`; any other failure becomes `error` in words, and the last value stays shown.
 */
export function useResource<T>(path: string): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const reload = useCallback(async () => {
    try {
      setData(await api<T>(path));
      setError(undefined);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) navigate('/sign-in', { replace: true });
      else setError(messageOf(failure));
    }
  }, [path]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}
