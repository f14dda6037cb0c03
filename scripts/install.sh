#!/usr/bin/env bash
# Installs rollscope under PREFIX (default ~/.local; /usr/local or /usr for everyone):
#   PREFIX/bin/rollscope                       the one self-contained binary (themes built in)
#   PREFIX/bin/kubectl-rollscope -> rollscope  so that `kubectl rollscope` runs it
#   PREFIX/share/man/man1/rollscope.1          the man page (docs/rollscope.1)
#   PREFIX/share/bash-completion/completions/rollscope, PREFIX/share/zsh/site-functions/_rollscope,
#   PREFIX/share/fish/vendor_completions.d/rollscope.fish   from the binary's own generator
#
# BINARY=path installs that binary instead of building one (`swift build -c release
# --static-swift-stdlib`: the Swift runtime linked in, so the host needs only libc, libcurl
# and ncurses). DESTDIR=dir stages the files under dir (packaging; scripts/package.sh).
# A script rather than a Makefile: the steps are a few commands in order with no targets
# to keep up to date, and the CI and the README call it the same way.
set -euo pipefail
cd "$(dirname "$0")/.."
PREFIX=${PREFIX:-$HOME/.local}
DESTDIR=${DESTDIR:-}
if [ -z "${BINARY:-}" ]; then
    swift build -c release --static-swift-stdlib --product rollscope
    BINARY="$(swift build -c release --static-swift-stdlib --show-bin-path)/rollscope"
fi
root="$DESTDIR$PREFIX"
install -d "$root/bin" "$root/share/man/man1" "$root/share/bash-completion/completions" \
    "$root/share/zsh/site-functions" "$root/share/fish/vendor_completions.d"
# Stripped: the symbols are half the release binary's size.
install -s -m 0755 "$BINARY" "$root/bin/rollscope"
ln -sfn rollscope "$root/bin/kubectl-rollscope"
install -m 0644 docs/rollscope.1 "$root/share/man/man1/rollscope.1"
"$BINARY" completion bash > "$root/share/bash-completion/completions/rollscope"
"$BINARY" completion zsh > "$root/share/zsh/site-functions/_rollscope"
"$BINARY" completion fish > "$root/share/fish/vendor_completions.d/rollscope.fish"
echo "installed $root/bin/rollscope ($("$root/bin/rollscope" version | head -1))"
