// The one API layer: a fetch client typed by the server's own OpenAPI description (schema.d.ts is
// generated from openapi.json; never hand-write an API type, take it from `Schemas` below).
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type Problem = Schemas["HttpValidationProblemDetails"];

/** A request the server refused, carrying its problem details (title, detail, errors by field). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(status: number, problem: Problem | undefined) {
    super(problem?.title ?? problem?.detail ?? `The server answered ${status}.`);
    this.status = status;
    this.problem = problem ?? {};
  }
  /** The server's messages for one field (by its JSON name), or undefined. */
  field(name: string): string | undefined {
    return this.problem.errors?.[name]?.join(" ");
  }
}

/** What to tell a person about a failed request: what happened and what to do. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) {
    const detail = error.problem.detail ? ` ${error.problem.detail}` : "";
    return `${error.message}${detail}`;
  }
  if (error instanceof TypeError) return "The server could not be reached. Check your connection and try again.";
  return error instanceof Error ? error.message : "Something went wrong. Try again.";
}

/** Where a signed-out person goes, remembering where they were. */
export function signInUrl(current: { pathname: string; search: string }, expired = false): string {
  const here = current.pathname + current.search;
  if (current.pathname === "/sign-in" || current.pathname === "/setup") return "/sign-in";
  const params = new URLSearchParams();
  if (here !== "/") params.set("next", here);
  if (expired) params.set("expired", "1");
  const query = params.toString();
  return query ? `/sign-in?${query}` : "/sign-in";
}

/** Only same-app paths are followed after sign-in (never another origin). */
export function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/inbox/mine";
}

// Requests whose 401 is an answer, not an expired session.
const answersWith401 = ["/api/v1/auth/login", "/api/v1/auth/me"];

function readCookie(name: string): string | undefined {
  if (typeof document === "undefined") return undefined;
  const found = document.cookie.split("; ").find((c) => c.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : undefined;
}

export interface ClientOptions {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  /** Called when a session expires mid-work (any 401 but sign-in's own). */
  onUnauthorized?: () => void;
}

export function defaultOnUnauthorized() {
  window.location.assign(signInUrl(window.location, true));
}

export function createApiClient(options: ClientOptions = {}) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? (typeof window !== "undefined" ? window.location.origin : ""),
    fetch: options.fetch,
    credentials: "same-origin",
  });
  const session: Middleware = {
    onRequest({ request }) {
      // Antiforgery: when the server sets its request-token cookie, echo it on every mutation.
      const token = readCookie("XSRF-TOKEN");
      if (token && request.method !== "GET" && request.method !== "HEAD") request.headers.set("X-XSRF-TOKEN", token);
      return request;
    },
    onResponse({ request, response }) {
      const path = new URL(request.url).pathname;
      if (response.status === 401 && !answersWith401.includes(path)) (options.onUnauthorized ?? defaultOnUnauthorized)();
      return response;
    },
  };
  client.use(session);
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;

let unauthorizedHandler: (() => void) | undefined;
/** The app replaces the full-page redirect with its router's navigation once it is mounted. */
export function setUnauthorizedHandler(handler: (() => void) | undefined) {
  unauthorizedHandler = handler;
}

export const api = createApiClient({ onUnauthorized: () => (unauthorizedHandler ?? defaultOnUnauthorized)() });

/** Turns an openapi-fetch result into its data, or throws an ApiError with the problem details. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, (error ?? undefined) as Problem | undefined);
  return data as T;
}
