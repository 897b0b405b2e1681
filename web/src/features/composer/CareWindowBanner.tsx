import { Clock, Lock } from "lucide-react";
import { useEffect, useState } from "react";
import { Tooltip } from "../../components/ui/Tooltip";
import type { CareWindowState } from "./careWindow";

/** The time now, refreshed every `ms` while `running` (the banner's countdown; nothing ticks otherwise). */
export function useNow(ms: number, running: boolean): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!running) return;
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), ms);
    return () => clearInterval(timer);
  }, [ms, running]);
  return now;
}

/** WhatsApp's care window above the composer: the time left (exact time on hover or focus), or closed. */
export function CareWindowBanner({ state }: { state: CareWindowState }) {
  if (state.kind === "none") return null;
  if (state.kind === "closed")
    return (
      <div className="care-banner care-closed" role="status">
        <Lock size={14} aria-hidden="true" />
        <span>{state.text}</span>
      </div>
    );
  return (
    <div className={`care-banner care-open${state.urgent ? " care-urgent" : ""}`} role="status">
      <Clock size={14} aria-hidden="true" />
      {state.exact ? (
        <Tooltip content={state.exact}>
          <time dateTime={state.closesAt ?? undefined} tabIndex={0} className="care-time">{state.text}</time>
        </Tooltip>
      ) : (
        <span>{state.text}</span>
      )}
    </div>
  );
}
