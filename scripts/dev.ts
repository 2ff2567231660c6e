// `npm run dev`: the whole app on embedded defaults (see scripts/lib/services.ts).
import { runNext } from "./lib/run-next";

await runNext("dev");
