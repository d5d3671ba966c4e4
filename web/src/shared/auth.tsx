// Who is logged in: read from /auth/session when a page opens, set by logging in, cleared by logging
// out. Both the console and the phone pages use it.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, setCsrfToken } from './api';
import type { Me, Resource } from './types';

interface AuthState {
  me: Me | null;
  /** True until /auth/me has answered once. */
  loading: boolean;
  login(username: string, password: string): Promise<Me>;
  logout(): Promise<void>;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let live = true;
    api
      .get<{ account: Me | null }>('/auth/session')
      .then(({ account }) => {
        if (!live || !account) return;
        setCsrfToken(account.csrfToken);
        setMe(account);
      })
      .catch((error: unknown) => console.warn('auth/session', error))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const found = await api.post<Me>('/auth/login', { username, password });
    setCsrfToken(found.csrfToken);
    setMe(found);
    return found;
  }, []);

  // Only a logout the server confirmed clears the page: otherwise the session cookie would stay
  // valid behind a page that looks logged out (on a shared tablet, for the next person).
  const logout = useCallback(async () => {
    try {
      await api.post('/auth/logout');
    } catch (error) {
      // 401: the session had already ended, which is what logging out asks for.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setCsrfToken(null);
    setMe(null);
  }, []);

  const value = useMemo(() => ({ me, loading, login, logout }), [me, loading, login, logout]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}

/** Whether the account may take `action` (r, c, u, d) on `resource`. */
export function may(me: Me | null, resource: Resource, action: 'r' | 'c' | 'u' | 'd' = 'r'): boolean {
  return me?.grants[resource]?.includes(action) ?? false;
}
