// Test helpers for the inbox's component tests (not part of the app bundle: only *.test.tsx import it).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { MemoryRouter, useLocation, useNavigate } from "react-router";
import { ToastProvider } from "../../components/ui/Toast";
import { TooltipProvider } from "../../components/ui/Tooltip";
import type { Me } from "../auth/useMe";
import { meKey } from "../auth/useMe";
import { directoryKey, type DirectoryResponse } from "../directory/directory";
import type { Summary } from "./useConversationPages";

export const me: Me = {
  user: { id: "u-me", name: "Ada Admin", email: "ada@acme.test", role: "Admin", createdAt: "2026-01-01T00:00:00Z" },
  organizationId: "org",
  organizationName: "Acme Support",
};

export const directory: DirectoryResponse = {
  users: [
    { id: "u-me", name: "Ada Admin", role: "Admin" },
    { id: "u-agnes", name: "Agnes Agent", role: "Agent" },
  ],
  teams: [{ id: "t-1", name: "Billing", memberIds: ["u-agnes"] }],
  channels: [
    { id: "ch-sms", name: "SMS Support", type: "Sms" },
    { id: "ch-wa", name: "WhatsApp Sales", type: "WhatsApp" },
  ],
};

export function summary(n: number, over: Partial<Summary> = {}): Summary {
  return {
    id: `c${n}`,
    contact: { id: `k${n}`, name: `Contact ${n}`, phone: null },
    channelId: "ch-sms",
    status: "Open",
    displayStatus: "New",
    assignee: null,
    teamId: null,
    subject: null,
    priority: "Normal",
    tags: [],
    lastActivityAt: "2026-01-01T00:00:00Z",
    lastMessagePreview: `Message ${n}`,
    unread: false,
    ...over,
  };
}

/** A query client that never asks the network for what a test seeded. */
export function seededClient(seed: (client: QueryClient) => void = () => undefined) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } });
  client.setQueryData(meKey, me);
  client.setQueryData(directoryKey, directory);
  seed(client);
  return client;
}

/** Shows the router's location, and a Back button, so a test can read and drive the URL. */
function Location() {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <output data-testid="location">{location.pathname + location.search}</output>
      <button type="button" onClick={() => navigate(-1)}>History back</button>
    </>
  );
}

export function Providers({ client, url = "/inbox/mine", children }: { client: QueryClient; url?: string; children: ReactNode }) {
  return (
    <QueryClientProvider client={client}>
      <TooltipProvider>
        <ToastProvider>
          <MemoryRouter initialEntries={[url]}>
            {children}
            <Location />
          </MemoryRouter>
        </ToastProvider>
      </TooltipProvider>
    </QueryClientProvider>
  );
}
