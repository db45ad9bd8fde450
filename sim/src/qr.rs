//! The Okta Verify activation URI and the real PNG QR code that carries it.

use std::io::Cursor;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use image::{ImageFormat, Luma};
use qrcode::QrCode;
use url::Url;

/// The URI a phone gets from the QR code or the setup link: the org and a one-time token.
pub fn activation_uri(org: &str, token: &str) -> String {
    Url::parse_with_params("oktaverify://activate", &[("org", org), ("t", token)])
        .map(String::from)
        .unwrap_or_default()
}

/// The token inside an activation URI, if the URI is one.
pub fn activation_token(uri: &str) -> Option<String> {
    let url = Url::parse(uri.trim()).ok()?;
    if url.scheme() != "oktaverify" || url.host_str() != Some("activate") {
        return None;
    }
    url.query_pairs()
        .find(|(k, _)| k == "t")
        .map(|(_, v)| v.into_owned())
}

/// The largest picture `decode_image` reads: a 4K screenshot fits, a decompression bomb does not.
pub const MAX_PIXELS: u64 = 4096 * 4096;

/// Why no QR code came out of a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanError {
    /// Not a PNG or JPEG.
    NotAnImage,
    /// Over [`MAX_PIXELS`]: refused before decoding.
    TooLarge,
    /// A picture, but no readable QR code in it.
    NoCode,
}

/// The content of the QR code in an image (PNG or JPEG), read the way a phone camera would.
/// Pictures over [`MAX_PIXELS`] are refused before they are decoded. It is slow work: call it
/// off the async runtime.
pub fn decode_image(bytes: &[u8]) -> Result<String, ScanError> {
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| ScanError::NotAnImage)?;
    let (width, height) = reader
        .into_dimensions()
        .map_err(|_| ScanError::NotAnImage)?;
    if u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(ScanError::TooLarge);
    }
    let image = image::load_from_memory(bytes)
        .map_err(|_| ScanError::NotAnImage)?
        .to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(image);
    prepared
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, content)| content))
        .ok_or(ScanError::NoCode)
}

/// A `data:image/png;base64,…` QR code of the activation URI, at least 200×200 pixels.
pub fn activation_png_data_uri(org: &str, token: &str) -> String {
    let png = png_of(&activation_uri(org, token)).unwrap_or_default();
    format!("data:image/png;base64,{}", STANDARD.encode(png))
}

/// A `data:image/png;base64,…` QR code of any content (an `otpauth://` URI), at least
/// 200×200 pixels.
pub fn png_data_uri(content: &str) -> String {
    let png = png_of(content).unwrap_or_default();
    format!("data:image/png;base64,{}", STANDARD.encode(png))
}

fn png_of(content: &str) -> Option<Vec<u8>> {
    let code = QrCode::new(content.as_bytes()).ok()?;
    let image = code.render::<Luma<u8>>().min_dimensions(200, 200).build();
    let mut png = Cursor::new(Vec::new());
    image.write_to(&mut png, ImageFormat::Png).ok()?;
    Some(png.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_uri_round_trips_and_strangers_are_refused() {
        let uri = activation_uri("http://127.0.0.1:8081", "tok-123");
        assert_eq!(activation_token(&uri).as_deref(), Some("tok-123"));
        assert_eq!(
            activation_token("https://evil.example/activate?t=tok-123"),
            None
        );
        assert_eq!(activation_token("not a uri"), None);
    }

    #[test]
    fn the_png_reads_back_as_the_uri() {
        let href = activation_png_data_uri("http://127.0.0.1:8081", "tok-9");
        let png = STANDARD
            .decode(href.strip_prefix("data:image/png;base64,").unwrap())
            .unwrap();
        assert_eq!(
            decode_image(&png),
            Ok(activation_uri("http://127.0.0.1:8081", "tok-9"))
        );
        assert_eq!(decode_image(b"not an image"), Err(ScanError::NotAnImage));
    }

    #[test]
    fn the_png_is_a_png() {
        let uri = activation_png_data_uri("http://127.0.0.1:8081", "tok");
        let png = STANDARD
            .decode(uri.strip_prefix("data:image/png;base64,").unwrap())
            .unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }
}
