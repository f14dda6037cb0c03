#!/usr/bin/env bash
# Builds the release artefacts into dist/ (OUT=dir to change):
#   rollscope_VERSION_ARCH.deb        a Debian package (dpkg-deb), installing under /usr, with the
#                                     run-time libraries the binary names declared (readelf -d: libc6,
#                                     libcurl4, libncursesw6, libtinfo6, libstdc++6, libgcc-s1)
#   rollscope_VERSION_linux_ARCH.tar.gz   the binary, for krew
#   rollscope.krew.yaml               krew/rollscope.yaml with the archive's URL and sha256 filled in
# BINARY=path packages that binary instead of building one (scripts/install.sh builds it);
# RELEASE_URL is where the archive will be published (default: the GitHub release of VERSION).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-dist}
if [ -z "${BINARY:-}" ]; then
    swift build -c release --static-swift-stdlib --product rollscope
    BINARY="$(swift build -c release --static-swift-stdlib --show-bin-path)/rollscope"
fi
version=$("$BINARY" version -o json | sed -n 's/.*"version" *: *"\([^"]*\)".*/\1/p')
arch=$(dpkg --print-architecture)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# The Debian package: the install script's layout under /usr, and a control file.
DESTDIR="$stage/deb" PREFIX=/usr BINARY="$BINARY" bash scripts/install.sh > /dev/null
mkdir -p "$stage/deb/DEBIAN"
cat > "$stage/deb/DEBIAN/control" <<CONTROL
Package: rollscope
Version: $version
Architecture: $arch
Maintainer: rollscope maintainers <rollscope@users.noreply.github.com>
Depends: libc6 (>= 2.34), libcurl4 (>= 7.88) | libcurl4t64, libncursesw6 (>= 6.1) | libncursesw6t64, libtinfo6, libzstd1, libstdc++6, libgcc-s1
Recommends: kubectl
Section: admin
Priority: optional
Installed-Size: $(du -sk "$stage/deb/usr" | cut -f1)
Homepage: https://github.com/rollscope/rollscope
Description: terminal console for Argo Rollouts and Flagger canaries
 A full-screen console (ncurses, over SSH) to watch and steer progressive
 delivery on Kubernetes: Argo Rollouts and Flagger side by side, live from
 watch streams, with the kubectl argo rollouts plugin's output and requests.
 With --demo it runs on an embedded demo cluster, no cluster needed.
CONTROL
deb="$OUT/rollscope_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip --build "$stage/deb" "$deb" > /dev/null

# The krew archive and manifest.
archive="rollscope_${version}_linux_${arch}.tar.gz"
mkdir -p "$stage/krew"
install -s -m 0755 "$BINARY" "$stage/krew/rollscope"
tar -C "$stage/krew" -czf "$OUT/$archive" rollscope
sha=$(sha256sum "$OUT/$archive" | cut -d' ' -f1)
url=${RELEASE_URL:-https://github.com/rollscope/rollscope/releases/download/v$version}/$archive
sed -e "s|@VERSION@|$version|g" -e "s|@ARCH@|$arch|g" -e "s|@URI@|$url|g" -e "s|@SHA256@|$sha|g" \
    krew/rollscope.yaml > "$OUT/rollscope.krew.yaml"
echo "$deb"
echo "$OUT/$archive"
echo "$OUT/rollscope.krew.yaml"
