import * as Popover from "@radix-ui/react-popover";
import { Smile } from "lucide-react";
import { lazy, Suspense, useState } from "react";
import { Button } from "../../components/ui/Button";
import { Tooltip } from "../../components/ui/Tooltip";
import type { Emoji } from "./emojiData";

// The picker and its data are their own chunk, fetched the first time someone opens it.
const EmojiPicker = lazy(() => import("./EmojiPicker"));

/** The composer's emoji button: picks one emoji, closes, and gives the focus back to the text. */
export function EmojiButton({ onPick, onClosed, disabled }: { onPick: (emoji: string) => void; onClosed: () => void; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const pick = (e: Emoji) => {
    onPick(e.char);
    setOpen(false);
  };
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Tooltip content="Emoji">
        <Popover.Trigger asChild>
          <Button variant="ghost" size="sm" icon aria-label="Insert emoji" disabled={disabled}>
            <Smile size={16} aria-hidden="true" />
          </Button>
        </Popover.Trigger>
      </Tooltip>
      <Popover.Portal>
        <Popover.Content
          className="popover emoji-popover"
          side="top"
          align="start"
          sideOffset={6}
          collisionPadding={8}
          aria-label="Emoji"
          onCloseAutoFocus={(e) => {
            e.preventDefault();
            onClosed();
          }}
        >
          <Suspense fallback={<p className="muted emoji-loading" role="status">Loading emoji…</p>}>
            <EmojiPicker onPick={pick} />
          </Suspense>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
