import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import { api, ApiError, describeError, safeNext, unwrap } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Field";
import { AuthLayout } from "./AuthLayout";
import { useSetupStatus } from "./setupStatus";
import { meKey, useMe } from "./useMe";

export function SignInPage() {
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const setupStatus = useSetupStatus();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const signIn = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/login", { body: { email, password } })),
    onSuccess: (data) => {
      queryClient.clear();
      queryClient.setQueryData(meKey, data);
      navigate(next, { replace: true });
    },
  });
  if (me.data) return <Navigate to={next} replace />;
  // A fresh server has nobody to sign in: its first visitor belongs on the setup page.
  if (setupStatus.data?.required) return <Navigate to="/setup" replace />;

  const error = signIn.error;
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  const formError = error && !(error instanceof ApiError && error.problem.errors) ? describeError(error) : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    signIn.mutate();
  };
  return (
    <AuthLayout
      title="Sign in"
      subtitle={params.get("expired") ? "Your session ended. Sign in to carry on where you were." : "Welcome back. Your inbox is waiting."}
      footer={<>First time on this server? <Link to="/setup">Set up Parley</Link></>}
    >
      <form onSubmit={submit} noValidate className="stack">
        {formError ? <div role="alert" className="alert alert-error">{formError}</div> : null}
        <Field label="Email" type="email" name="email" autoComplete="username" autoFocus required value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError("email")} />
        <Field label="Password" type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError("password")} />
        <Button type="submit" variant="primary" disabled={signIn.isPending}>
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
    </AuthLayout>
  );
}
