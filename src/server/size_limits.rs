//! Every size limit of a request that is not configurable, in one place. The configurable ones
//! (message, fields, files, submission size, reply bundles) are in `[limits]` and
//! `[keyholder_api]`; these bound what no honest client comes near.

/// Longest request target accepted.
pub const MAX_URI: usize = 4096;
/// Most header bytes accepted (names, values and separators).
pub const MAX_HEADER_BYTES: usize = 16 * 1024;
/// Most header fields accepted.
pub const MAX_HEADERS: usize = 64;
/// Longest `Authorization` value considered by the keyholder API.
pub const MAX_AUTHORIZATION: usize = 512;

/// Largest login or logout form body.
pub const MAX_SMALL_BODY: usize = 4096;
/// Longest CSRF token read from a form.
pub const MAX_CSRF: usize = 128;
/// Longest `incident` / `role` / `contact_ok` value read.
pub const MAX_CHOICE: usize = 64;
/// Longest declared content type of an attachment kept.
pub const MAX_CONTENT_TYPE: usize = 127;
/// Most multipart parts in one form (every field plus files plus some slack).
pub const MAX_PARTS: usize = 64;
/// Multipart framing allowance per part (boundaries and part headers).
pub const PART_OVERHEAD: u64 = 8 * 1024;

/// Largest single reply (ciphertext) the keyholder API accepts and the inbox opens.
pub const MAX_REPLY_BYTES: u64 = 1024 * 1024;
/// Largest acknowledgement list.
pub const MAX_ACK_BODY: usize = 16 * 1024 * 1024;
