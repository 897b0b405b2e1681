import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render, screen } from "@testing-library/react";
import { beforeEach, describe, expect, it, vi } from "vitest";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes, useLocation, useNavigate } from "react-router";
import { SetupPage } from "./SetupPage";
import { SignInPage } from "./SignInPage";

// The API client keeps the fetch it was created with: replace it before the client module loads.
const fetchMock = vi.hoisted(() => {
  const mock = vi.fn<(request: Request) => Promise<Response>>();
  globalThis.fetch = mock as unknown as typeof fetch;
  return mock;
});

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" } });

/** A signed-out visitor on a server whose setup is (or is not) still required. */
function server(required: boolean) {
  fetchMock.mockImplementation(async (request: Request) => {
    const path = new URL(request.url).pathname;
    if (path === "/api/v1/auth/me") return json({ title: "Unauthorized" }, 401);
    if (path === "/api/v1/setup" && request.method === "GET") return json({ required });
    return json({ title: `No fake answer for ${path}` }, 500);
  });
}

function Where() {
  const location = useLocation();
  const navigate = useNavigate();
  return (
    <>
      <output aria-label="Location">{location.pathname}</output>
      <button type="button" onClick={() => navigate(-1)}>Back</button>
    </>
  );
}

function renderAt(path: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={["/inbox/mine", path]} initialIndex={1}>
        <Routes>
          <Route path="/sign-in" element={<SignInPage />} />
          <Route path="/setup" element={<SetupPage />} />
          <Route path="*" element={null} />
        </Routes>
        <Where />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const setupRequests = () => fetchMock.mock.calls.filter(([r]) => new URL(r.url).pathname === "/api/v1/setup");

describe("the first visit to a server", () => {
  beforeEach(() => {
    fetchMock.mockReset();
  });

  it("goes from sign-in to setup when the server has nobody yet", async () => {
    server(true);
    renderAt("/sign-in");
    expect(await screen.findByRole("heading", { name: "Set up Parley" })).toBeInTheDocument();
    expect(screen.getByLabelText("Location")).toHaveTextContent("/setup");
    expect(setupRequests().length).toBeGreaterThan(0);
  });

  it("stays on sign-in once the server is set up", async () => {
    server(false);
    renderAt("/sign-in");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    await vi.waitFor(() => expect(setupRequests().length).toBeGreaterThan(0));
    expect(screen.getByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByLabelText("Location")).toHaveTextContent("/sign-in");
  });

  it("goes from setup to sign-in when the server is set up already", async () => {
    server(false);
    renderAt("/setup");
    expect(await screen.findByRole("heading", { name: "Sign in" })).toBeInTheDocument();
    expect(screen.getByLabelText("Location")).toHaveTextContent("/sign-in");
  });

  it("keeps the setup form on a fresh server", async () => {
    server(true);
    renderAt("/setup");
    await vi.waitFor(() => expect(setupRequests().length).toBeGreaterThan(0));
    expect(screen.getByRole("heading", { name: "Set up Parley" })).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: "Organisation name" })).toBeInTheDocument();
    expect(screen.getByLabelText("Location")).toHaveTextContent("/setup");
  });

  it("replaces the history entry, so Back leaves instead of bouncing through sign-in", async () => {
    server(true);
    renderAt("/sign-in");
    await screen.findByRole("heading", { name: "Set up Parley" });
    await userEvent.click(screen.getByRole("button", { name: "Back" }));
    expect(screen.getByLabelText("Location")).toHaveTextContent("/inbox/mine");
  });
});
