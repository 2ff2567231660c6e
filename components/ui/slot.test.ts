import { createElement, isValidElement, type ReactElement } from "react";
import { describe, expect, it, vi } from "vitest";
import { mergeSlotProps, renderAsChild } from "./slot";

describe("mergeSlotProps (asChild, as Radix's Slot merges)", () => {
  it("joins classes, merges styles, and the child's other props win", () => {
    const merged = mergeSlotProps(
      { className: "a", style: { color: "red", top: 1 }, title: "slot", id: "x" },
      { className: "b", style: { top: 2 }, title: "child" },
    );
    expect(merged).toMatchObject({ className: "a b", style: { color: "red", top: 2 }, title: "child", id: "x" });
  });

  it("runs both click handlers, the child's first", () => {
    const calls: string[] = [];
    const merged = mergeSlotProps({ onClick: () => calls.push("slot") }, { onClick: () => calls.push("child") });
    (merged.onClick as () => void)();
    expect(calls).toEqual(["child", "slot"]);
  });

  it("sets both refs", () => {
    const fn = vi.fn();
    const obj = { current: null as unknown };
    const merged = mergeSlotProps({ ref: fn }, { ref: obj });
    (merged.ref as (n: unknown) => void)("node");
    expect(fn).toHaveBeenCalledWith("node");
    expect(obj.current).toBe("node");
  });

  it("renders the child element with the merged props and, when asked, new inner content", () => {
    const out = renderAsChild(createElement("a", { href: "/", className: "link" }, "Home"), { className: "btn", "data-slot": "button" }, (own) => ["*", own]);
    expect(isValidElement(out)).toBe(true);
    const el = out as ReactElement<Record<string, unknown>>;
    expect(el.type).toBe("a");
    expect(el.props).toMatchObject({ href: "/", className: "btn link", "data-slot": "button", children: ["*", "Home"] });
  });
});
