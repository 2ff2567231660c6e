import { existsSync } from "node:fs";

export default function globalSetup() {
  if (!existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) {
    throw new Error("Chromium is not installed: `apt-get install -y chromium` (never `playwright install`).");
  }
}
