//! Any bytes as a photo file: decoding (with the app's size limits, EXIF orientation and
//! colour conversion) must return an error or an image, never panic or exhaust memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(photo) = smp_preview::io::photo::decode_photo_bytes(data, "fuzz") {
        assert!(photo.width() > 0 && photo.height() > 0);
    }
});
