import { describe, expect, it, vi } from "vitest";
import { ApiError, createApiClient, safeNext, signInUrl, unwrap } from "./client";

const problem = (status: number, body: object) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/problem+json" } });

describe("the API client", () => {
  it("sends an expired session (401) to sign-in", async () => {
    const onUnauthorized = vi.fn();
    const fetch = vi.fn(async () => problem(401, { title: "Not signed in." }));
    const client = createApiClient({ baseUrl: "http://parley.test", fetch, onUnauthorized });
    await expect(unwrap(client.GET("/api/v1/conversations", { params: { query: { view: "mine" } } }))).rejects.toMatchObject({ status: 401 });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it("does not redirect when sign-in itself answers 401 (wrong password) or when asking who is signed in", async () => {
    const onUnauthorized = vi.fn();
    const fetch = vi.fn(async () => problem(401, { title: "The email or password is incorrect." }));
    const client = createApiClient({ baseUrl: "http://parley.test", fetch, onUnauthorized });
    const error = await unwrap(client.POST("/api/v1/auth/login", { body: { email: "a@b.c", password: "x" } })).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe("The email or password is incorrect.");
    await client.GET("/api/v1/auth/me").catch(() => {});
    expect(onUnauthorized).not.toHaveBeenCalled();
  });

  it("keeps the server's field messages for the form", async () => {
    const fetch = vi.fn(async () => problem(400, { title: "One or more validation errors occurred.", errors: { email: ["'email' is not an email address."] } }));
    const client = createApiClient({ baseUrl: "http://parley.test", fetch, onUnauthorized: vi.fn() });
    const error: ApiError = await unwrap(client.POST("/api/v1/setup", { body: {} })).catch((e) => e);
    expect(error.status).toBe(400);
    expect(error.field("email")).toBe("'email' is not an email address.");
    expect(error.field("password")).toBeUndefined();
  });

  it("remembers where the person was, and only follows paths of this app after sign-in", () => {
    expect(signInUrl({ pathname: "/inbox/mine/c/42", search: "?q=ada" })).toBe("/sign-in?next=%2Finbox%2Fmine%2Fc%2F42%3Fq%3Dada");
    expect(signInUrl({ pathname: "/inbox/mine", search: "" }, true)).toBe("/sign-in?next=%2Finbox%2Fmine&expired=1");
    expect(signInUrl({ pathname: "/", search: "" })).toBe("/sign-in");
    expect(signInUrl({ pathname: "/sign-in", search: "?next=%2Fx" })).toBe("/sign-in");
    expect(safeNext("/inbox/team/7")).toBe("/inbox/team/7");
    expect(safeNext("//evil.test/")).toBe("/inbox/mine");
    expect(safeNext("https://evil.test/")).toBe("/inbox/mine");
    expect(safeNext(null)).toBe("/inbox/mine");
  });
});
