#!/usr/bin/env bash
# Makes the HEIC and AVIF test photos (committed; rerun only to change them). Needs Debian's
# heif-enc (libheif-examples, with its x265 and aom encoders), ImageMagick and python3.
#   gradient.png          64 × 48: red rises to the right, green downwards, blue 128
#   gradient.heic         the same, lossless (RGB 4:4:4), colour primaries BT.709
#   gradient_p3.heic      the same pixels, lossless, with a Display P3 ICC profile, as an
#                         iPhone tags its photos (display_p3.icc: moxcms's Display P3,
#                         written by `ColorProfile::new_display_p3().encode()`)
#   gradient.avif         the same, lossy AV1 (4:2:2), quality 90
#   focal52.heic          lossy, from a JPEG whose EXIF says 52 mm (35 mm equivalent)
set -euo pipefail
cd "$(dirname "$0")"
python3 - <<'PY'
import struct, zlib
w, h = 64, 48
rows = b"".join(b"\0" + bytes(v for x in range(w) for v in (x * 4, y * 5, 128)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
body = chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open("gradient.png", "wb").write(png + body)
icc = open("display_p3.icc", "rb").read()
# libpng takes only a profile whose length is a multiple of 4: pad it, and say so in its header.
icc += b"\0" * (-len(icc) % 4)
icc = struct.pack(">I", len(icc)) + icc[4:]
iccp = chunk(b"iCCP", b"Display P3\0\0" + zlib.compress(icc))
open("/tmp/smp-gradient-p3.png", "wb").write(png + iccp + body)
PY
lossless=(-L -p chroma=444 --matrix_coefficients=0 --transfer_characteristic=13)
heif-enc "${lossless[@]}" --colour_primaries=1 -o gradient.heic gradient.png
heif-enc "${lossless[@]}" -o gradient_p3.heic /tmp/smp-gradient-p3.png
heif-enc -A -q 90 -p chroma=422 -o gradient.avif gradient.png
# EXIF with FocalLengthIn35mmFilm = 52, spliced into a JPEG after its SOI marker.
convert gradient.png -quality 95 /tmp/smp-focal.jpg
python3 - <<'PY'
import struct
def ifd(entries, next_ifd=0):
    out = struct.pack(">H", len(entries))
    for tag, kind, count, value in entries:
        out += struct.pack(">HHI", tag, kind, count) + value
    return out + struct.pack(">I", next_ifd)
# TIFF header (8) + IFD0 with one entry, the Exif IFD pointer (2 + 12 + 4 = 18) at 8.
exif_ifd_at = 8 + 18
ifd0 = ifd([(0x8769, 4, 1, struct.pack(">I", exif_ifd_at))])
exif = ifd([(0xA405, 3, 1, struct.pack(">HH", 52, 0))])
tiff = b"MM\0\x2a" + struct.pack(">I", 8) + ifd0 + exif
app1 = b"Exif\0\0" + tiff
jpeg = open("/tmp/smp-focal.jpg", "rb").read()
segment = b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1
open("/tmp/smp-focal-exif.jpg", "wb").write(jpeg[:2] + segment + jpeg[2:])
PY
heif-enc -q 90 -o focal52.heic /tmp/smp-focal-exif.jpg
rm -f /tmp/smp-gradient-p3.png /tmp/smp-focal.jpg /tmp/smp-focal-exif.jpg
ls -l gradient.png ./*.heic ./*.avif
