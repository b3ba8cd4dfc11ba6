import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  ApiError,
  changePassword,
  fetchSession,
  onSignInRequired,
  signIn,
  signOut,
  signOutEverywhere,
  type Me,
  type StaffRole,
} from './api';

export type SessionState =
  | { kind: 'loading' }
  | { kind: 'signedOut' }
  | { kind: 'signedIn'; staff: Me }
  | { kind: 'failed'; error: Error };

interface Session {
  state: SessionState;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  /** Ends the person's sessions on every device, this one included. */
  signOutEverywhere: () => Promise<void>;
  changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  const load = useCallback(() => {
    setState({ kind: 'loading' });
    fetchSession().then(
      (staff) => setState({ kind: 'signedIn', staff }),
      (error: unknown) =>
        setState(
          error instanceof ApiError && error.httpStatus === 401
            ? { kind: 'signedOut' }
            : { kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) },
        ),
    );
  }, []);

  useEffect(() => {
    // Any 401 from the API means the session is gone: the guard sends the person to sign in.
    onSignInRequired(() => setState({ kind: 'signedOut' }));
    load();
  }, [load]);

  const session = useMemo(
    (): Session => ({
      state,
      signIn: async (email, password) => setState({ kind: 'signedIn', staff: await signIn(email, password) }),
      signOut: async () => {
        await signOut();
        setState({ kind: 'signedOut' });
      },
      signOutEverywhere: async () => {
        await signOutEverywhere();
        setState({ kind: 'signedOut' });
      },
      changePassword: async (currentPassword, newPassword) =>
        setState({ kind: 'signedIn', staff: await changePassword(currentPassword, newPassword) }),
      retry: load,
    }),
    [state, load],
  );

  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

/** The signed-in person; only for pages behind the sign-in guard. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.kind !== 'signedIn') throw new Error('useMe is only for pages behind the sign-in guard');
  return state.staff;
}

/** Whether the person holds any of these roles (they may hold several). */
export const holds = (me: Me, ...roles: StaffRole[]): boolean =>
  (me.roles ?? [me.role]).some((role) => roles.includes(role));
