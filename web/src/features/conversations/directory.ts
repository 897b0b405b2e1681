import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, ApiError, unwrap } from "../../api/client";
import { isAdmin, useMe } from "../auth/useMe";

// TODO(api): GET /api/v1/directory (readable by every signed-in user) is coming from the server
// helper and is not in schema.d.ts yet. Replace these three types with Schemas["…"] and the cast
// call below with a plain api.GET("/api/v1/directory") when the generated types have it.
export interface DirectoryUser {
  id: string;
  name: string;
  role: string;
}
export interface DirectoryTeam {
  id: string;
  name: string;
  memberIds: string[];
}
export interface DirectoryChannel {
  id: string;
  name: string;
  type: string;
}
export interface DirectoryResponse {
  users: DirectoryUser[];
  teams: DirectoryTeam[];
  channels: DirectoryChannel[];
}

type UntypedGet = (path: string) => Promise<{ data?: DirectoryResponse; error?: unknown; response: Response }>;

export function fetchDirectory(): Promise<DirectoryResponse> {
  return unwrap((api.GET as unknown as UntypedGet)("/api/v1/directory"));
}

export const directoryKey = ["directory"] as const;

export interface Directory extends DirectoryResponse {
  userById: Map<string, DirectoryUser>;
  teamById: Map<string, DirectoryTeam>;
  isPending: boolean;
}

/**
 * Names of the organisation's people, teams and channels, for everyone: agents cannot list users,
 * yet they must see who viewed a message or archived a conversation, and whom they can assign to.
 */
export function useDirectory(): Directory {
  const me = useMe();
  const directory = useQuery({ queryKey: directoryKey, queryFn: fetchDirectory, staleTime: 5 * 60_000, retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 2 });
  // A server without the directory yet: what the caller may list (admins: users and teams).
  const fallback = useQuery({
    queryKey: ["directory", "fallback", isAdmin(me.data)],
    enabled: directory.isError && !!me.data,
    staleTime: 5 * 60_000,
    queryFn: async (): Promise<DirectoryResponse> => {
      const admin = isAdmin(me.data);
      const [users, teams] = await Promise.all([
        admin ? unwrap(api.GET("/api/v1/users", { params: { query: { limit: 200 } } })).then((p) => p.items) : Promise.resolve([]),
        unwrap(api.GET("/api/v1/teams", { params: { query: { limit: 200 } } })).then((p) => p.items),
      ]);
      return { users: users.map((u) => ({ id: u.id, name: u.name, role: u.role })), teams: teams.map((t) => ({ id: t.id, name: t.name, memberIds: [] })), channels: [] };
    },
  });
  const data = directory.data ?? fallback.data;
  const self = me.data?.user;
  return useMemo(() => {
    const users = [...(data?.users ?? [])];
    if (self && !users.some((u) => u.id === self.id)) users.push({ id: self.id, name: self.name, role: self.role });
    const teams = data?.teams ?? [];
    return {
      users,
      teams,
      channels: data?.channels ?? [],
      userById: new Map(users.map((u) => [u.id, u])),
      teamById: new Map(teams.map((t) => [t.id, t])),
      isPending: !data && (directory.isPending || fallback.isPending),
    };
  }, [data, self, directory.isPending, fallback.isPending]);
}
