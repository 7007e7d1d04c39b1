"""Summarises the window frame logs written by bench/window.sh (SMP_PREVIEW_FRAME_LOG lines:
seconds since launch, ms since the previous frame, impressions shown)."""
import glob
import os
import statistics
import sys

logs = sys.argv[1]


def read(path):
    rows = []
    for line in open(path):
        t, dt, n, ui = line.strip().split(",")
        rows.append((float(t), float(dt), int(n), float(ui)))
    return rows


starts = []
for path in sorted(glob.glob(os.path.join(logs, "start*.csv"))):
    rows = read(path)
    if len(rows) >= 2:
        # Frame 2 begins once frame 1 has been presented: the first picture is on screen.
        starts.append(rows[1][0])
if starts:
    print(f"start-up to first frame shown: median {statistics.median(starts):.3f} s "
          f"over {len(starts)} launches (min {min(starts):.3f}, max {max(starts):.3f}); goal <= 1 s")

rows = read(os.path.join(logs, "drag.csv"))
# The drag itself is the stretch where the impression count changes frame to frame.
changing = [i for i in range(1, len(rows)) if rows[i][2] != rows[i - 1][2]]
if changing:
    first, last = changing[0], changing[-1]
    drag = rows[first:last + 1]
    frame_ms = [r[1] for r in drag[1:]]
    ui_ms = [r[3] for r in drag]
    span = drag[-1][0] - drag[0][0]
    counts = [r[2] for r in drag]
    print(f"slider drag: {len(drag)} frames in {span:.2f} s = {len(drag) / span:.1f} fps; "
          f"median frame {statistics.median(frame_ms):.1f} ms "
          f"(= {1000 / statistics.median(frame_ms):.1f} fps), p90 "
          f"{sorted(frame_ms)[int(0.9 * len(frame_ms))]:.1f} ms; impressions "
          f"{min(counts)}..{max(counts)} (median {int(statistics.median(counts))}); "
          f"CPU share of a frame (ui): median {statistics.median(ui_ms):.1f} ms; goal >= 30 fps")
else:
    print("slider drag: the impression count never changed (was the slider hit?)")
