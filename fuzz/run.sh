#!/usr/bin/env bash
# Runs each fuzz target for a bounded time (default 60 s each): fuzz/run.sh [SECONDS]
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). New crashes are left in
# fuzz/artifacts/TARGET/; reproduce one with `cargo +nightly fuzz run TARGET fuzz/artifacts/...`.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
for target in input response; do
    # Work on a copy, so the committed seed corpus only changes when someone chooses to.
    work="$(mktemp -d)"
    cp corpus/"$target"/* "$work"/
    echo "== $target: ${seconds}s"
    cargo +nightly fuzz run "$target" "$work" -- -max_total_time="$seconds" -max_len=65536
    rm -rf "$work"
done
