import { expect, test } from "@playwright/test";
import { appOrigin } from "./fixtures";

test("the load balancer answers from both instances", async () => {
  for (const o of [appOrigin("app-a"), appOrigin("app-b"), appOrigin("lb")]) {
    const res = await fetch(`${o}/signin`);
    expect(res.status).toBe(200);
  }
});
