import { useInfiniteQuery, type InfiniteData } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../api/client";
import type { ConversationQuery } from "./views";

export type Page = Schemas["PageOfConversationSummary"];
export type Summary = Schemas["ConversationSummary"];
export type Filters = Omit<ConversationQuery, "cursor" | "limit">;
export type FetchPage = (filters: Filters, cursor: string | undefined) => Promise<Page>;

export const PAGE_SIZE = 50;

export const fetchConversationPage: FetchPage = (filters, cursor) =>
  unwrap(api.GET("/api/v1/conversations", { params: { query: { ...filters, cursor, limit: PAGE_SIZE } } }));

export const conversationsKey = (filters: Filters) => ["conversations", filters] as const;

/** Endless scrolling over `{items, nextCursor}`: the next page asks for the last cursor; null ends it. */
export function useConversationPages(filters: Filters, fetchPage: FetchPage = fetchConversationPage) {
  return useInfiniteQuery<Page, Error, InfiniteData<Page, string | undefined>, ReturnType<typeof conversationsKey>, string | undefined>({
    queryKey: conversationsKey(filters),
    queryFn: ({ pageParam }) => fetchPage(filters, pageParam),
    initialPageParam: undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
