// `npm start`: the production build, with the same embedded defaults when nothing is configured.
import { runNext } from "./lib/run-next";

await runNext("start");
