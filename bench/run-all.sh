#!/usr/bin/env bash
# The issue-16 benchmark table from one run: vitals ingest, tRPC reads, admin statistics and
# page weights, one after the other on the same production build, each with its baseline
# interleaved in the same run. Full output of each goes to OUT (default bench-results/),
# with the load average before and after; the tables are collected into OUT/TABLE.md.
#
#   npm run build && TEST_DATABASE_URL=postgresql://… bash bench/run-all.sh [OUT]
#
# Exits 1 when any bench missed a budget (each still runs).
set -u
cd "$(dirname "$0")/.."
OUT="${1:-bench-results}"
mkdir -p "$OUT"
status=0
summary="$OUT/TABLE.md"
{
  echo "# Bedside benchmarks ($(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'))"
  echo
} >"$summary"
for bench in vitals/ingest trpc/reads admin-stats/run pages/weights; do
  name="${bench%%/*}"
  log="$OUT/$name.txt"
  before="$(cut -d' ' -f1-3 /proc/loadavg)"
  start=$(date +%s)
  npx tsx "bench/$bench.ts" >"$log" 2>&1
  rc=$?
  [ $rc -eq 0 ] || status=1
  {
    echo "## bench/$bench.ts (exit $rc, $(($(date +%s) - start)) s, load before $before, after $(cut -d' ' -f1-3 /proc/loadavg))"
    echo
    # The table printTable wrote (its title line and the rows).
    awk '/^\| measure/{print prev; p=1} p&&/^\|/{print; next} p&&!/^\|/{p=0} {prev=$0}' "$log"
    echo
  } >>"$summary"
done
cat "$summary"
exit $status
