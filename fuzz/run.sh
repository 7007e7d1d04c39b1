#!/bin/sh
# Runs each fuzz target for a bounded time (default 60 s each), starting from the committed
# seeds in fuzz/seeds/. Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# A crash leaves its input in fuzz/artifacts/<target>/: turn it into a regression test.
set -eu
cd "$(dirname "$0")/.."
secs=${1:-60}
for target in plan_json photo_bytes; do
    mkdir -p "fuzz/corpus/$target"
    cp fuzz/seeds/"$target"/* "fuzz/corpus/$target/"
    # -s none: the code under test is safe Rust; panics, aborts, timeouts and memory blow-ups
    # are still caught, and the build is far quicker on a small machine.
    cargo +nightly fuzz run -s none "$target" "fuzz/corpus/$target" -- \
        -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 -max_len=65536
done
