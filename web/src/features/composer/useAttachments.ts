import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError, describeError } from "../../api/client";
import { uploadAttachment, type Attachment } from "./api";

export type Upload =
  | { key: number; name: string; size: number; state: "uploading" }
  | { key: number; name: string; size: number; state: "done"; attachment: Attachment }
  | { key: number; name: string; size: number; state: "refused"; error: string };

/** Why the server refused a file, in its own words (413 too large, 415 or 400 not a type it takes). */
function refusal(error: unknown): string {
  if (error instanceof ApiError) return error.field("file") ?? error.problem.detail ?? error.message;
  return describeError(error);
}

/**
 * Files being attached to the next message: each one uploads as soon as it is added, and its chip
 * follows it (uploading, done, refused). Removing a file that is still uploading cancels it.
 */
export function useAttachments(upload: typeof uploadAttachment = uploadAttachment) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const next = useRef(1);
  const inFlight = useRef(new Map<number, AbortController>());

  useEffect(() => {
    const running = inFlight.current;
    return () => running.forEach((c) => c.abort());
  }, []);

  const add = useCallback(
    (files: Iterable<File>) => {
      for (const file of files) {
        const key = next.current++;
        const controller = new AbortController();
        inFlight.current.set(key, controller);
        setUploads((list) => [...list, { key, name: file.name || "Pasted file", size: file.size, state: "uploading" }]);
        const settle = (u: Upload) => setUploads((list) => list.map((x) => (x.key === key ? u : x)));
        upload(file, controller.signal).then(
          (attachment) => {
            if (controller.signal.aborted) return;
            settle(attachment.status === "Failed"
              ? { key, name: attachment.fileName, size: file.size, state: "refused", error: attachment.error ?? "The server could not store this file." }
              : { key, name: attachment.fileName, size: attachment.size, state: "done", attachment });
          },
          (error: unknown) => {
            if (!controller.signal.aborted) settle({ key, name: file.name, size: file.size, state: "refused", error: refusal(error) });
          },
        ).finally(() => inFlight.current.delete(key));
      }
    },
    [upload],
  );

  const remove = useCallback((key: number) => {
    inFlight.current.get(key)?.abort();
    inFlight.current.delete(key);
    setUploads((list) => list.filter((u) => u.key !== key));
  }, []);

  /** After a send: the files it carried go, and so do the refused ones; a file added meanwhile stays. */
  const clearSent = useCallback((sent: string[]) => setUploads((list) => list.filter((u) => u.state === "uploading" || (u.state === "done" && !sent.includes(u.attachment.id)))), []);

  const ids = uploads.flatMap((u) => (u.state === "done" ? [u.attachment.id] : []));
  const uploading = uploads.some((u) => u.state === "uploading");
  return { uploads, ids, uploading, add, remove, clearSent };
}
