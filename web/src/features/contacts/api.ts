import { useMutation, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import type { Detail } from "../conversations/api";

export type Contact = Schemas["ContactResponse"];
export type ContactChanges = Schemas["UpdateContactRequest"];
type Page = Schemas["PageOfConversationSummary"];

export const contactKey = (id: string) => ["contact", id] as const;
export const contactConversationsKey = (id: string) => ["contact-conversations", id] as const;

export function useContact(id: string) {
  return useQuery({ queryKey: contactKey(id), queryFn: () => unwrap(api.GET("/api/v1/contacts/{id}", { params: { path: { id } } })) });
}

/**
 * When the contact opted out, if the server says.
 * TODO(api): ContactResponse has no opt-out time yet; read it from `Schemas` once the server adds it.
 */
export const optedOutAt = (c: Contact): string | null => (c as Contact & { optedOutAt?: string | null }).optedOutAt ?? null;

/** Every conversation of one contact, newest first (the current one included). */
export function useContactConversations(contactId: string) {
  return useQuery({
    queryKey: contactConversationsKey(contactId),
    queryFn: () => unwrap(api.GET("/api/v1/conversations", { params: { query: { contactId, limit: 20 } } })),
    select: (page) => page.items,
  });
}

/** PATCH a contact; the new name and phone show at once wherever its conversations are listed. */
export function useUpdateContact(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: ContactChanges) => unwrap(api.PATCH("/api/v1/contacts/{id}", { params: { path: { id } }, body: changes })),
    onSuccess: (contact) => {
      queryClient.setQueryData(contactKey(id), contact);
      const summary = { id: contact.id, name: contact.name, phone: contact.phone };
      queryClient.setQueriesData<InfiniteData<Page>>({ queryKey: ["conversations"] }, (data) =>
        data?.pages
          ? { ...data, pages: data.pages.map((p) => ({ ...p, items: p.items.map((c) => (c.contact.id === id ? { ...c, contact: summary } : c)) })) }
          : data,
      );
      queryClient.setQueriesData<Detail>({ queryKey: ["conversation"] }, (d) => (d && d.contact?.id === id ? { ...d, contact: summary } : d));
      void queryClient.invalidateQueries({ queryKey: ["conversations"] });
    },
  });
}
