import * as RadixDialog from "@radix-ui/react-dialog";
import { useRef, type ReactNode } from "react";
import { Button } from "./Button";
import "./confirm-dialog.css";

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  /** What will happen, in the reader's terms (who is affected, whether it can be undone). */
  body: ReactNode;
  confirmLabel: string;
  cancelLabel?: string;
  /** Deletes or changes something for somebody else: red confirm button, focus starts on Cancel. */
  destructive?: boolean;
  onConfirm: () => void;
}

/** Asks before an action that cannot be taken back lightly; replaces window.confirm. */
export function ConfirmDialog({ open, onOpenChange, title, body, confirmLabel, cancelLabel = "Cancel", destructive, onConfirm }: ConfirmDialogProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  return (
    <RadixDialog.Root open={open} onOpenChange={onOpenChange}>
      <RadixDialog.Portal>
        <RadixDialog.Overlay className="dialog-overlay" />
        <RadixDialog.Content
          role="alertdialog"
          className="dialog confirm-dialog"
          onOpenAutoFocus={(e) => {
            // A slip of the Enter key must not delete: destructive confirmations start on Cancel.
            e.preventDefault();
            (destructive ? cancel : confirm).current?.focus();
          }}
        >
          <RadixDialog.Title className="dialog-title">{title}</RadixDialog.Title>
          <RadixDialog.Description asChild>
            <div className="confirm-body">{body}</div>
          </RadixDialog.Description>
          <div className="confirm-actions">
            <RadixDialog.Close asChild>
              <Button ref={cancel}>{cancelLabel}</Button>
            </RadixDialog.Close>
            <Button
              ref={confirm}
              variant={destructive ? "danger" : "primary"}
              onClick={() => {
                onConfirm();
                onOpenChange(false);
              }}
            >
              {confirmLabel}
            </Button>
          </div>
        </RadixDialog.Content>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
