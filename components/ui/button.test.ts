import { describe, expect, it } from "vitest";
import { buttonVariants } from "./button";
import { PRIMARY_BUTTON_CLASS } from "./primary-button-class";

describe("PRIMARY_BUTTON_CLASS", () => {
  it("is what a default <Button> gets, so the root error boundary's button looks like every other", () => {
    expect(PRIMARY_BUTTON_CLASS).toBe(buttonVariants());
  });
});
