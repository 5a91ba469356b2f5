//! Security headers on every response our app produces, errors included.
//!
//! The pages load nothing but `/static/style.css`: no script, no frame, no font, no image from
//! anywhere. Nothing is cached, nothing is sent as a referrer, and nothing names the software.

use actix_web::dev::ServiceRequest;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::DefaultHeaders;

use super::errors::Failure;

use super::size_limits::{MAX_HEADER_BYTES, MAX_HEADERS, MAX_URI};

/// `Strict-Transport-Security` on TLS connections, and `Onion-Location` pointing Tor Browser
/// users at the onion address when one is configured (Tor Browser honours it on HTTPS only).
pub fn tls_headers(req: &ServiceRequest) -> Vec<(HeaderName, HeaderValue)> {
    let mut out = Vec::new();
    if !req.conn_data::<super::listener::ConnInfo>().is_some_and(|c| c.tls) {
        return out;
    }
    out.push((
        HeaderName::from_static("strict-transport-security"),
        HeaderValue::from_static("max-age=63072000"),
    ));
    let onion = req
        .app_data::<actix_web::web::Data<super::state::AppState>>()
        .and_then(|s| s.cfg.source.onion_address.clone());
    if let Some(o) = onion {
        let host = o
            .trim()
            .trim_start_matches("http://")
            .trim_start_matches("https://")
            .trim_end_matches('/')
            .to_owned();
        let target =
            format!("http://{host}{}", req.uri().path_and_query().map(|p| p.as_str()).unwrap_or("/"));
        if let Ok(v) = HeaderValue::from_str(&target) {
            out.push((HeaderName::from_static("onion-location"), v));
        }
    }
    out
}

/// Refuses requests whose shape is not something a browser sends: an over-long target, too
/// many or too large headers. (actix-http's own parser bounds these more loosely.)
pub fn request_shape(req: &ServiceRequest) -> Option<Failure> {
    if req.uri().to_string().len() > MAX_URI {
        return Some(Failure::UriTooLong);
    }
    let headers = req.headers();
    if headers.len() > MAX_HEADERS {
        return Some(Failure::HeadersTooLarge);
    }
    let bytes: usize = headers.iter().map(|(k, v)| k.as_str().len() + v.len() + 4).sum();
    (bytes > MAX_HEADER_BYTES).then_some(Failure::HeadersTooLarge)
}

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The Permissions-Policy: every powerful feature denied.
pub const PERMISSIONS: &str = "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), \
fullscreen=(), gamepad=(), geolocation=(), gyroscope=(), hid=(), idle-detection=(), magnetometer=(), microphone=(), \
midi=(), payment=(), picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), \
xr-spatial-tracking=()";

/// Middleware adding the headers (where a handler has not set its own value).
pub fn security_headers() -> DefaultHeaders {
    DefaultHeaders::new()
        .add(("Content-Security-Policy", CSP))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("Referrer-Policy", "no-referrer"))
        .add(("Cache-Control", "no-store"))
        .add(("Pragma", "no-cache"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Cross-Origin-Opener-Policy", "same-origin"))
        .add(("Cross-Origin-Resource-Policy", "same-origin"))
        .add(("Cross-Origin-Embedder-Policy", "require-corp"))
        .add(("Permissions-Policy", PERMISSIONS))
        .add(("X-Robots-Tag", "noindex, nofollow"))
        .add(("X-DNS-Prefetch-Control", "off"))
}
