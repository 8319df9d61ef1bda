//! The SDK sets up TLS for its own client and leaves the process-wide rustls
//! provider to the application: building a client installs none, and a
//! provider the application installed first stays the default.

#![cfg(feature = "rustls")]

use std::sync::Arc;

use rustls::crypto::CryptoProvider;

#[test]
fn the_sdk_never_installs_or_replaces_the_process_wide_tls_provider() {
    // One test function: the process default can be installed only once.
    wonderchat::Client::builder().api_key("k").build().unwrap();
    assert!(
        CryptoProvider::get_default().is_none(),
        "building a client installed a process-wide provider"
    );

    let mine = Arc::new(rustls::crypto::ring::default_provider());
    CryptoProvider::install_default(CryptoProvider {
        cipher_suites: vec![rustls::crypto::ring::cipher_suite::TLS13_AES_256_GCM_SHA384],
        ..(*mine).clone()
    })
    .unwrap();
    let installed = CryptoProvider::get_default().unwrap().clone();
    wonderchat::Client::builder().api_key("k").build().unwrap();
    let after = CryptoProvider::get_default().unwrap();
    assert!(
        Arc::ptr_eq(&installed, after),
        "the application's provider was replaced"
    );
    assert_eq!(after.cipher_suites.len(), 1);
}
