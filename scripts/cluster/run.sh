#!/usr/bin/env bash
# `npm run test:cluster`: Bedside on more than one machine, on real engines, with faults.
#
# Builds a private network of test hosts (network namespaces on a bridge that lives in a
# namespace of its own: no link to the machine's network exists, so nothing can leave),
# then runs the cluster specs (scripts/cluster/specs) from the "client" host. The specs'
# global setup starts the engines on their hosts (scripts/cluster/up.ts):
#
#   db     10.213.0.10  PostgreSQL (Debian)          redis  10.213.0.11  Redis (Debian)
#   sk-a   10.213.0.21  soketi node A (Redis adapter) sk-b   10.213.0.22  soketi node B
#   app-a  10.213.0.31  `next start` instance A       app-b  10.213.0.32  instance B
#   lb     10.213.0.40  nginx: :3000 app, :6001 realtime (HTTP + WebSocket)
#   lk-a   10.213.0.51  LiveKit node A (Redis)        lk-b   10.213.0.52  LiveKit node B
#   client 10.213.0.100 the specs, Chromium, the email stand-in
#
# Every name carries this script's PID (two runs never collide). Everything the run
# created (processes in its namespaces, the namespaces, the bridge and veths inside them,
# its temporary directory) is removed on exit, failure or Ctrl-C; namespaces left by a run
# that died (its PID gone) are removed first.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
export NEXT_TELEMETRY_DISABLED=1 DEBIAN_FRONTEND=noninteractive

if [ "$(id -u)" != 0 ]; then
  echo "test:cluster creates network namespaces and needs root (CI runs as root)." >&2
  exit 1
fi

# ---- what a fresh machine lacks --------------------------------------------------------
need_apt=()
command -v ip >/dev/null 2>&1 || need_apt+=(iproute2)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
command -v nginx >/dev/null 2>&1 || need_apt+=(nginx)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need_apt+=(postgresql)
# Their services are kept from starting: the run starts its own copies on its test hosts.
bash scripts/apt-install.sh "${need_apt[@]}"

# ---- the private network ---------------------------------------------------------------
SUBNET=10.213.0
HOSTS="db:10 redis:11 sk-a:21 sk-b:22 app-a:31 app-b:32 lb:40 lk-a:51 lk-b:52 client:100"

remove_run() { # $1 = prefix (bsc<pid>)
  local prefix=$1 ns pids
  for ns in $(ip netns list | awk '{print $1}' | grep "^$prefix-" || true); do
    pids=$(ip netns pids "$ns" 2>/dev/null || true)
    # shellcheck disable=SC2086
    [ -n "$pids" ] && kill -9 $pids 2>/dev/null || true
  done
  sleep 0.3
  for ns in $(ip netns list | awk '{print $1}' | grep "^$prefix-" || true); do
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "/tmp/bedside-cluster-$prefix"
}

# A previous run that died leaves namespaces named after its PID: remove them.
for stale in $(ip netns list | awk '{print $1}' | grep -o '^bsc[0-9]*' | sort -u || true); do
  pid=${stale#bsc}
  if ! kill -0 "$pid" 2>/dev/null || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "cluster/run.sh"; then
    echo "cluster: removing what an earlier run ($stale) left behind"
    remove_run "$stale"
  fi
done

P="bsc$$"
RUN_DIR="/tmp/bedside-cluster-$P"
KEEP_LOGS="${CLUSTER_KEEP_LOGS:-$ROOT/.cache/cluster/last-run}"
# A build step (next build, go install) runs in a process group of its own, so that the
# cleanup can end it with everything it spawned (its workers are not in any namespace).
BUILD_PGID=""
in_own_group() {
  setsid "$@" &
  BUILD_PGID=$!
  wait "$BUILD_PGID"
  BUILD_PGID=""
}

# What the hosts tried to send where no route leads (anything outside 10.213.0.0/24 and their
# loopback): the kernel's OutNoRoutes counters, IPv4 and IPv6, summed over the hosts. Such a
# packet is refused before it exists, as no host has a route out; the count shows whether
# anything tried (soketi's discovery broadcast did, before it was kept on loopback).
egress_report() {
  local ns v4=0 v6=0 n tried=""
  for ns in $(ip netns list | awk '{print $1}' | grep "^$P-" | grep -v -- "-hub$" || true); do
    n=$(ip netns exec "$ns" awk '/^Ip: / && !h {for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next} /^Ip: / {print $c["OutNoRoutes"]}' /proc/net/snmp 2>/dev/null || echo 0)
    v4=$((v4 + ${n:-0}))
    [ "${n:-0}" != 0 ] && tried="$tried ${ns#"$P-"}:$n"
    n=$(ip netns exec "$ns" awk '$1 == "Ip6OutNoRoutes" {print $2}' /proc/net/snmp6 2>/dev/null || echo 0)
    v6=$((v6 + ${n:-0}))
  done
  echo "cluster: packets the hosts tried to send with no route (outside their /24 and loopback): IPv4 $v4${tried:+ (by host:$tried)}, IPv6 $v6; none can leave: no host has a route out and the bridge has no uplink"
}

finish() {
  local rc=$? cleanup_from=$SECONDS
  trap - EXIT INT TERM HUP
  # A build step still running (the run was interrupted during it): end it and its children.
  if [ -n "$BUILD_PGID" ]; then kill -TERM -- "-$BUILD_PGID" 2>/dev/null || true; fi
  if [ -n "${gobin:-}" ]; then rm -rf "$gobin"; fi
  if [ -d "$RUN_DIR" ]; then
    # Logs of the run (engines' output) are kept for reading, outside the removed tree.
    rm -rf "$KEEP_LOGS"; mkdir -p "$KEEP_LOGS"
    cp "$RUN_DIR"/*.log "$KEEP_LOGS"/ 2>/dev/null || true
    # Each soketi node's WebSocket handshakes (scripts/cluster/soketi-node.ts), one line per
    # process (a node killed by a fault spec prints none for its first life).
    for f in "$KEEP_LOGS"/sk-a.log "$KEEP_LOGS"/sk-b.log; do
      [ -f "$f" ] && grep -h '^handshakes:\|^handshake:' "$f" | sed "s|^|cluster: $(basename "$f" .log) |" || true
    done
  fi
  egress_report
  remove_run "$P"
  left=$(ip netns list | grep -c "^$P-" || true)
  # Nothing the run started may outlive it: every engine ran from the run directory or in
  # the namespaces, all gone now.
  stray=$(pgrep -f "$RUN_DIR" | grep -vx "$$" || true)
  if [ -n "$stray" ]; then
    echo "cluster: processes left running: $stray" >&2
    [ "$rc" = 0 ] && rc=1
  fi
  echo "cluster: cleaned up in $((SECONDS - cleanup_from)) s: $left namespaces left; logs in ${KEEP_LOGS#$ROOT/}; whole run $SECONDS s"
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM HUP

# The app instances run the production build in .next. `npm test` (CI's step before this
# one) has just made it from the same tree: reuse it unless a file the build reads changed
# since (tests, e2e, scripts, benches and docs are not part of it, nor any *.test.ts).
if [ "${CLUSTER_ENGINES:-all}" != realtime ]; then
  stale=""
  if [ -f .next/BUILD_ID ] && git rev-parse --git-dir >/dev/null 2>&1; then
    stale=$(git ls-files -z -- . ':!e2e' ':!scripts' ':!bench' ':!tests' ':!deploy' ':!.ci' ':!*.md' ':!*.test.ts' \
      | xargs -0 -r sh -c 'find "$@" -maxdepth 0 -newer .next/BUILD_ID 2>/dev/null' sh | head -1 || true)
  elif [ -f .next/BUILD_ID ]; then
    stale="(no git: cannot tell)"
  fi
  if [ ! -f .next/BUILD_ID ] || [ -n "$stale" ]; then
    echo "cluster: building the app (production build${stale:+; changed since the last one: $stale})"
    # (Output redirected inside the group: a redirect of the call would still hold the
    # script's own output when an interrupt runs the cleanup meanwhile.)
    in_own_group env NEXT_PHASE=phase-production-build sh -c 'exec npx next build >/dev/null'
  else
    echo "cluster: reusing the production build in .next (built $(date -u -r .next/BUILD_ID '+%H:%M:%S UTC'); no source file changed since)"
  fi
fi

# The LiveKit server pinned by the project, built once into .cache (same path as
# scripts/lib/livekit.ts uses), from the Go module proxy.
LIVEKIT_VERSION=v1.13.5
LIVEKIT_BIN="$ROOT/.cache/livekit/$LIVEKIT_VERSION/livekit-server"
if [ ! -x "$LIVEKIT_BIN" ]; then
  echo "cluster: building livekit-server $LIVEKIT_VERSION (once; cached in .cache/livekit)"
  gobin=$(mktemp -d)
  in_own_group env -C "$gobin" GOBIN="$gobin" GOFLAGS=-mod=mod go install "github.com/livekit/livekit-server/cmd/server@$LIVEKIT_VERSION"
  mkdir -p "$(dirname "$LIVEKIT_BIN")"
  mv "$gobin/server" "$LIVEKIT_BIN"
  rm -rf "$gobin"
  gobin=""
fi
echo "cluster: build steps done at $SECONDS s"

mkdir -p "$RUN_DIR"
chmod 755 "$RUN_DIR"

ip netns add "$P-hub"
ip -n "$P-hub" link set lo up
ip -n "$P-hub" link add br0 type bridge
ip netns exec "$P-hub" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ip -n "$P-hub" link set br0 up
for entry in $HOSTS; do
  name=${entry%%:*}
  ns="$P-$name"
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  # The veth pair is created inside the hub: one end on the bridge, the other moved into
  # the host. Neither end ever exists in the machine's own namespace.
  ip -n "$P-hub" link add "v-$name" type veth peer name eth0 netns "$ns"
  ip -n "$P-hub" link set "v-$name" master br0 up
  ip netns exec "$ns" sysctl -qw net.ipv6.conf.eth0.disable_ipv6=1
  ip -n "$ns" addr add "$SUBNET.${entry##*:}/24" dev eth0
  ip -n "$ns" link set eth0 up
done

# Proof of isolation, checked every run: each host routes only its own /24 (no default
# route), and the hub holds nothing but the bridge and the hosts' veths.
for entry in $HOSTS; do
  ns="$P-${entry%%:*}"
  routes=$(ip -n "$ns" route show | sed 's/ *$//')
  expected="$SUBNET.0/24 dev eth0 proto kernel scope link src $SUBNET.${entry##*:}"
  if [ "$routes" != "$expected" ]; then
    echo "cluster: unexpected routes in $ns: $routes" >&2
    exit 1
  fi
  if [ -n "$(ip -n "$ns" -6 route show | grep -v '^::1 ' || true)" ]; then
    echo "cluster: unexpected IPv6 routes in $ns" >&2
    exit 1
  fi
done
hub_links=$(ip -n "$P-hub" -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' ')
expected_links=$( (echo lo; echo br0; for e in $HOSTS; do echo "v-${e%%:*}"; done) | sort | tr '\n' ' ')
if [ "$hub_links" != "$expected_links" ]; then
  echo "cluster: the hub has links it should not: $hub_links" >&2
  exit 1
fi
# And the machine's own namespace holds no link of the run (each veth pair was made inside
# the hub): the hosts cannot reach its interfaces or routes.
if ip -o link show | awk -F': ' '{print $2}' | grep -q '^v-\|^br0'; then
  echo "cluster: a link of the test network is in the machine's own namespace" >&2
  exit 1
fi
echo "cluster: $(echo "$HOSTS" | wc -w) hosts on $SUBNET.0/24 in namespaces $P-*; each routes only $SUBNET.0/24, the bridge has no uplink"

export CLUSTER_PREFIX="$P" CLUSTER_RUN_DIR="$RUN_DIR" CLUSTER_LIVEKIT_BIN="$LIVEKIT_BIN"
export PLAYWRIGHT_TRANSFORM_CACHE_DIR="$ROOT/.cache/playwright-transform" PLAYWRIGHT_BROWSERS_PATH=0
# In the background and waited for, so that a signal to this script (Ctrl-C, CI's timeout)
# runs the cleanup at once instead of after the specs: everything they started is in the
# namespaces, and finish() kills it there.
set +e
ip netns exec "$P-client" npx playwright test -c scripts/cluster/playwright.config.ts --reporter=list "$@" &
wait $!
rc=$?
set -e
exit $rc
