#!/usr/bin/env bash
# The profile behind the office binary's code layout (scripts/build-release.sh runs it).
# Runs BIN as a dashboard against a remote-profile sandbox in tmux, with Benchmarks/code-layout/
# pagesplit.c preloaded so that exactly the pages it touches become resident, walks it through the
# screens a front desk uses (days, grid, free time, help, patients and a search, a patient, lists,
# huddle, offices, a theme, privacy), waits for the directory, and writes the functions it ran,
# in the order lld should lay them out, to OUT.
#
#   bash Benchmarks/code-layout.sh BIN OUT
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(realpath "$1")
out=$2
work=$(mktemp -d)
sock="fd-layout-$$"
. Benchmarks/dashboards.sh
trap bench_cleanup EXIT
"${CC:-cc}" -O2 -shared -fPIC -o "$work/pagesplit.so" Benchmarks/code-layout/pagesplit.c
office_start 1000
dashboard_start d "LD_PRELOAD=$work/pagesplit.so"
pid=
for _ in $(seq 1 60); do
  pid=$(dashboard_pid d)
  [ -n "$pid" ] && tmux -L "$sock" capture-pane -p -t d | grep -q "online" && break
  sleep 1
done
[ -n "$pid" ] || { echo "code-layout: the dashboard did not start" >&2; tmux -L "$sock" capture-pane -p -t d >&2; exit 1; }
sleep 20
for k in l l h v v F F '?' Escape 2 / s m i Enter Escape Enter Escape 3 4 5 1 T P P l Enter Escape h; do
  tmux -L "$sock" send-keys -t d "$k"
  sleep 1.5
done
sleep 30
cp "/proc/$pid/smaps" "$work/smaps"
python3 Benchmarks/code-layout/order.py "$work/smaps" "$bin" "$out"
