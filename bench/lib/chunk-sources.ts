// What a browser chunk is made of: each source file's share of the chunk, from the source map a
// build writes when BEDSIDE_BROWSER_SOURCE_MAPS=1 (next.config.mjs). The chunk's compressed
// size is split in proportion to the minified bytes each source produced, so the figures are an
// estimate of each part's compressed weight (gzip does not compress every part equally), and
// they add up to the chunk's measured size. Used by bench/pages/weights.ts --sources.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { SourceMapConsumer, type RawIndexMap, type RawSourceMap } from "source-map-js";

/** Bytes no source claims (the bundler's module wrappers and runtime glue). */
export const UNMAPPED = "(bundler glue, unmapped)";

/**
 * A source path as the part of the product it belongs to: an npm package by name, a bundle
 * that brought its own source map (pusher-js ships one, as `webpack://Pusher/…`) by that
 * bundle's name, our own code by its first two folders (components/vitals, lib/realtime).
 */
export function sourceGroup(source: string): string {
  // A package's own bundle, its dependencies included (pusher-js's dist holds @stablelib/*).
  const bundled = /^webpack:\/\/([^/]+)\//.exec(source);
  if (bundled) return bundled[1] === "Pusher" ? "pusher-js" : `webpack://${bundled[1]}`;
  const nm = source.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const [scope = "", name = ""] = source.slice(nm + "node_modules/".length).split("/");
    // Next bundles React and React DOM in its own package: name them apart from Next's runtime.
    const compiled = /node_modules\/next\/dist\/compiled\/([^/]+)\//.exec(source)?.[1];
    if (compiled) return `${compiled} (compiled into next)`;
    return scope.startsWith("@") ? `${scope}/${name}` : scope;
  }
  if (source.startsWith("turbopack:///[turbopack]")) return "turbopack runtime";
  const project = source.replace(/^.*\[project\]\//, "").replace(/^(\.\.\/)+/, "");
  const parts = project.split("/");
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : project;
}

/** Minified bytes per source group, or null when the build wrote no source map for the chunk. */
export function chunkSources(file: string): Map<string, number> | null {
  const code = readFileSync(file, "utf8");
  const ref = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1];
  const mapFile = ref && !ref.startsWith("data:") ? path.join(path.dirname(file), ref) : null;
  if (!mapFile || !existsSync(mapFile)) return null;
  const raw = JSON.parse(readFileSync(mapFile, "utf8")) as RawSourceMap | RawIndexMap;
  const consumer = new SourceMapConsumer(raw);
  const lineStart = [0];
  for (let i = 0; i < code.length; i++) if (code.charCodeAt(i) === 10) lineStart.push(i + 1);
  const at = (line: number, column: number) => (lineStart[line - 1] ?? code.length) + column;
  const marks: { pos: number; source: string | null }[] = [];
  consumer.eachMapping((m) => marks.push({ pos: at(m.generatedLine, m.generatedColumn), source: m.source }));
  marks.sort((a, b) => a.pos - b.pos);
  const bytes = new Map<string, number>();
  const add = (group: string, n: number) => n > 0 && bytes.set(group, (bytes.get(group) ?? 0) + n);
  add(UNMAPPED, marks[0]?.pos ?? code.length);
  // Each mapping owns the bytes up to the next one.
  for (const [i, mark] of marks.entries()) add(mark.source ? sourceGroup(mark.source) : UNMAPPED, (marks[i + 1]?.pos ?? code.length) - mark.pos);
  return bytes;
}

/**
 * Split each chunk's measured compressed size over its source groups and sum over chunks.
 * `chunks` are the build's files with the compressed bytes the browser received for each.
 */
export function attribute(chunks: { file: string; compressed: number }[]): { groups: Map<string, number>; unmapped: string[] } {
  const groups = new Map<string, number>();
  const unmapped: string[] = [];
  for (const { file, compressed } of chunks) {
    const sources = existsSync(file) ? chunkSources(file) : null;
    if (!sources) {
      unmapped.push(path.basename(file));
      groups.set(`(no source map) ${path.basename(file)}`, compressed);
      continue;
    }
    const total = [...sources.values()].reduce((n, b) => n + b, 0);
    for (const [group, b] of sources) groups.set(group, (groups.get(group) ?? 0) + (compressed * b) / total);
  }
  return { groups, unmapped };
}
