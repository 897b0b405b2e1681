import { useQuery } from "@tanstack/react-query";
import { api, ApiError, unwrap, type Schemas } from "../../api/client";

export type Me = Schemas["MeResponse"];

export const meKey = ["me"] as const;

/** Who is signed in: the MeResponse, or null when nobody is (401). */
export async function fetchMe(): Promise<Me | null> {
  try {
    return await unwrap(api.GET("/api/v1/auth/me"));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: fetchMe, staleTime: 5 * 60_000, retry: 1 });
}

export const isAdmin = (me: Me | null | undefined) => me?.user.role === "Admin";
