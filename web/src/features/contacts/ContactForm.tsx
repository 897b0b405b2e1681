import { useState, type FormEvent } from "react";
import { ApiError, describeError } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Field } from "../../components/ui/Field";
import type { Contact, ContactChanges } from "./api";

type Fields = "name" | "phone" | "email" | "externalId";
const labels: Record<Fields, string> = { name: "Name", phone: "Phone", email: "Email", externalId: "External id" };

/** What changed, as the API reads it: a field left as it was is not sent, an emptied one is "" (cleared). */
export function changesOf(contact: Contact, values: Record<Fields, string> & { optedOut: boolean }): ContactChanges {
  const changes: ContactChanges = {};
  (Object.keys(labels) as Fields[]).forEach((k) => {
    const now = values[k].trim();
    if (now !== (contact[k] ?? "")) changes[k] = now;
  });
  if (values.optedOut !== contact.optedOut) changes.optedOut = values.optedOut;
  return changes;
}

/**
 * Edit a contact, with the server's own message next to each field it refused. Also "Save as
 * contact" for an unknown sender: then only the name is asked for.
 */
export function ContactForm({ contact, onSave, onDone, nameOnly }: {
  contact: Contact;
  onSave: (changes: ContactChanges) => Promise<unknown>;
  onDone: () => void;
  nameOnly?: boolean;
}) {
  const [values, setValues] = useState({
    name: contact.name ?? "",
    phone: contact.phone ?? "",
    email: contact.email ?? "",
    externalId: contact.externalId ?? "",
    optedOut: contact.optedOut,
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (k: Fields) => (error instanceof ApiError ? error.field(k) : undefined);
  const fieldsRefused = (Object.keys(labels) as Fields[]).some((k) => fieldError(k));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const changes = changesOf(contact, values);
    if (Object.keys(changes).length === 0) return onDone();
    setBusy(true);
    setError(null);
    try {
      await onSave(changes);
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const field = (k: Fields, extra?: { type?: string; autoComplete?: string; inputMode?: "tel" | "email"; hint?: string }) => (
    <Field
      key={k}
      label={labels[k]}
      name={k}
      value={values[k]}
      onChange={(e) => setValues((v) => ({ ...v, [k]: e.target.value }))}
      error={fieldError(k)}
      hint={extra?.hint}
      type={extra?.type}
      autoComplete={extra?.autoComplete ?? "off"}
      inputMode={extra?.inputMode}
    />
  );
  return (
    <form className="contact-form" onSubmit={submit} aria-label={nameOnly ? "Save as contact" : "Edit contact"} noValidate>
      {field("name", { hint: nameOnly ? "How this sender shows in every list." : undefined })}
      {nameOnly ? null : (
        <>
          {field("phone", { type: "tel", inputMode: "tel", hint: "Any format; stored as +15550102000." })}
          {field("email", { type: "email", inputMode: "email" })}
          {field("externalId", { hint: "The contact's id in your own systems." })}
          <label className="contact-optout-check">
            <input type="checkbox" checked={values.optedOut} onChange={(e) => setValues((v) => ({ ...v, optedOut: e.target.checked }))} />
            Opted out: send this contact nothing
          </label>
        </>
      )}
      {error && !fieldsRefused ? <p className="alert alert-error" role="alert">{describeError(error)}</p> : null}
      {fieldsRefused ? <p className="sr-only" role="alert">Not saved: check the fields marked above.</p> : null}
      <div className="contact-form-actions">
        <Button type="submit" variant="primary" size="sm" disabled={busy || (nameOnly && !values.name.trim())}>{busy ? "Saving…" : nameOnly ? "Save as contact" : "Save"}</Button>
        {nameOnly ? null : <Button size="sm" variant="ghost" onClick={onDone} disabled={busy}>Cancel</Button>}
      </div>
    </form>
  );
}
