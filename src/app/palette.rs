//! The window's own colours, readable in the dark and the light theme: text colours are
//! chosen per theme against its panel, and banners set white text on fills dark enough for
//! it. A test holds every pair to WCAG's 4.5:1 contrast for text.

use egui::{Color32, Visuals};

/// Banners' text: on the fills below, in either theme.
pub const BANNER_TEXT: Color32 = Color32::WHITE;
/// An error's banner.
pub const ERROR_FILL: Color32 = Color32::from_rgb(120, 30, 30);
/// The banner of a plan that is not valid as edited.
pub const PROBLEM_FILL: Color32 = Color32::from_rgb(110, 62, 10);
/// The banner offering back a plan kept after a crash.
pub const RECOVERY_FILL: Color32 = Color32::from_rgb(35, 60, 100);

/// Text that asks for care (an estimated scale, a number outside the usual range).
pub fn caution(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(236, 178, 84)
    } else {
        Color32::from_rgb(140, 78, 0)
    }
}

/// Text that reports an error in place (egui's own error colour reads at 4.3:1 on the dark
/// panel).
pub fn error(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(255, 120, 120)
    } else {
        Color32::from_rgb(180, 20, 20)
    }
}

/// Text that warns (a fit that failed, a file that would be replaced).
pub fn warning(visuals: &Visuals) -> Color32 {
    if visuals.dark_mode {
        Color32::from_rgb(255, 150, 100)
    } else {
        Color32::from_rgb(170, 45, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG contrast ratio of two colours (1 … 21).
    pub fn contrast_ratio(a: Color32, b: Color32) -> f32 {
        let luminance = |c: Color32| {
            let lin = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.04045 {
                    v / 12.92
                } else {
                    ((v + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * lin(c.r()) + 0.7152 * lin(c.g()) + 0.0722 * lin(c.b())
        };
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_text_colour_reads_in_both_themes() {
        for visuals in [Visuals::dark(), Visuals::light()] {
            let theme = if visuals.dark_mode { "dark" } else { "light" };
            let panel = visuals.panel_fill;
            for (what, colour) in [
                ("caution", caution(&visuals)),
                ("warning", warning(&visuals)),
                ("text", visuals.text_color()),
                ("error", error(&visuals)),
            ] {
                let ratio = contrast_ratio(colour, panel);
                assert!(ratio >= 4.5, "{what} on the {theme} panel: {ratio:.2}");
            }
        }
        for (what, fill) in [
            ("error", ERROR_FILL),
            ("problem", PROBLEM_FILL),
            ("recovery", RECOVERY_FILL),
        ] {
            let ratio = contrast_ratio(BANNER_TEXT, fill);
            assert!(ratio >= 4.5, "{what} banner: {ratio:.2}");
        }
        // The colours replaced: orange on the light panel read at about 2:1.
        let old = Color32::from_rgb(230, 170, 60);
        assert!(contrast_ratio(old, Visuals::light().panel_fill) < 3.0);
    }
}
