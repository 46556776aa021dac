import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ConsoleApi } from '../api/console-api.js';
import type { Me } from '../api/types.js';
import { forgetAllQueues } from '../components/queue-order.js';

export type SessionState =
  | { status: 'loading' }
  /** `initial`: no session when the page opened; `expired`: the server ended it; `signedOut`: the user did. */
  | { status: 'anonymous'; reason: 'initial' | 'expired' | 'signedOut' }
  | { status: 'signedIn'; me: Me };

interface SessionValue {
  api: ConsoleApi;
  session: SessionState;
  signIn: (username: string, password: string) => Promise<Me>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Who is signed in, kept in step with the server: any 401 ends the session here too. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useMemo(() => new ConsoleApi(), []);
  const [session, setSession] = useState<SessionState>({ status: 'loading' });

  useEffect(() => {
    let live = true;
    api.me().then(
      (me) => live && setSession({ status: 'signedIn', me }),
      () => live && setSession({ status: 'anonymous', reason: 'initial' }),
    );
    const stop = api.http.onSessionExpired(() => {
      api.http.setCsrfToken(null);
      setSession((current) => (current.status === 'signedIn' ? { status: 'anonymous', reason: 'expired' } : current));
    });
    return () => {
      live = false;
      stop();
    };
  }, [api]);

  const signIn = useCallback(
    async (username: string, password: string) => {
      const me = await api.login(username, password);
      forgetAllQueues();
      setSession({ status: 'signedIn', me });
      return me;
    },
    [api],
  );

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setSession({ status: 'anonymous', reason: 'signedOut' });
    }
  }, [api]);

  const value = useMemo(() => ({ api, session, signIn, signOut }), [api, session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user; screens behind the sign-in gate may rely on it. */
export function useMe(): Me {
  const { session } = useSession();
  if (session.status !== 'signedIn') throw new Error('useMe on a signed-out screen');
  return session.me;
}

export function useApi(): ConsoleApi {
  return useSession().api;
}
