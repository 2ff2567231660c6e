// The accessibility gate: axe-core (the engine behind Lighthouse and Deque's tools) scans the
// page as it is now. Serious and critical violations fail the test (softly: the test goes on to
// scan its other pages, so one run lists them all); everything axe reports is
// attached to the report so lesser findings stay visible.
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, type TestInfo } from "@playwright/test";

const FAILING = new Set(["serious", "critical"]);

export async function expectAccessible(page: Page, testInfo: TestInfo, label: string, opts: { exclude?: string[] } = {}) {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]);
  for (const selector of opts.exclude ?? []) builder = builder.exclude(selector);
  const result = await builder.analyze();
  const findings = result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
  await testInfo.attach(`axe: ${label}`, { body: JSON.stringify({ url: page.url(), findings }, null, 2), contentType: "application/json" });
  const blocking = findings.filter((f) => f.impact && FAILING.has(f.impact));
  expect.soft(blocking, `serious/critical accessibility violations on ${label} (${page.url()})`).toEqual([]);
  return findings;
}
