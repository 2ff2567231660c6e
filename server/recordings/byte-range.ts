/** The bytes a Range header asks for, inclusive, or why it cannot be served. */
export type ByteRange = { start: number; end: number } | "unsatisfiable" | null;

/**
 * One `bytes=` range (RFC 9110 §14.1.2): "a-b", "a-" or the suffix "-n". A missing or
 * non-bytes header means the whole file (null). Several ranges at once are answered with the
 * first, which clients (media elements) accept. Out of bounds or malformed: unsatisfiable.
 */
export function parseByteRange(header: string | null, size: number): ByteRange {
  if (!header) return null;
  const m = /^bytes=\s*(\d*)-(\d*)\s*(?:,.*)?$/.exec(header.trim());
  if (!m) return header.trim().startsWith("bytes=") ? "unsatisfiable" : null;
  const [, a, b] = m;
  if (a === "" && b === "") return "unsatisfiable";
  if (a === "") {
    const suffix = Number(b);
    if (suffix === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(a);
  const end = b === "" ? size - 1 : Math.min(Number(b), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}
