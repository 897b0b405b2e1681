/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import { fileURLToPath } from "node:url";

// The Parley server (dotnet run --project src/Parley.Server) listens on 5080 by default; in
// development Vite serves the app and hands everything the server owns to it, so cookies stay
// same-origin exactly as they are when the server serves web/dist itself.
const server = process.env.PARLEY_SERVER ?? "http://127.0.0.1:5080";
const proxy = Object.fromEntries(["/api", "/openapi", "/media", "/webhooks"].map((p) => [p, { target: server, changeOrigin: false }]));

export default defineConfig({
  plugins: [react()],
  // No runtime <style> injection: the app must pass style-src 'self' (see src/lib/csp/style-singleton.ts).
  resolve: { alias: { "react-style-singleton": fileURLToPath(new URL("./src/lib/csp/style-singleton.ts", import.meta.url)) } },
  server: { port: 5173, host: "127.0.0.1", proxy },
  preview: { port: 4173, host: "127.0.0.1", proxy },
  build: {
    outDir: "dist",
    sourcemap: false,
    // The largest chunk (React with react-dom) is ~220 KB raw; a chunk past 250 KB is a regression to look at.
    chunkSizeWarningLimit: 250,
    rolldownOptions: {
      output: {
        // Libraries apart from the app: a release that changes only Parley's own code leaves the
        // library chunks' hashed URLs, and so the browser's cached copies (immutable), as they were.
        // React and the router change least often; the UI libraries a little more. Every chunk is
        // still fetched at start (modulepreload), so the first screen ships the same bytes.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 3 },
            { name: "router", test: /node_modules[\\/](react-router|cookie|set-cookie-parser)[\\/]/, priority: 2 },
            { name: "vendor", test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    css: false,
    // Interaction tests type and click through real components; a busy CI machine must not fail them on time alone.
    testTimeout: 20_000,
  },
});
