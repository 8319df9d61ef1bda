//! Where conversations happen, as people read it.
//!
//! **Entry pages** are normalised before they are counted, so one page is
//! one row: the fragment (`#…`) is dropped; query parameters that only
//! track a visit are dropped (`utm_*`, and `gclid`, `gbraid`, `wbraid`,
//! `dclid`, `fbclid`, `msclkid`, `yclid`, `twclid`, `igshid`, `mc_cid`,
//! `mc_eid`, `_ga`, `_gl`, `_hsenc`, `_hsmi`, `mkt_tok`, `ref`,
//! `ref_src`), the others kept in their order; scheme and host are lower
//! case (the path keeps its case), a default port goes, and a trailing `/`
//! after a path goes (`https://x.com/pricing/` is `https://x.com/pricing`;
//! the root stays `https://x.com/`). Text that is not an absolute URL is
//! kept as it is, trimmed (an address that starts `scheme://` but does not
//! parse still loses its fragment and tracking parameters: that step,
//! `strip_tracking`, is also the one an engine applies for `report --sql`).
//!
//! **Countries** are shown with their ISO 3166-1 English short names.

use std::sync::Arc;

use crate::memo::Memo;

/// Query parameters that only say how a visitor came (with every `utm_`
/// one: [`is_tracking`]).
pub(crate) const TRACKING: &[&str] = &[
    "gclid", "gbraid", "wbraid", "dclid", "fbclid", "msclkid", "yclid", "twclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "ref", "ref_src",
];

/// Entry pages normalised, the last few thousand remembered (an account
/// has far fewer pages than conversations).
pub(crate) struct PageNames {
    cache: Memo<str>,
}

impl Default for PageNames {
    fn default() -> Self {
        Self {
            cache: Memo::new(PAGES_REMEMBERED),
        }
    }
}

/// Raw pages remembered (cleared when full).
const PAGES_REMEMBERED: usize = 4_096;

impl PageNames {
    /// `raw` normalised ([`normalize_page`]).
    pub(crate) fn name(&mut self, raw: &str) -> Arc<str> {
        self.cache.get_or(raw, |raw| normalize_page(raw).into())
    }
}

/// Whether a query parameter's name only says how a visitor came.
pub(crate) fn is_tracking(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    name.starts_with("utm_") || TRACKING.contains(&name.as_str())
}

/// The part of the rule an engine applies too (`pushdown`'s SQL does the
/// same to the few distinct pages it sends back): an absolute address
/// (`scheme://…`) loses its fragment and its tracking parameters, as
/// written. The rest of the rule needs a URL parser; [`normalize_page`]
/// applies this step first, so a page an engine stripped normalises as
/// its raw form does.
pub(crate) fn strip_tracking(raw: &str) -> std::borrow::Cow<'_, str> {
    let scheme = raw.find("://").is_some_and(|end| {
        let scheme = &raw[..end];
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
    });
    if !scheme || !raw.contains(['#', '?']) {
        return raw.into();
    }
    let raw = raw.split_once('#').map_or(raw, |(before, _)| before);
    let Some((base, query)) = raw.split_once('?') else {
        return raw.to_owned().into();
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !is_tracking(p.split('=').next().unwrap_or_default()))
        .collect();
    if kept.is_empty() {
        base.to_owned().into()
    } else {
        format!("{base}?{}", kept.join("&")).into()
    }
}

/// The entry page as one row of the report (see the module's rule).
pub fn normalize_page(raw: &str) -> String {
    let raw = strip_tracking(raw.trim());
    let raw = raw.as_ref();
    let Ok(mut url) = url::Url::parse(raw) else {
        return raw.to_owned();
    };
    if url.cannot_be_a_base() {
        return raw.to_owned();
    }
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !is_tracking(k))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    let path = url.path().to_owned();
    if path.len() > 1 && path.ends_with('/') {
        url.set_path(path.trim_end_matches('/'));
    }
    url.to_string()
}

/// `code`'s English short name (ISO 3166-1), when it is a known alpha-2
/// code.
pub fn country_name(code: &str) -> Option<String> {
    let found = iso3166_1::alpha2(&code.trim().to_ascii_uppercase())?;
    // The crate's data carries a footnote mark on a few names.
    let name = match found.name.find('[') {
        Some(at) => &found.name[..at],
        None => found.name,
    };
    Some(name.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_and_fragments_go_and_the_rest_stays() {
        for (raw, page) in [
            (
                "https://Example.com/pricing?utm_source=news&utm_medium=email",
                "https://example.com/pricing",
            ),
            (
                "https://example.com/pricing#faq",
                "https://example.com/pricing",
            ),
            (
                "https://example.com/pricing/?gclid=abc&plan=pro#x",
                "https://example.com/pricing?plan=pro",
            ),
            ("https://example.com:443/", "https://example.com/"),
            (
                "https://example.com/Docs/API/",
                "https://example.com/Docs/API",
            ),
            ("not a url", "not a url"),
            (" /relative/path ", "/relative/path"),
        ] {
            assert_eq!(normalize_page(raw), page, "{raw}");
        }
    }

    #[test]
    fn countries_have_names() {
        assert_eq!(country_name("de").as_deref(), Some("Germany"));
        assert!(country_name("TW").is_some_and(|n| !n.contains('[')));
        assert_eq!(country_name("XX"), None);
    }

    proptest::proptest! {
        /// An engine strips pages before sending them back (fragment,
        /// tracking parameters); the one rule applied after gives what it
        /// gives the raw page, so pages normalise the same on both paths.
        #[test]
        fn a_stripped_page_normalises_as_its_raw_form(
            raw in r"( |\t)?(https?|HTTP|ftp|x1)?(://)?([A-Za-z.]{0,8})(:443|:80|:8)?(/[a-zA-Z%.]{0,5}){0,3}/?(\?((utm_[a-z]|ref|Ref|gclid|q|a b|%20|)(=[a-z0-9&=]{0,4})?&?){0,4})?(#[a-z?&=]{0,4})?( )?"
        ) {
            proptest::prop_assert_eq!(normalize_page(&strip_tracking(&raw)), normalize_page(&raw));
        }
    }
}
