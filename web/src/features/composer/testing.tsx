// Test helpers for the composer: a fake server behind the real API client, and the providers.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { vi } from "vitest";
import type { Schemas } from "../../api/client";
import { ToastProvider } from "../../components/ui/Toast";
import { TooltipProvider } from "../../components/ui/Tooltip";

type Handler = (request: Request, url: URL) => Response | Promise<Response> | undefined;

/** Answers the client's requests in order of the handlers given; unanswered ones fail the test loudly. */
export class FakeServer {
  requests: Request[] = [];
  private handlers: Handler[] = [];
  on(method: string, path: string | RegExp, answer: (request: Request, url: URL) => Response | Promise<Response>) {
    this.handlers.unshift((request, url) =>
      request.method === method && (typeof path === "string" ? url.pathname === path : path.test(url.pathname)) ? answer(request, url) : undefined,
    );
    return this;
  }
  handle = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    this.requests.push(request.clone());
    const url = new URL(request.url);
    for (const h of this.handlers) {
      const answer = await h(request, url);
      if (answer) return answer;
    }
    return json(500, { title: `No fake answer for ${request.method} ${url.pathname}` });
  };
  /** The requests made so far to a path (and method). */
  sent(method: string, path: string | RegExp) {
    return this.requests.filter((r) => r.method === method && (typeof path === "string" ? new URL(r.url).pathname === path : path.test(new URL(r.url).pathname)));
  }
}

export const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });

export const conversation = (patch: Partial<Schemas["ConversationDetail"]> & Record<string, unknown> = {}): Schemas["ConversationDetail"] => ({
  id: "0190aaaa-0000-7000-8000-000000000001",
  contact: { id: "0190cccc-0000-7000-8000-000000000001", name: "Ada Lovelace", phone: "+15550100" },
  channelId: "0190dddd-0000-7000-8000-000000000001",
  channelType: "Sms",
  careWindow: null,
  status: "Open",
  displayStatus: "In progress",
  previousStatus: null,
  isSpam: false,
  assignee: null,
  teamId: null,
  subject: null,
  priority: "Normal",
  tags: [],
  createdAt: "2026-03-03T08:00:00Z",
  lastActivityAt: "2026-03-03T09:00:00Z",
  lastInboundAt: "2026-03-03T09:00:00Z",
  firstReplyAt: null,
  lastMessagePreview: "Hello",
  unread: false,
  assigneeUnread: null,
  ...patch,
});

export const template = (patch: Partial<Schemas["TemplateResponse"]>): Schemas["TemplateResponse"] => ({
  id: "0190eeee-0000-7000-8000-000000000001",
  kind: "Conversation",
  name: "Greeting",
  text: "Hello",
  language: null,
  parameters: null,
  channelId: null,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  ...patch,
});

/** The answers every composer needs: who is signed in, and the contact. */
export function baseServer() {
  return new FakeServer()
    .on("GET", "/api/v1/auth/me", () =>
      json(200, { user: { id: "u1", name: "Grace Hopper", email: "grace@example.test", role: "Agent" }, organizationId: "o1", organizationName: "Acme" }),
    )
    .on("GET", /^\/api\/v1\/contacts\//, () =>
      json(200, { id: "0190cccc-0000-7000-8000-000000000001", name: "Ada Lovelace", phone: "+15550100", email: "ada@example.test", externalId: null, optedOut: false, createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z" }),
    );
}

export function renderWithProviders(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <TooltipProvider>
        <ToastProvider>{ui}</ToastProvider>
      </TooltipProvider>
    </QueryClientProvider>,
  );
}

/**
 * jsdom has no ResizeObserver, which Radix's popover measures its anchor with. And its FormData
 * replaces Node's, which Node's Request (the one fetch uses in tests) cannot serialize: the test
 * takes Node's own back, from a form Node parsed itself. Browsers have one of each.
 */
export async function installDomShims() {
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
  const nodeForm = await new Response(new URLSearchParams("a=1")).formData();
  vi.stubGlobal("FormData", nodeForm.constructor);
}
