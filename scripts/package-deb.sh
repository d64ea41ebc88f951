#!/usr/bin/env bash
# Builds frontdesk_<version>_<arch>.deb for an office's IT: the binary, the themes in
# /usr/share/frontdesk/themes, a man page and bash/zsh/fish completions, all generated from the
# binary's own help by swift-argument-parser (generate-manual, --generate-completion-script).
#
#   scripts/package-deb.sh [--binary PATH] [--out DIR]
#
# Without --binary it builds the office's binary with scripts/build-release.sh: release, the Swift
# runtime linked in (--static-swift-stdlib, so the package needs no Swift on the office's host),
# its code laid out by a profiling run (which needs tmux on the packaging machine); --binary packages
# one already built (CI packages the office binary it built, to test its install and removal).
# Install: sudo apt install ./frontdesk_<version>_<arch>.deb    Remove: sudo apt remove frontdesk
set -euo pipefail
cd "$(dirname "$0")/.."
binary=""
out="$(pwd)"
while [ $# -gt 0 ]; do
  case "$1" in
    --binary) binary=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--binary PATH] [--out DIR]" >&2; exit 64 ;;
  esac
done
if [ -z "$binary" ]; then
  # The static Swift runtime links FoundationNetworking, which links libcurl: the packaging
  # machine needs libcurl's development files (the office's host needs only libcurl4).
  if ! compgen -G "/usr/lib/*/libcurl.so" >/dev/null && [ ! -e /usr/lib/libcurl.so ]; then
    echo "building the package needs libcurl's development files: apt-get install libcurl4-openssl-dev" >&2
    exit 1
  fi
  binary=$(bash scripts/build-release.sh)
fi
swift build --product generate-manual >/dev/null
manual="$(swift build --show-bin-path)/generate-manual"

version=$("$binary" --version)
arch=$(dpkg --print-architecture)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
install -Dm755 "$binary" "$stage/usr/bin/frontdesk"
install -d "$stage/usr/share/frontdesk/themes"
install -m644 themes/*.toml "$stage/usr/share/frontdesk/themes/"
install -d "$stage/usr/share/man/man1"
"$manual" "$binary" --date "$(date -u +%Y-%m-%d)" --output-directory "$stage/usr/share/man/man1"
gzip -9n "$stage/usr/share/man/man1/frontdesk.1"
install -d "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" \
  "$stage/usr/share/fish/vendor_completions.d" "$stage/usr/share/doc/frontdesk"
"$binary" --generate-completion-script bash >"$stage/usr/share/bash-completion/completions/frontdesk"
"$binary" --generate-completion-script zsh >"$stage/usr/share/zsh/vendor-completions/_frontdesk"
"$binary" --generate-completion-script fish >"$stage/usr/share/fish/vendor_completions.d/frontdesk.fish"
install -m644 README.md "$stage/usr/share/doc/frontdesk/README.md"
install -d "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<EOF
Package: frontdesk
Version: $version
Architecture: $arch
Maintainer: FrontDesk <frontdesk@localhost>
Depends: libc6, libstdc++6, libgcc-s1, libncursesw6, libsqlite3-0, libcurl4 | libcurl3-gnutls
Section: misc
Priority: optional
Description: terminal dashboard for Open Dental front desks
 Shows the day's schedule, patients and the office's lists from an Open Dental
 office through its REST API, books and moves appointments, and maps keys to
 the front desk's actions. Works over ssh on 80x24 terminals.
EOF
mkdir -p "$out"
dpkg-deb --build --root-owner-group "$stage" "$out/frontdesk_${version}_${arch}.deb" >/dev/null
echo "$out/frontdesk_${version}_${arch}.deb"
