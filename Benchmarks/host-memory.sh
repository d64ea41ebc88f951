#!/usr/bin/env bash
# Memory of N real dashboards on one host (each in its own tmux session, as N ssh logins would be),
# against a remote-profile sandbox process with 5,000 patients, after the directory is complete.
# Prints each dashboard's RSS, PSS (shared pages split among the processes sharing them: what one
# more dashboard costs the host) and private memory, from /proc/PID/smaps_rollup.
#
#   bash Benchmarks/host-memory.sh 8 [release|debug] [seconds to settle, default 150]
#   BIN=path/to/frontdesk bash Benchmarks/host-memory.sh 8
# release measures the office's binary (scripts/build-release.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-8}
config=${2:-release}
settle=${3:-150}
# BIN=path measures a binary already built.
if [ -n "${BIN:-}" ]; then
  bin=$BIN
elif [ "$config" = release ]; then
  bin=$(bash scripts/build-release.sh)
else
  swift build -c "$config" --product frontdesk >/dev/null
  bin="$(swift build -c "$config" --show-bin-path)/frontdesk"
fi
work=$(mktemp -d)
sock="fd-mem-$$"
. Benchmarks/dashboards.sh
trap bench_cleanup EXIT
office_start 5000
for i in $(seq 1 "$n"); do dashboard_start "d$i"; done
sleep "$settle"
printf '%-8s %8s %8s %8s\n' pid rss_kib pss_kib priv_kib
tot_pss=0; tot_rss=0; max_rss=0
for pid in $(for i in $(seq 1 "$n"); do dashboard_pid "d$i"; done); do
  rss=$(awk '/^Rss:/ {print $2}' /proc/$pid/smaps_rollup)
  pss=$(awk '/^Pss:/ {print $2}' /proc/$pid/smaps_rollup)
  priv=$(awk '/^Private_(Clean|Dirty):/ {s+=$2} END {print s}' /proc/$pid/smaps_rollup)
  printf '%-8s %8s %8s %8s\n' "$pid" "$rss" "$pss" "$priv"
  tot_pss=$((tot_pss + pss)); tot_rss=$((tot_rss + rss)); [ "$rss" -gt "$max_rss" ] && max_rss=$rss
done
echo "dashboards: $n ($config), after ${settle} s: RSS max $((max_rss / 1024)) MiB, PSS mean $((tot_pss / n / 1024)) MiB (what each costs the host), sum of PSS $((tot_pss / 1024)) MiB"
