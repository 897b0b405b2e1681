import { Dialog } from "../../components/ui/Dialog";
import { shortcutGroups } from "./useShortcuts";
import "./inbox.css";

/** "?": every shortcut, by where it works. */
export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" description="They work anywhere except while you type in a field.">
      {shortcutGroups.map((group) => (
        <section key={group.title} className="shortcut-group" aria-label={group.title}>
          <h3 className="shortcut-heading">{group.title}</h3>
          <dl className="shortcuts">
            {group.keys.map(([keys, what]) => (
              <div key={keys} className="shortcut">
                <dt>{keys.split(" ").map((k, i) => (k === "/" && keys !== "/") || k === "+" ? <span key={i} className="muted"> {k} </span> : <kbd key={i}>{k}</kbd>)}</dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
        </section>
      ))}
    </Dialog>
  );
}
