import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
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

/**
 * The list query of one view and its filters; the start-up prefetch (prefetch.ts) builds the same
 * one, so the list finds its first page in flight instead of asking again.
 */
export const conversationPagesOptions = (filters: Filters, fetchPage: FetchPage = fetchConversationPage) =>
  infiniteQueryOptions({
    queryKey: conversationsKey(filters),
    queryFn: ({ pageParam }) => fetchPage(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Page) => last.nextCursor ?? undefined,
  });

/** Endless scrolling over `{items, nextCursor}`: the next page asks for the last cursor; null ends it. */
export function useConversationPages(filters: Filters, fetchPage: FetchPage = fetchConversationPage) {
  return useInfiniteQuery(conversationPagesOptions(filters, fetchPage));
}
