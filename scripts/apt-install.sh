#!/usr/bin/env bash
# apt-install.sh PACKAGE…: installs Debian packages for the tests without starting their
# services. Packages such as redis-server, nginx and postgresql start a system-wide daemon
# on install (nginx's default site listens on 0.0.0.0:80); the tests run their own copies on
# loopback or on the cluster's private test hosts, so none may start. A policy-rc.d that
# forbids every service action is put in place for the install (unless the machine already
# has one) and removed afterwards; then the script fails if any new listening socket appeared.
# Used by .ci/run and scripts/cluster/run.sh.
set -euo pipefail
[ $# -gt 0 ] || exit 0
export DEBIAN_FRONTEND=noninteractive

listeners() { ss -Hlntup 2>/dev/null | awk '{print $1, $5, $7}' | sort -u; }
had_ss=$(command -v ss || true)
before=$(listeners)

policy=/usr/sbin/policy-rc.d
ours=""
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# bedside scripts/apt-install.sh: no service starts during the install\nexit 101\n' >"$policy"
  chmod 755 "$policy"
  ours=1
fi
remove_policy() { if [ -n "$ours" ]; then rm -f "$policy"; fi; }
trap remove_policy EXIT

echo "apt: installing $* (services not started)"
apt-get update -qq
apt-get install -y -qq "$@" >/dev/null
remove_policy
ours=""

# Any new listener of a daemon these packages ship, and any new one on all addresses. (A
# machine with no `ss` before the install, iproute2 among the packages, has no baseline:
# there any listener of such a daemon counts.)
new=$(comm -13 <(echo "$before") <(listeners) | grep -E 'redis|nginx|postgres|[^0-9]0\.0\.0\.0:|\[::\]:|\*:' || true)
if [ -z "$had_ss" ]; then new=$(listeners | grep -E 'redis|nginx|postgres' || true); fi
if [ -n "$new" ]; then
  echo "apt: installing $* left listening sockets behind (protocol, address, process):" >&2
  echo "$new" >&2
  exit 1
fi
