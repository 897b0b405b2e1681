// The API description as a product: it lints clean, the committed TypeScript types are generated
// from it, and the real responses the .NET test suite received type-check against those types.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const web = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(web, "node_modules", ".bin", name);
const description = join(web, "src", "api", "openapi.json");
const types = join(web, "src", "api", "schema.d.ts");

function run(command, args) {
  const result = spawnSync(command, args, { cwd: web, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" } });
  return { status: result.status, output: `${result.stdout ?? ""}${result.stderr ?? ""}`, error: result.error };
}

test("the API description passes the Redocly linter with no errors", () => {
  const { status, output, error } = run(bin("redocly"), ["lint", description, "--format=stylish"]);
  assert.ifError(error);
  assert.equal(status, 0, output);
  assert.doesNotMatch(output, /\berror\b\s+\S/, output);
});

test("schema.d.ts is what openapi-typescript generates from openapi.json", () => {
  const folder = mkdtempSync(join(tmpdir(), "parley-types-"));
  try {
    const generated = join(folder, "schema.d.ts");
    const { status, output, error } = run(bin("openapi-typescript"), [description, "-o", generated]);
    assert.ifError(error);
    assert.equal(status, 0, output);
    assert.ok(
      readFileSync(generated, "utf8") === readFileSync(types, "utf8"),
      "web/src/api/schema.d.ts is not generated from web/src/api/openapi.json: run web/scripts/update-api.sh (or `npm run api:types` in web/) and commit the result.",
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("every JSON response the .NET tests received type-checks against the generated types", () => {
  const samples = process.env.PARLEY_CONTRACT_SAMPLES;
  const files = samples && existsSync(samples) ? readdirSync(samples).filter((f) => f.endsWith(".json")).sort() : [];
  assert.ok(
    files.length > 0,
    "No response samples: PARLEY_CONTRACT_SAMPLES must name the folder the .NET tests wrote them to. Run the repository's test script (bash test.sh), which sets it.",
  );

  const lines = [`import type { components, operations } from ${JSON.stringify(types.replace(/\.d\.ts$/, ""))};`];
  files.forEach((file, n) => {
    const sample = JSON.parse(readFileSync(join(samples, file), "utf8").replace(/^\uFEFF/, ""));
    const type = sample.schemaRef
      ? `components["schemas"][${JSON.stringify(sample.schemaRef)}]`
      : `operations[${JSON.stringify(sample.operationId)}]["responses"][${sample.status}]["content"][${JSON.stringify(sample.mediaType)}]`;
    lines.push(`// ${file}`, `export const s${n}: ${type} = ${JSON.stringify(sample.body, null, 2)};`);
  });

  const folder = mkdtempSync(join(tmpdir(), "parley-samples-"));
  try {
    const check = join(folder, "samples.ts");
    writeFileSync(check, lines.join("\n") + "\n");
    const { status, output, error } = run(bin("tsc"), [
      "--noEmit", "--strict", "--target", "ES2022", "--module", "ESNext", "--moduleResolution", "Bundler", "--skipLibCheck", check,
    ]);
    assert.ifError(error);
    assert.equal(status, 0, `${files.length} samples from ${samples} do not type-check:\n${output}`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
