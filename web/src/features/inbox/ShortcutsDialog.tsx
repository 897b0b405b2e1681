import { Dialog } from "../../components/ui/Dialog";
import { shortcutList } from "./useShortcuts";

export function ShortcutsDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (o: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Keyboard shortcuts" description="They work anywhere except while you type in a field.">
      <dl className="shortcuts">
        {shortcutList.map(([keys, what]) => (
          <div key={keys} className="shortcut">
            <dt>{keys.split(" ").map((k, i) => (k === "/" && keys !== "/") || k === "+" ? <span key={i} className="muted"> {k} </span> : <kbd key={i}>{k}</kbd>)}</dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
