import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { describeError, signInUrl } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { useMe } from "./useMe";

export function RequireAuth({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <div className="boot" role="status" aria-busy="true" aria-label="Loading Parley" />;
  if (me.isError)
    return (
      <main className="auth">
        <div className="auth-card" role="alert">
          <h1>Parley can't reach its server</h1>
          <p className="muted">{describeError(me.error)}</p>
          <Button variant="primary" onClick={() => me.refetch()}>Try again</Button>
        </div>
      </main>
    );
  if (!me.data) return <Navigate to={signInUrl(location)} replace />;
  return <>{children}</>;
}
