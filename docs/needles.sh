#!/bin/sh
# Rebuilds docs/needles_200.jpg: the head sample's plan rendered with four needle/depth settings,
# a 180 × 120 px crop of each at 200 %, labelled. Needs a release build and ImageMagick.
# Usage: docs/needles.sh [WORK_DIR]
set -eu
work=${1:-$(mktemp -d)}
bin=target/release/smp-preview
variant() { # name dot_mm depth label
    sed -e "s/\"dot_diameter_mm\": [0-9.]*/\"dot_diameter_mm\": $2/" \
        -e "s/\"dilution_ratio\"/\"depth\": \"$3\",\n  \"dilution_ratio\"/" \
        -e "s#\"photo\": \"head_front.jpg\"#\"photo\": \"$PWD/assets/head_front.jpg\"#" \
        assets/head_front.smp.json > "$work/$1.smp.json"
    "$bin" render --plan "$work/$1.smp.json" --out "$work/$1.png"
    convert "$work/$1.png" -crop 180x120+1100+420 +repage -resize 200% \
        -gravity north -background '#202020' -fill white -font DejaVu-Sans -pointsize 16 -splice 0x28 \
        -annotate +0+5 "$4" "$work/$1_crop.png"
}
variant a 0.10 standard "1RL 0.20 (0.10 mm dots)"
variant b 0.175 standard "1RL 0.35 (0.175 mm)"
variant c 0.215 standard "3RL 0.20 (0.215 mm)"
variant d 0.125 deep "1RL 0.25, deep (blowout)"
convert "$work/a_crop.png" "$work/b_crop.png" "$work/c_crop.png" "$work/d_crop.png" +append \
    -quality 88 docs/needles_200.jpg
echo "wrote docs/needles_200.jpg"
