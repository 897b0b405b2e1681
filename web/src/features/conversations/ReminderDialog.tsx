import { useId, useState, type FormEvent } from "react";
import { ApiError, describeError } from "../../api/client";
import { Button } from "../../components/ui/Button";
import { Dialog } from "../../components/ui/Dialog";
import { useToast } from "../../components/ui/Toast";
import { formatTime } from "../../lib/time";
import { useAddReminder } from "./api";
import { shortDate } from "./timelineModel";

export type Preset = "hour" | "tomorrow" | "monday" | "custom";

/** When each preset fires, in the browser's time zone: in 1 h, tomorrow 09:00, next Monday 09:00. */
export function presetTime(preset: Exclude<Preset, "custom">, now = new Date()): Date {
  if (preset === "hour") return new Date(now.getTime() + 60 * 60_000);
  const d = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 9, 0, 0, 0);
  if (preset === "tomorrow") d.setDate(d.getDate() + 1);
  else d.setDate(d.getDate() + (((8 - d.getDay()) % 7) || 7));
  return d;
}

/** The value of a datetime-local input for a time ("2026-03-04T09:00"), in the browser's zone. */
export function localInputValue(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const when = (d: Date, now: Date) => `${shortDate(d, now)} ${formatTime(d.toISOString())}`;

/** A reminder on the conversation: at its time an event appears, and an on-hold conversation reopens. */
export function ReminderDialog({ conversationId, open, onOpenChange }: { conversationId: string; open: boolean; onOpenChange: (open: boolean) => void }) {
  const add = useAddReminder(conversationId);
  const toast = useToast();
  const id = useId();
  const [preset, setPreset] = useState<Preset>("tomorrow");
  const [custom, setCustom] = useState("");
  const [note, setNote] = useState("");
  const [now, setNow] = useState(() => new Date());

  const close = (o: boolean) => {
    onOpenChange(o);
    if (o) setNow(new Date());
    else {
      setPreset("tomorrow");
      setCustom("");
      setNote("");
      add.reset();
    }
  };
  const at = preset === "custom" ? (custom ? new Date(custom) : null) : presetTime(preset, now);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!at || Number.isNaN(at.getTime())) return;
    add.mutate(
      { at: at.toISOString(), note: note.trim() || null },
      { onSuccess: (r) => (toast(`Reminder set for ${when(new Date(r.dueAt), new Date())}`), close(false)) },
    );
  };
  const fieldError = (name: string) => (add.error instanceof ApiError ? add.error.field(name) : undefined);
  const atError = fieldError("at");
  const noteError = fieldError("note");
  const otherError = add.error && !atError && !noteError ? describeError(add.error) : null;
  const options: [Exclude<Preset, "custom">, string][] = [
    ["hour", "In 1 hour"],
    ["tomorrow", "Tomorrow at 9:00"],
    ["monday", "Next Monday at 9:00"],
  ];

  return (
    <Dialog open={open} onOpenChange={close} title="Remind me" description="At that time the conversation shows a reminder, and one on hold reopens.">
      <form className="reminder-form" onSubmit={submit}>
        <fieldset className="reminder-presets" aria-describedby={atError ? `${id}-at` : undefined}>
          <legend className="sr-only">When</legend>
          {options.map(([value, text]) => (
            <label key={value} className="merge-option">
              <input type="radio" name={`${id}-when`} checked={preset === value} onChange={() => setPreset(value)} />
              <span>{text}</span>
              <span className="muted small">{when(presetTime(value, now), now)}</span>
            </label>
          ))}
          <label className="merge-option">
            <input type="radio" name={`${id}-when`} checked={preset === "custom"} onChange={() => setPreset("custom")} />
            <span>Pick a date and time</span>
          </label>
          {preset === "custom" ? (
            <input
              type="datetime-local"
              className="popover-input"
              aria-label="Date and time of the reminder"
              min={localInputValue(now)}
              value={custom}
              onChange={(e) => setCustom(e.target.value)}
              aria-invalid={atError ? true : undefined}
              required
            />
          ) : null}
          {atError ? <p id={`${id}-at`} className="field-error">{atError}</p> : null}
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-note`}>Note (optional)</label>
          <input id={`${id}-note`} value={note} maxLength={1000} onChange={(e) => setNote(e.target.value)} placeholder="What to check" aria-invalid={noteError ? true : undefined} aria-describedby={noteError ? `${id}-note-err` : undefined} />
          {noteError ? <p id={`${id}-note-err`} className="field-error">{noteError}</p> : null}
        </div>
        {otherError ? <p className="field-error" role="alert">{otherError}</p> : null}
        <div className="dialog-actions">
          <Button onClick={() => close(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={!at || add.isPending}>{add.isPending ? "Saving…" : "Set reminder"}</Button>
        </div>
      </form>
    </Dialog>
  );
}
