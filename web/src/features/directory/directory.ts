import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, unwrap, type Schemas } from "../../api/client";

export type DirectoryResponse = Schemas["GetDirectoryResponse"];
export type DirectoryUser = Schemas["DirectoryUser"];
export type DirectoryTeam = Schemas["DirectoryTeam"];
export type DirectoryChannel = Schemas["DirectoryChannel"];

/** The one cache entry of the directory: the inbox, the conversation pane and the contact panel share it. */
export const directoryKey = ["directory"] as const;

export const fetchDirectory = (): Promise<DirectoryResponse> => unwrap(api.GET("/api/v1/directory"));

// Names change rarely; a live event or a reload brings new people soon enough.
const directoryQuery = { queryKey: directoryKey, queryFn: fetchDirectory, staleTime: 5 * 60_000 };

export interface Directory extends DirectoryResponse {
  userById: Map<string, DirectoryUser>;
  teamById: Map<string, DirectoryTeam>;
  isPending: boolean;
}

const empty: DirectoryResponse = { users: [], teams: [], channels: [] };

/**
 * The organisation's people, teams and channels, for everyone: agents cannot list users, yet they
 * must see who viewed a message or archived a conversation, and whom they can assign to.
 */
export function useDirectory(): Directory {
  const { data, isPending } = useQuery(directoryQuery);
  return useMemo(() => {
    const d = data ?? empty;
    return {
      ...d,
      userById: new Map(d.users.map((u) => [u.id, u])),
      teamById: new Map(d.teams.map((t) => [t.id, t])),
      isPending: !data && isPending,
    };
  }, [data, isPending]);
}

export interface DirectoryNames {
  directory: DirectoryResponse | undefined;
  channelName: (id: string | null | undefined) => string | undefined;
  userName: (id: string | null | undefined) => string | undefined;
  teamName: (id: string | null | undefined) => string | undefined;
}

/** Names for the ids that lists carry (undefined until the directory has loaded), stable while the directory is. */
export function useDirectoryNames(): DirectoryNames {
  const { data } = useQuery(directoryQuery);
  return useMemo(() => {
    const byId = <T extends { id: string; name: string }>(list: T[] | undefined) => new Map((list ?? []).map((x) => [x.id, x.name]));
    const channels = byId(data?.channels);
    const users = byId(data?.users);
    const teams = byId(data?.teams);
    return {
      directory: data,
      channelName: (id) => (id ? channels.get(id) : undefined),
      userName: (id) => (id ? users.get(id) : undefined),
      teamName: (id) => (id ? teams.get(id) : undefined),
    };
  }, [data]);
}
