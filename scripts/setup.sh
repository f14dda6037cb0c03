#!/usr/bin/env bash
# The README's set-up, also what CI runs first (.ci/run): the system packages rollscope builds
# against and its tests need (tmux, ncurses-term and locales for the end-to-end tests; dpkg-deb
# for the packaging test comes with dpkg), then a release build installed under PREFIX
# (default ~/.local) by scripts/install.sh. Debian or Ubuntu, Swift 6 at /opt/swift.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
$SUDO apt-get install -y libcurl4-openssl-dev libncurses-dev libzstd-dev pkg-config tmux ncurses-term locales
export PATH=/opt/swift/usr/bin:$PATH
bash scripts/install.sh
