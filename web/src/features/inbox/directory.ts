import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { unwrap, type Schemas } from "../../api/client";
import { untypedGet } from "./queries";

// TODO(api): GET /api/v1/directory comes from the server helper (issue 10) and is not in
// schema.d.ts yet; take these types from `Schemas[...]` once it is regenerated. The conversation
// pane has a useDirectory() of the same shape (features/conversations/directory.ts): the lead keeps one.
export interface DirectoryUser { id: string; name: string; role: Schemas["UserRole"] }
export interface DirectoryTeam { id: string; name: string; memberIds: string[] }
export interface DirectoryChannel { id: string; name: string; type: Schemas["ChannelType"] }
export interface Directory { users: DirectoryUser[]; teams: DirectoryTeam[]; channels: DirectoryChannel[] }

export const directoryKey = ["directory"] as const;

export const fetchDirectory = async (): Promise<Directory> => (await unwrap(untypedGet("/api/v1/directory"))) as Directory;

/** Names for the ids that lists carry (channels, people, teams): everyone in the organisation may read them. */
export function useDirectory() {
  return useQuery({ queryKey: directoryKey, queryFn: fetchDirectory, staleTime: 5 * 60_000 });
}

export interface DirectoryNames {
  directory: Directory | undefined;
  channelName: (id: string | null | undefined) => string | undefined;
  userName: (id: string | null | undefined) => string | undefined;
  teamName: (id: string | null | undefined) => string | undefined;
}

/** Lookups by id (undefined until the directory has loaded), stable while the directory is. */
export function useDirectoryNames(): DirectoryNames {
  const { data } = useDirectory();
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
