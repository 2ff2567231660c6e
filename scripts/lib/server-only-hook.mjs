// `node --import ./scripts/lib/server-only-hook.mjs`: the production server (scripts/serve.ts)
// loads the app's server code outside Next's bundle, and ~155 of its modules `import
// "server-only"`, whose default export condition throws (it is meant to stop client bundles).
// This process is a server, so here the import resolves to an empty module. Only that one
// specifier changes: the alternative, Node's `--conditions=react-server` (what the benches
// and scripts use), would also switch React and every package with a react-server export to
// their server-component builds in the process that runs Next itself.
import { register } from "node:module";

// The resolve hook runs on Node's loader thread; it is this small module.
const hooks = `export async function resolve(specifier, context, nextResolve) {
  if (specifier === "server-only") return { url: "data:text/javascript,", format: "module", shortCircuit: true };
  return nextResolve(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
