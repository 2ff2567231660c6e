// Runs in the browser before the app's own modules. Zod 4 probes `new Function("")` the first
// time it builds an object schema, to decide whether it may compile fast parsers. Under the
// page's Content-Security-Policy (no 'unsafe-eval') the probe is refused and reported as a CSP
// violation, although zod recovers. jitless skips the probe. Set on zod's global config
// object (creating it if zod has not loaded yet) so that this early bundle does not pull in zod.
const zodGlobal = globalThis as typeof globalThis & { __zod_globalConfig?: { jitless?: boolean } };
(zodGlobal.__zod_globalConfig ??= {}).jitless = true;
