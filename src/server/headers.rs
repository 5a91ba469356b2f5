//! Security headers on every response our app produces, errors included.
//!
//! The pages load nothing but `/static/style.css`: no script, no frame, no font, no image from
//! anywhere. Nothing is cached, nothing is sent as a referrer, and nothing names the software.

use actix_web::middleware::DefaultHeaders;

/// The Content-Security-Policy of every response.
pub const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The Permissions-Policy: every powerful feature denied.
pub const PERMISSIONS: &str = "accelerometer=(), ambient-light-sensor=(), autoplay=(), battery=(), bluetooth=(), \
camera=(), display-capture=(), document-domain=(), encrypted-media=(), fullscreen=(), gamepad=(), geolocation=(), \
gyroscope=(), hid=(), idle-detection=(), interest-cohort=(), magnetometer=(), microphone=(), midi=(), payment=(), \
picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), speaker-selection=(), \
usb=(), web-share=(), xr-spatial-tracking=()";

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
