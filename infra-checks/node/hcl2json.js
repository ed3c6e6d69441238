// Parses each Terraform file named on the command line with @cdktf/hcl2json (Terraform's own HCL
// parser compiled to WebAssembly) and prints one JSON object: path -> {"ok": <the file as JSON>} or
// {"error": <Terraform-style diagnostic>}. Expressions stay as text ("${...}").
const { parse } = require("@cdktf/hcl2json");
const fs = require("fs");

(async () => {
  const out = {};
  for (const file of process.argv.slice(2)) {
    try {
      out[file] = { ok: await parse(file, fs.readFileSync(file, "utf8")) };
    } catch (e) {
      out[file] = { error: String((e && e.message) || e) };
    }
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
