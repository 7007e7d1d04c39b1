#!/bin/sh
# Benchmark inputs, made from the bundled sample with ImageMagick: a 12 MP and a 50 MP photo,
# and a plan treating the whole 12 MP photo at 100/cm² and 10.95 px/mm (~100k impressions).
# Usage: bench/inputs.sh OUT_DIR
set -eu
OUT=$1
ROOT=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
[ -f "$OUT/big12.jpg" ] || convert "$ROOT/assets/sample_scalp.jpg" -resize '4000x3000!' -quality 92 "$OUT/big12.jpg"
[ -f "$OUT/big50.jpg" ] || convert "$ROOT/assets/sample_scalp.jpg" -resize '8160x6120!' -quality 92 "$OUT/big50.jpg"
cat > "$OUT/plan12.smp.json" <<'JSON'
{
  "version": 1,
  "photo": "big12.jpg",
  "px_per_mm": 10.95,
  "density_per_cm2": 100.0,
  "dot_diameter_mm": 0.2,
  "dilution_ratio": 8.0,
  "seed": 1,
  "area": [[0, 0], [4000, 0], [4000, 3000], [0, 3000]]
}
JSON
# The same with a head model seen from above, its outline (1900 x 1450 px about the centre,
# 26 mm lens) nearly filling the photo, so that the impressions per scalp cm² (foreshortened,
# none past the outline) number about as many as the flat plan's at the same density.
cat > "$OUT/plan12head.smp.json" <<'JSON'
{
  "version": 2,
  "photo": "big12.jpg",
  "px_per_mm": 10.95,
  "density_per_cm2": 100.0,
  "dot_diameter_mm": 0.2,
  "dilution_ratio": 8.0,
  "seed": 1,
  "area": [[0, 0], [4000, 0], [4000, 3000], [0, 3000]],
  "head": {
    "view": "top",
    "focal_mm_35": 26.0,
    "image_size_px": [4000.0, 3000.0],
    "centre_px": [2000.0, 1500.0],
    "distance_mm": 543.824,
    "semi_axes_mm": [298.8306, 243.9531, 279.9989]
  }
}
JSON
