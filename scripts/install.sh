#!/usr/bin/env bash
# Installs FrontDesk into a prefix: the binary into PREFIX/bin and the colour themes into
# PREFIX/share/frontdesk/themes, where an installed FrontDesk looks for them (see README).
#   bash scripts/install.sh [PREFIX] [debug|release]      (defaults: /usr/local, release)
# release is the office's binary (scripts/build-release.sh: static Swift runtime, code laid out).
set -euo pipefail
cd "$(dirname "$0")/.."
prefix=${1:-/usr/local}
config=${2:-release}
if [ "$config" = release ]; then
  bin=$(bash scripts/build-release.sh)
else
  swift build -c "$config" --product frontdesk >/dev/null
  bin="$(swift build -c "$config" --show-bin-path)/frontdesk"
fi
install -d "$prefix/bin" "$prefix/share/frontdesk/themes"
install -m 755 "$bin" "$prefix/bin/frontdesk"
install -m 644 themes/*.toml "$prefix/share/frontdesk/themes/"
echo "installed $prefix/bin/frontdesk and $(ls themes/*.toml | wc -l) themes in $prefix/share/frontdesk/themes"
