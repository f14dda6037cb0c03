#!/usr/bin/env bash
# Regenerates docs/rollscope.1 from the command definitions with swift-argument-parser's
# generate-manual plugin. Run it after changing a command or a flag: ManualPageTests fails while
# the page lacks a subcommand or flag the binary has.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package plugin generate-manual --configuration debug
page=$(find .build/plugins -path '*GenerateManual*' -name rollscope.1 -newer Package.swift | head -1)
[ -n "$page" ] || { echo "generate-manual wrote no rollscope.1" >&2; exit 1; }
cp "$page" docs/rollscope.1
echo "wrote docs/rollscope.1"
