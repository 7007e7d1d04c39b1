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


def drag_summary(rows):
    """The drag is the stretch where the impression count changes frame to frame."""
    changing = [i for i in range(1, len(rows)) if rows[i][2] != rows[i - 1][2]]
    if not changing:
        return None
    drag = rows[changing[0]:changing[-1] + 1]
    frame_ms = [r[1] for r in drag[1:]]
    counts = [r[2] for r in drag]
    span = drag[-1][0] - drag[0][0]
    return {
        "frames": len(drag),
        "span": span,
        "fps": len(drag) / span,
        "median_ms": statistics.median(frame_ms),
        "p90_ms": sorted(frame_ms)[int(0.9 * len(frame_ms))],
        "counts": (min(counts), max(counts), int(statistics.median(counts))),
        "ui_ms": statistics.median(r[3] for r in drag),
    }


runs = []
for path in sorted(glob.glob(os.path.join(logs, "drag*.csv"))):
    s = drag_summary(read(path))
    name = os.path.basename(path)
    if s is None:
        print(f"{name}: the impression count never changed (was the slider hit?)")
        continue
    runs.append(s)
    lo, hi, med = s["counts"]
    print(f"{name}: {s['frames']} frames in {s['span']:.2f} s = {s['fps']:.1f} fps; median frame "
          f"{s['median_ms']:.1f} ms, p90 {s['p90_ms']:.1f} ms; impressions {lo}..{hi} (median {med}); "
          f"CPU share of a frame (ui): median {s['ui_ms']:.1f} ms")
if runs:
    fps = sorted(r["fps"] for r in runs)
    print(f"slider drag: median {statistics.median(fps):.1f} fps over {len(runs)} runs "
          f"(min {fps[0]:.1f}, max {fps[-1]:.1f}); goal >= 30 fps")
