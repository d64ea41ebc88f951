#!/usr/bin/env bash
# Builds the binary an office installs, and prints its path: release, the Swift runtime linked in,
# and its code laid out by use. Every function gets a section of its own (-function-sections); a
# first build is run once under a profile (Benchmarks/code-layout.sh, about 90 s) to learn which
# functions a dashboard runs, and the second link puts them together at the front of the code,
# with lld's --symbol-ordering-file. The kernel maps code 64 KiB at a time, so code spread over the
# whole 21 MiB of the binary kept 13.5 MiB of it resident; laid out, the code a dashboard runs sits
# in one region (README, "Memory of eight real dashboards").
#
#   bash scripts/build-release.sh            the path of the binary on stdout, the build's log on stderr
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tmux >/dev/null || { echo "the profiling run of the code layout needs tmux: apt-get install tmux" >&2; exit 1; }
scratch=.build/office
flags=(-c release --static-swift-stdlib --scratch-path "$scratch" --product frontdesk
       -Xswiftc -Xfrontend -Xswiftc -function-sections -Xcc -ffunction-sections -Xswiftc -use-ld=lld)
swift build "${flags[@]}" >&2
bin="$(swift build "${flags[@]}" --show-bin-path)/frontdesk"
order="$PWD/$scratch/code-layout.txt"
bash Benchmarks/code-layout.sh "$bin" "$order" >&2
# The same compile flags: only the link runs again (the binary is removed so that it does).
rm -f "$bin"
swift build "${flags[@]}" -Xlinker --symbol-ordering-file="$order" -Xlinker --no-warn-symbol-ordering >&2
echo "$bin"
