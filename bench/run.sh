#!/bin/sh
# Every benchmark of BENCHMARKS.md, in one run: component benches (cargo bench), the headless
# render against ImageMagick (hyperfine), peak memory on a 50 MP photo (/usr/bin/time -v),
# and the real window under Xvfb (start-up, slider-drag frame rate).
# Needs: cargo, ImageMagick (convert), hyperfine, GNU time, xvfb-run, xdotool, python3.
# Usage: bench/run.sh [WORK_DIR]     (default target/bench-run)
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$ROOT/target/bench-run}
BIN=$ROOT/target/release/smp-preview
mkdir -p "$WORK"
export XDG_RUNTIME_DIR="$WORK"

echo "== machine"
nproc; grep -m1 'model name' /proc/cpuinfo || true; free -g | head -2
(cd "$ROOT" && cargo build --release --quiet)

echo "== cargo bench (sampling, render)"
(cd "$ROOT" && cargo bench --quiet --bench sampling 2>/dev/null && cargo bench --quiet --bench render 2>/dev/null)

echo "== inputs"
"$ROOT/bench/inputs.sh" "$WORK"
cd "$WORK"

echo "== headless render of a 12 MP photo with ~100k impressions vs ImageMagick converting it"
hyperfine --warmup 1 --runs 7 --export-json render.json \
  "$BIN render --photo big12.jpg --px-per-mm 10.95 --density 100 --out r12.png" \
  "convert big12.jpg c12.png"
python3 - <<'PY'
import json
r = json.load(open("render.json"))["results"]
ours, im = r[0]["median"], r[1]["median"]
print(f"median: smp-preview {ours:.3f} s, ImageMagick {im:.3f} s, ratio {ours / im:.2f}x (goal <= 1.5x)")
PY

echo "== peak memory, 50 MP photo (8160x6120)"
/usr/bin/time -v "$BIN" render --photo big50.jpg --px-per-mm 22 --density 100 --out r50.png 2> time50.txt >/dev/null
/usr/bin/time -v convert big50.jpg c50.png 2> time50-im.txt
python3 - <<'PY'
import re
def peak(path):
    return int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", open(path).read()).group(1)) * 1024
decoded = 8160 * 6120 * 4
ours, im = peak("time50.txt"), peak("time50-im.txt")
print(f"peak RSS: smp-preview {ours / 2**20:.0f} MiB = {ours / decoded:.2f}x the decoded RGBA photo "
      f"({decoded / 2**20:.0f} MiB; goal <= 3x); ImageMagick convert {im / 2**20:.0f} MiB")
PY

echo "== window (Xvfb ${BENCH_WINDOW:-1920x1080}, software Vulkan)"
"$ROOT/bench/window.sh" "$BIN" "$WORK"
echo "== window without vsync (frame cost rather than display cadence)"
SMP_PREVIEW_NO_VSYNC=1 DRAG_RUNS=1 "$ROOT/bench/window.sh" "$BIN" "$WORK"
echo "== window, CPU cost of an idle frame and of a frame re-rendering the preview"
"$ROOT/bench/idle.sh" "$BIN" "$WORK"
"$ROOT/bench/idle.sh" "$BIN" "$WORK" redraw
echo "== window with the dots rasterised by the GPU (llvmpipe), for comparison"
SMP_PREVIEW_DOTS=gpu DRAG_RUNS=1 "$ROOT/bench/window.sh" "$BIN" "$WORK"
