import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { api, unwrap, type Schemas } from "../../api/client";

export type Template = Schemas["TemplateResponse"];
export type TemplateKind = Schemas["TemplateKind"];
export type Attachment = Schemas["AttachmentResponse"];
export type Contact = Schemas["ContactResponse"];

/** The value, once it has stopped changing for `ms` (search as you type without a request per key). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const templateLimit = 50;

/** Templates whose name starts with `q` (the server's search), of one kind or all. */
export function useTemplateSearch(q: string, kind: TemplateKind | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ["templates", "search", kind ?? "all", q],
    enabled,
    staleTime: 30_000,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      unwrap(api.GET("/api/v1/templates", { params: { query: { q: q || undefined, kind, limit: templateLimit } }, signal })),
  });
}

/**
 * Uploads one file as multipart/form-data (part "file"). openapi-fetch would JSON-encode the body,
 * so the serializer hands it the FormData as it is; the client's middleware still adds the
 * antiforgery header, and the browser sets the multipart boundary.
 */
export function uploadAttachment(file: File, signal?: AbortSignal): Promise<Attachment> {
  return unwrap(
    api.POST("/api/v1/attachments", {
      body: { file: file as unknown as string },
      bodySerializer: () => {
        const form = new FormData();
        form.append("file", file, file.name);
        return form;
      },
      signal,
    }),
  );
}

/** The contact (same key as the contact panel's, so both share one request). */
export function useContact(id: string) {
  return useQuery({
    queryKey: ["contact", id],
    staleTime: 60_000,
    queryFn: () => unwrap(api.GET("/api/v1/contacts/{id}", { params: { path: { id } } })),
  });
}
