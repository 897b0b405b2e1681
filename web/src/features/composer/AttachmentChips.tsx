import { AlertTriangle, FileText, Image as ImageIcon, Loader2, X } from "lucide-react";
import { formatSize } from "./text";
import type { Upload } from "./useAttachments";

/** The files of the next message: name, size, where the upload stands, and a way to take each one out. */
export function AttachmentChips({ uploads, onRemove }: { uploads: Upload[]; onRemove: (key: number) => void }) {
  if (uploads.length === 0) return null;
  return (
    <ul className="chips" aria-label="Attached files">
      {uploads.map((u) => {
        const status = u.state === "uploading" ? `Uploading… ${formatSize(u.size)}` : u.state === "refused" ? `Not attached: ${u.error}` : formatSize(u.size);
        const Icon = u.state === "uploading" ? Loader2 : u.state === "refused" ? AlertTriangle : /\.(png|jpe?g|gif|webp)$/i.test(u.name) ? ImageIcon : FileText;
        return (
          <li key={u.key} className={`chip chip-${u.state}`} aria-busy={u.state === "uploading" ? true : undefined}>
            <Icon size={14} aria-hidden="true" className={u.state === "uploading" ? "chip-spin" : undefined} />
            <span className="chip-text">
              <span className="chip-name" title={u.name}>{u.name}</span>
              <span className="chip-status" role={u.state === "refused" ? "alert" : undefined}>{status}</span>
            </span>
            {u.state === "uploading" ? <span className="chip-progress" aria-hidden="true" /> : null}
            <button type="button" className="chip-remove" aria-label={`Remove ${u.name}`} onClick={() => onRemove(u.key)}>
              <X size={12} aria-hidden="true" />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
