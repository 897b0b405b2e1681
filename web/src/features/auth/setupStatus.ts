import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export const setupKey = ["setup"] as const;

/** Whether this server still needs its first setup (no user exists yet); anyone may ask. */
export function useSetupStatus() {
  return useQuery({ queryKey: setupKey, queryFn: () => unwrap(api.GET("/api/v1/setup")), staleTime: 60_000, retry: 1 });
}
