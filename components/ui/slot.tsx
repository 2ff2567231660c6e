import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode, type Ref } from "react";

/*
 * `asChild` for our primitives: render the one child element with the primitive's props merged
 * in, the way Radix's Slot does (the child's props win, except that classes are joined, styles
 * merged, event handlers both run — the child's first — and refs both set). Radix's Slot is
 * 1.4 KiB gz and, in Turbopack's production chunks, repeated in every page's chunk; this is a
 * few hundred bytes. Radix's own components (dialog, menu triggers) keep theirs.
 */

type Props = Record<string, unknown>;

function composeRefs<T>(...refs: (Ref<T> | undefined)[]): Ref<T> {
  return (node: T | null) => {
    const cleanups = refs.map((ref) => {
      if (typeof ref === "function") return ref(node);
      if (ref) (ref as { current: T | null }).current = node;
      return undefined;
    });
    return () =>
      refs.forEach((ref, i) => {
        const cleanup = cleanups[i];
        if (typeof cleanup === "function") cleanup();
        else if (typeof ref === "function") ref(null);
        else if (ref) (ref as { current: T | null }).current = null;
      });
  };
}

export function mergeSlotProps(slotProps: Props, childProps: Props): Props {
  const merged: Props = { ...slotProps, ...childProps };
  for (const key of Object.keys(slotProps)) {
    const slot = slotProps[key];
    const child = childProps[key];
    if (slot === undefined || child === undefined) continue;
    if (/^on[A-Z]/.test(key) && typeof slot === "function" && typeof child === "function") {
      merged[key] = (...args: unknown[]) => {
        const result: unknown = child(...args);
        slot(...args);
        return result;
      };
    } else if (key === "style") merged[key] = { ...(slot as object), ...(child as object) };
    else if (key === "className") merged[key] = [slot, child].filter(Boolean).join(" ");
    else if (key === "ref") merged[key] = composeRefs(slot as Ref<unknown>, child as Ref<unknown>);
  }
  return merged;
}

/** Renders `children` (one element) with these props merged into its own; `inner` replaces its children when given. */
export function renderAsChild(children: ReactNode, props: Props, inner?: (own: ReactNode) => ReactNode): ReactNode {
  const child = Children.only(children);
  if (!isValidElement(child)) return null;
  const own = child as ReactElement<Props>;
  const merged = mergeSlotProps(props, own.props);
  if (inner) merged.children = inner(own.props.children as ReactNode);
  return cloneElement(own, merged);
}

export function Slot({ children, ...props }: Props & { children?: ReactNode }) {
  return renderAsChild(children, props);
}
