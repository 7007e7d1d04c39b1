#!/bin/sh
# CPU cost of an idle frame of the window: the 12 MP plan in a 1920 × 1080 window under Xvfb,
# redrawing continuously without vsync; prints the frames drawn in 6 s and the CPU time per
# frame of the app (including llvmpipe's threads) and of the X server.
# With "redraw", the preview is re-rendered every frame (SMP_PREVIEW_BENCH_REDRAW=1), as while
# a slider is dragged, so the cost of a drag frame is measured without driving the mouse.
# Usage: bench/idle.sh BIN INPUT_DIR [redraw]   (INPUT_DIR from bench/inputs.sh)
set -eu
BIN=$1
IN=$2
MODE=${3:-idle}
[ "$MODE" = redraw ] && export SMP_PREVIEW_BENCH_REDRAW=1
LOGS=$IN/window-logs
mkdir -p "$LOGS"
rm -rf "$LOGS/recovery-idle"
export SMP_PREVIEW_RECOVERY_DIR="$LOGS/recovery-idle" XDG_RUNTIME_DIR="$LOGS" SMP_PREVIEW_NO_VSYNC=1
xvfb-run -a -s "-screen 0 1920x1080x24" sh -c "
  SMP_PREVIEW_FRAME_LOG=$LOGS/idle.csv $BIN $IN/plan12.smp.json >/dev/null 2>&1 & app=\$!
  sleep 8
  xdotool search --sync --name smp-preview windowmove 0 0 windowsize 1920 1080
  sleep 4
  ticks() { awk '{print \$14 + \$15}' /proc/\$1/stat; }
  server=\$(pgrep -f \"^Xvfb \$DISPLAY \" | head -1)
  a=\$(ticks \$app); xa=\$(ticks \$server); fa=\$(wc -l < $LOGS/idle.csv)
  sleep 6
  b=\$(ticks \$app); xb=\$(ticks \$server); fb=\$(wc -l < $LOGS/idle.csv)
  hz=\$(getconf CLK_TCK)
  [ \$((fb - fa)) -gt 0 ] || { echo 'idle: no frames were logged'; kill \$app; exit 1; }
  echo \"$MODE: \$((fb - fa)) frames in 6 s; CPU per frame: app \$(( (b - a) * 1000 / hz / (fb - fa) )) ms, Xvfb \$(( (xb - xa) * 1000 / hz / (fb - fa) )) ms\"
  kill \$app"
