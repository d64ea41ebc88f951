#!/usr/bin/env bash
# Memory of N real dashboards on one host (each in its own tmux session, as N ssh logins would be),
# against a remote-profile sandbox process with 5,000 patients, after the directory is complete.
# Prints each dashboard's RSS, PSS (shared pages split among the processes sharing them: what one
# more dashboard costs the host) and private memory, from /proc/PID/smaps_rollup.
#
#   bash Benchmarks/host-memory.sh 8 [release|debug] [seconds to settle, default 150]
#   BIN=path/to/frontdesk bash Benchmarks/host-memory.sh 8
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-8}
config=${2:-release}
settle=${3:-150}
# BIN=path measures a binary already built (the package's, with the static Swift runtime).
if [ -n "${BIN:-}" ]; then
  bin=$BIN
else
  swift build -c "$config" --product frontdesk >/dev/null
  bin="$(swift build -c "$config" --show-bin-path)/frontdesk"
fi
work=$(mktemp -d)
sock="fd-mem-$$"
cleanup() {
  tmux -L "$sock" kill-server 2>/dev/null || true
  [ -n "${office:-}" ] && kill "$office" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
"$bin" sandbox --profile remote --patients 5000 --port 0 >"$work/sandbox.log" 2>&1 &
office=$!
for _ in $(seq 1 120); do url=$(awk '/Base URL:/ {print $3}' "$work/sandbox.log"); [ -n "$url" ] && break; sleep 0.5; done
[ -n "$url" ] || { echo "the sandbox did not start" >&2; exit 1; }
for i in $(seq 1 "$n"); do
  home="$work/home$i"
  mkdir -p "$home"
  tmux -L "$sock" new-session -d -s "d$i" -x 80 -y 24 \
    "env HOME=$home XDG_CONFIG_HOME=$home/config XDG_STATE_HOME=$home/state XDG_CACHE_HOME=$work/cache LANG=C.UTF-8 TERM=xterm-256color \
     FRONTDESK_BASE_URL=$url FRONTDESK_DEVELOPER_KEY=NFF6i0KrXrxDkZHt FRONTDESK_CUSTOMER_KEY=VzkmZEaUWOjnQX2z $bin; sleep 600"
done
sleep "$settle"
printf '%-8s %8s %8s %8s\n' pid rss_kib pss_kib priv_kib
tot_pss=0; tot_rss=0; max_rss=0
for pid in $(pgrep -f "^$bin\$"); do
  rss=$(awk '/^Rss:/ {print $2}' /proc/$pid/smaps_rollup)
  pss=$(awk '/^Pss:/ {print $2}' /proc/$pid/smaps_rollup)
  priv=$(awk '/^Private_(Clean|Dirty):/ {s+=$2} END {print s}' /proc/$pid/smaps_rollup)
  printf '%-8s %8s %8s %8s\n' "$pid" "$rss" "$pss" "$priv"
  tot_pss=$((tot_pss + pss)); tot_rss=$((tot_rss + rss)); [ "$rss" -gt "$max_rss" ] && max_rss=$rss
done
echo "dashboards: $n ($config), after ${settle} s: RSS max $((max_rss / 1024)) MiB, PSS mean $((tot_pss / n / 1024)) MiB (what each costs the host), sum of PSS $((tot_pss / 1024)) MiB"
