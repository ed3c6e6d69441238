// Fails the build, with the reason, when the Node.js running the infra checks is older than 20.
const major = Number(process.versions.node.split(".")[0]);
if (major < 20) {
  console.error(`infra-checks needs Node.js 20 or newer on the PATH; found ${process.version}.`);
  process.exit(1);
}
console.log(`infra-checks: Node.js ${process.version}`);
