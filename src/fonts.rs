//! The fonts quire vendors (fonts/, with their licences), compiled into the
//! binary once: the PDF typesetter shapes with them, and text inside an SVG
//! image is set with them, so no system font is ever needed.

pub const INTER_REGULAR: &[u8] = include_bytes!("../fonts/Inter-Regular.otf");
pub const INTER_BOLD: &[u8] = include_bytes!("../fonts/Inter-Bold.otf");
pub const INTER_ITALIC: &[u8] = include_bytes!("../fonts/Inter-Italic.otf");
pub const INTER_BOLD_ITALIC: &[u8] = include_bytes!("../fonts/Inter-BoldItalic.otf");
pub const DEJAVU_MONO: &[u8] = include_bytes!("../fonts/DejaVuSansMono.ttf");
pub const DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// Every vendored face: Inter regular, bold, italic, bold italic; DejaVu
/// Sans Mono; DejaVu Sans (the last fallback).
pub const VENDORED: [&[u8]; 6] = [
    INTER_REGULAR,
    INTER_BOLD,
    INTER_ITALIC,
    INTER_BOLD_ITALIC,
    DEJAVU_MONO,
    DEJAVU_SANS,
];
