import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, Navigate, useNavigate } from "react-router";
import { api, ApiError, describeError, unwrap } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Field";
import { AuthLayout } from "./AuthLayout";
import { setupKey, useSetupStatus } from "./setupStatus";
import { meKey, fetchMe } from "./useMe";

/** First run: found the organisation and its first admin (POST /api/v1/setup, 409 once done). */
export function SetupPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const setupStatus = useSetupStatus();
  const [form, setForm] = useState({ organizationName: "", name: "", email: "", password: "" });
  const setup = useMutation({
    mutationFn: async () => {
      await unwrap(api.POST("/api/v1/setup", { body: form }));
      // Setup creates the admin; signing in starts the session.
      await unwrap(api.POST("/api/v1/auth/login", { body: { email: form.email, password: form.password } }));
      return fetchMe();
    },
    onSuccess: (me) => {
      // Whatever was asked while signed out (the start-up list's 401) is not this session's.
      queryClient.clear();
      queryClient.setQueryData(setupKey, { required: false });
      queryClient.setQueryData(meKey, me);
      navigate("/inbox/mine", { replace: true });
    },
  });
  // A server that is set up already has nothing to offer here; but not while this very form is
  // finishing its setup (it signs in and goes to the inbox itself).
  if (setupStatus.data?.required === false && setup.isIdle) return <Navigate to="/sign-in" replace />;
  const error = setup.error;
  const alreadySetUp = error instanceof ApiError && error.status === 409;
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  const formError = error && !alreadySetUp && !(error instanceof ApiError && error.problem.errors) ? describeError(error) : undefined;
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setup.mutate();
  };
  return (
    <AuthLayout
      title="Set up Parley"
      subtitle="Create your organisation and its first admin. You can invite your team afterwards."
      footer={<>Already set up? <Link to="/sign-in">Sign in</Link></>}
    >
      {alreadySetUp ? (
        <div role="alert" className="alert alert-info">
          This server is already set up. <Link to="/sign-in">Sign in</Link> with your account, or ask an admin to invite you.
        </div>
      ) : null}
      <form onSubmit={submit} noValidate className="stack">
        {formError ? <div role="alert" className="alert alert-error">{formError}</div> : null}
        <Field label="Organisation name" name="organizationName" autoFocus required value={form.organizationName} onChange={set("organizationName")} error={fieldError("organizationName")} />
        <Field label="Your name" name="name" autoComplete="name" required value={form.name} onChange={set("name")} error={fieldError("name")} />
        <Field label="Email" type="email" name="email" autoComplete="username" required value={form.email} onChange={set("email")} error={fieldError("email")} />
        <Field label="Password" type="password" name="password" autoComplete="new-password" required value={form.password} onChange={set("password")} error={fieldError("password")} hint="At least 10 characters. A passphrase is easiest to remember." />
        <Button type="submit" variant="primary" disabled={setup.isPending}>
          {setup.isPending ? "Setting up…" : "Create organisation"}
        </Button>
      </form>
    </AuthLayout>
  );
}
