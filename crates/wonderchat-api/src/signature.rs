//! The webhook signature scheme Wonderchat documents: lowercase hex
//! HMAC-SHA256 of the delivery's body, keyed with the webhook's secret.
//! Shared by the SDK's verifier and the mock's deliveries.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The signature header.
pub const SIGNATURE_HEADER: &str = "X-Wonderchat-Signature";
/// The timestamp header.
pub const TIMESTAMP_HEADER: &str = "X-Wonderchat-Timestamp";

fn mac(secret: &str) -> Hmac<Sha256> {
    // HMAC takes keys of any length: this cannot fail.
    Hmac::<Sha256>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

/// The signature of `body` with `secret`, as the header carries it.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac = mac(secret);
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `signature` (hex, any case) is `body`'s with `secret`, compared
/// in constant time.
pub fn signature_matches(secret: &str, body: &[u8], signature: &[u8]) -> bool {
    let mut mac = mac(secret);
    mac.update(body);
    mac.verify_slice(signature).is_ok()
}
