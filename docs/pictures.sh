#!/bin/sh
# Rebuilds the README's pictures on the realistic head sample (and the fringe match on the
# scalp sample): before/after at fit, the looks at fit and at 100 %, the fringe match.
# Downscaling is done in linear light (-colorspace RGB), as the app and the exports do, so the
# fit pictures keep the tone of the full-size ones. Needs a release build and ImageMagick.
# Usage: docs/pictures.sh [WORK_DIR]
set -eu
work=${1:-$(mktemp -d)}
bin=target/release/smp-preview
head=assets/head_front.smp.json
fit() { convert "$1" -colorspace RGB -resize "$2" -colorspace sRGB "$3"; }
label() { # in out text
    convert "$1" -gravity north -background '#202020' -fill white -font DejaVu-Sans \
        -pointsize 18 -splice 0x30 -annotate +0+6 "$3" "$2"
}
"$bin" render --plan "$head" --out "$work/healed.png"
"$bin" render --plan "$head" --fresh --out "$work/fresh.png"
"$bin" render --plan "$head" --age-years 8 --out "$work/faded.png"
cp assets/head_front.jpg "$work/before.jpg"
# Before / after of the whole head at fit (900 px wide each).
for k in before.jpg healed.png; do fit "$work/$k" 900x "$work/fit_$k.png"; done
label "$work/fit_before.jpg.png" "$work/a.png" "Before"
label "$work/fit_healed.png.png" "$work/b.png" "After (healed)"
convert "$work/a.png" "$work/b.png" +append -quality 88 docs/head_fit.jpg
# The looks at fit (the head at 30 %) and at 100 % (a 360 x 260 px crop behind the hairline).
for k in before.jpg fresh.png healed.png faded.png; do
    convert "$work/$k" -crop 1200x900+600+250 +repage "$work/head_$k.png"
    fit "$work/head_$k.png" 30% "$work/looks_fit_$k.png"
    convert "$work/$k" -crop 360x260+1020+480 +repage "$work/looks_100_$k.png"
done
for view in looks_fit looks_100; do
    label "$work/${view}_before.jpg.png" "$work/1.png" "Before"
    label "$work/${view}_fresh.png.png" "$work/2.png" "Fresh"
    label "$work/${view}_healed.png.png" "$work/3.png" "Healed"
    label "$work/${view}_faded.png.png" "$work/4.png" "Faded 8 years"
    convert "$work/1.png" "$work/2.png" "$work/3.png" "$work/4.png" +append -quality 88 \
        "docs/head_$view.jpg"
done
# The scalp sample matched to its own shaved fringe (the yellow box), before / after, at fit.
"$bin" render --plan assets/sample.smp.json --match-stubble 240,600,60,300 --out "$work/match.png"
for k in assets/sample_scalp.jpg "$work/match.png"; do
    n=$(basename "$k")
    convert "$k" -fill none -stroke '#fad25a' -strokewidth 3 -draw "rectangle 240,600 300,900" \
        "$work/box_$n.png"
    fit "$work/box_$n.png" 640x "$work/fit_box_$n.png"
done
label "$work/fit_box_sample_scalp.jpg.png" "$work/m1.png" "Before (fringe measured in the box)"
label "$work/fit_box_match.png.png" "$work/m2.png" "After, matched to the fringe"
convert "$work/m1.png" "$work/m2.png" +append -quality 88 docs/fringe_match.jpg
echo "wrote docs/head_fit.jpg docs/head_looks_fit.jpg docs/head_looks_100.jpg docs/fringe_match.jpg"
