import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  ApiError,
  changePassword,
  fetchSession,
  giveSecondFactor,
  onSignInRequired,
  pendingStepOf,
  signIn,
  signOut,
  signOutEverywhere,
  type Me,
  type SecondFactorStep,
  type StaffRole,
} from './api';

export type SessionState =
  | { kind: 'loading' }
  | { kind: 'signedOut' }
  /** The password was right; the authenticator's code is owed, or enrolling one. */
  | { kind: 'secondFactor'; step: SecondFactorStep }
  | { kind: 'signedIn'; staff: Me }
  | { kind: 'failed'; error: Error };

interface Session {
  state: SessionState;
  /** True when signed in; false when a second factor is owed first (the state says which step). */
  signIn: (email: string, password: string) => Promise<boolean>;
  giveSecondFactor: (code: string) => Promise<void>;
  /** After enrolling an authenticator: the renewed session's person. */
  enrolled: (staff: Me) => void;
  signOut: () => Promise<void>;
  /** Ends the person's sessions on every device, this one included. */
  signOutEverywhere: () => Promise<void>;
  changePassword: (currentPassword: string, newPassword: string) => Promise<void>;
  retry: () => void;
}

const SessionContext = createContext<Session | null>(null);

/** A 401's state: a session still owing its second factor is not signed out. */
const signedOutOrPending = (code: string): SessionState => {
  const step = pendingStepOf(code);
  return step ? { kind: 'secondFactor', step } : { kind: 'signedOut' };
};

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  const load = useCallback(() => {
    setState({ kind: 'loading' });
    fetchSession().then(
      (staff) => setState({ kind: 'signedIn', staff }),
      (error: unknown) =>
        setState(
          error instanceof ApiError && error.httpStatus === 401
            ? signedOutOrPending(error.code)
            : { kind: 'failed', error: error instanceof Error ? error : new Error(String(error)) },
        ),
    );
  }, []);

  useEffect(() => {
    // Any 401 from the API means the session is gone: the guard sends the person to sign in.
    onSignInRequired((code) => setState(signedOutOrPending(code)));
    load();
  }, [load]);

  const session = useMemo(
    (): Session => ({
      state,
      signIn: async (email, password) => {
        const answer = await signIn(email, password);
        if ('secondFactor' in answer) {
          setState({ kind: 'secondFactor', step: answer.secondFactor });
          return false;
        }
        setState({ kind: 'signedIn', staff: answer });
        return true;
      },
      giveSecondFactor: async (code) => setState({ kind: 'signedIn', staff: await giveSecondFactor(code) }),
      enrolled: (staff) => setState({ kind: 'signedIn', staff }),
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
