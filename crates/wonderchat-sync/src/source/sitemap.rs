//! Sitemaps (sitemaps.org): a `<urlset>` of pages or a `<sitemapindex>` of
//! sitemaps, plain or gzip, read as a stream of XML events. Bounded: 50 MiB
//! a file (unpacked too), indexes nested at most two deep, 50,000 sitemaps
//! in all, each listed sitemap fetched once.

use std::collections::HashSet;
use std::io::Read;

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::StreamExt;
use quick_xml::events::Event;
use url::Url;

use super::{Wanted, list_lines, page_url};
use crate::SyncError;
use crate::fetch::{Fetcher, read_file, size};

/// The largest sitemap read, packed or unpacked (the protocol's limit).
const MAX_SITEMAP_BYTES: u64 = 50 << 20;
/// How deep indexes may nest (an index of indexes of sitemaps).
const MAX_DEPTH: usize = 2;
/// The most sitemaps one load reads (the protocol's limit for an index).
const MAX_SITEMAPS: usize = 50_000;

/// What one sitemap file lists.
#[derive(Debug, PartialEq)]
enum Parsed {
    /// Pages: address and `lastmod` text.
    Pages(Vec<(String, Option<String>)>),
    /// Other sitemaps.
    Index(Vec<String>),
}

/// The pages of the sitemap at `at` (an address or a file), its index
/// followed. Entries that are not http(s) addresses are skipped with a
/// warning; a sitemap that cannot be fetched or read is an error.
pub(super) async fn load(
    at: &str,
    fetcher: &Fetcher,
    warnings: &mut Vec<String>,
) -> Result<Vec<Wanted>, SyncError> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::from([at.to_owned()]);
    let mut level = vec![(at.to_owned(), None::<String>)];
    for depth in 0..=MAX_DEPTH {
        let read = futures_util::stream::iter(level)
            .map(|(loc, parent)| async move {
                let body = read(&loc, parent.is_none(), fetcher).await;
                (loc, parent, body)
            })
            .buffered(fetcher.options().concurrency.max(1));
        let mut read = std::pin::pin!(read);
        let mut next = Vec::new();
        while let Some((loc, parent, body)) = read.next().await {
            let origin = match &parent {
                Some(index) => format!("sitemap {loc} (listed in {index})"),
                None => format!("sitemap {loc}"),
            };
            let parsed = body
                .and_then(|body| parse(&body))
                .map_err(|reason| SyncError::bad_source(&origin, reason))?;
            match parsed {
                Parsed::Pages(pages) if pages.is_empty() => {
                    return Err(SyncError::bad_source(
                        &origin,
                        "lists no pages: an empty sitemap is taken for a broken one, not for a \
                         site without pages",
                    ));
                }
                Parsed::Pages(pages) => {
                    for (url, lastmod) in pages {
                        match page_url(&url) {
                            Ok(_) => out.push(Wanted {
                                url,
                                lastmod: lastmod.as_deref().and_then(parse_lastmod),
                                file: None,
                            }),
                            Err(reason) => warnings.push(format!("{origin}: skipped: {reason}")),
                        }
                    }
                }
                Parsed::Index(_) if depth == MAX_DEPTH => {
                    return Err(SyncError::bad_source(
                        &origin,
                        format!("sitemap indexes nest deeper than {MAX_DEPTH}"),
                    ));
                }
                Parsed::Index(children) if children.is_empty() => {
                    return Err(SyncError::bad_source(
                        &origin,
                        "an index that lists no sitemaps",
                    ));
                }
                Parsed::Index(children) => {
                    for child in children {
                        if seen.insert(child.clone()) {
                            next.push((child, Some(loc.clone())));
                        }
                    }
                    if seen.len() > MAX_SITEMAPS {
                        return Err(SyncError::bad_source(
                            &origin,
                            format!("more than {MAX_SITEMAPS} sitemaps in all"),
                        ));
                    }
                }
            }
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    Ok(out)
}

/// A sitemap's bytes, unpacked: fetched when `loc` is an http(s) address,
/// read from a file when it is not and was given on the command line
/// (`top`); a sitemap an index lists must be an address.
async fn read(loc: &str, top: bool, fetcher: &Fetcher) -> Result<Vec<u8>, String> {
    let bytes = match Url::parse(loc) {
        Ok(url) if matches!(url.scheme(), "http" | "https") => {
            fetcher.get(&url, MAX_SITEMAP_BYTES).await?
        }
        _ if top => read_file(std::path::Path::new(loc), MAX_SITEMAP_BYTES)?,
        _ => return Err("not an http or https address".to_owned()),
    };
    gunzip(bytes, MAX_SITEMAP_BYTES)
}

/// `bytes` unpacked when they are gzip (by their first bytes, whatever the
/// name or content type says), as they are otherwise.
fn gunzip(bytes: Vec<u8>, cap: u64) -> Result<Vec<u8>, String> {
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(bytes);
    }
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(&bytes[..])
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("not valid gzip: {e}"))?;
    if out.len() as u64 > cap {
        return Err(format!("larger than {} unpacked", size(cap)));
    }
    Ok(out)
}

/// Which element's text is being read.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Loc,
    Lastmod,
}

/// The pages or sitemaps one sitemap lists: XML, or the protocol's text
/// form (one address a line) when its first character is not `<`.
fn parse(bytes: &[u8]) -> Result<Parsed, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'<') | None => parse_xml(bytes),
        Some(_) => parse_text(bytes),
    }
}

/// A text sitemap: one address a line. Its first line must be an http(s)
/// address, or the file is not taken for a sitemap at all (an error page,
/// JSON); a later line that is not one is skipped with a warning, as an
/// XML entry would be.
fn parse_text(bytes: &[u8]) -> Result<Parsed, String> {
    let lines = list_lines(bytes).map_err(|e| format!("not a sitemap: {e}"))?;
    if let Some((line, text)) = lines.first() {
        page_url(text).map_err(|reason| {
            format!("not a sitemap: neither XML nor a text sitemap (line {line}: {reason})")
        })?;
    }
    Ok(Parsed::Pages(
        lines.into_iter().map(|(_, text)| (text, None)).collect(),
    ))
}

/// The pages or sitemaps an XML sitemap lists, by the local names of its
/// elements (any namespace prefix): `<loc>` and `<lastmod>` are read only
/// as children of an entry, so an extension's own (`<image:loc>` inside
/// `<image:image>`) is left out.
fn parse_xml(bytes: &[u8]) -> Result<Parsed, String> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    reader.config_mut().trim_text(true);
    let mut root: Option<bool> = None; // Some(true): an index
    let (mut field, mut loc, mut lastmod) = (Field::None, String::new(), String::new());
    let (mut pages, mut sitemaps) = (Vec::new(), Vec::new());
    let mut in_entry = false;
    // Elements open: the root is 1, an entry 2, its `<loc>` 3.
    let mut depth = 0usize;
    let at = |reader: &quick_xml::Reader<&[u8]>, e: &dyn std::fmt::Display| {
        format!("not valid XML (at byte {}): {e}", reader.buffer_position())
    };
    loop {
        let event = reader.read_event().map_err(|e| at(&reader, &e))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = e.local_name();
                let name = name.as_ref();
                match root {
                    None => {
                        root = Some(match name {
                            b"urlset" => false,
                            b"sitemapindex" => true,
                            other => {
                                return Err(format!(
                                    "not a sitemap: its root element is <{}>, not <urlset> or \
                                     <sitemapindex>",
                                    wonderchat::printable(&String::from_utf8_lossy(other))
                                ));
                            }
                        });
                    }
                    Some(index) => match (depth, name) {
                        (2, b"url") if !index => in_entry = true,
                        (2, b"sitemap") if index => in_entry = true,
                        (3, b"loc") if in_entry => field = Field::Loc,
                        (3, b"lastmod") if in_entry => field = Field::Lastmod,
                        _ => field = Field::None,
                    },
                }
            }
            Event::Text(t) => {
                let text = t.decode().map_err(|e| at(&reader, &e))?;
                push_text(field, &text, &mut loc, &mut lastmod);
            }
            Event::CData(t) => {
                let text = t.decode().map_err(|e| at(&reader, &e))?;
                push_text(field, &text, &mut loc, &mut lastmod);
            }
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().map_err(|e| at(&reader, &e))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| at(&reader, &e))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| at(&reader, &format!("unknown entity &{name};")))?
                            .to_owned()
                    }
                };
                push_text(field, &text, &mut loc, &mut lastmod);
            }
            Event::End(e) => {
                let name = e.local_name();
                let closed = depth;
                depth = depth.saturating_sub(1);
                match name.as_ref() {
                    b"url" | b"sitemap" if in_entry && closed == 2 => {
                        in_entry = false;
                        let entry = std::mem::take(&mut loc).trim().to_owned();
                        let modified = std::mem::take(&mut lastmod).trim().to_owned();
                        if root == Some(true) {
                            sitemaps.push(entry);
                        } else {
                            pages.push((entry, (!modified.is_empty()).then_some(modified)));
                        }
                    }
                    _ => field = Field::None,
                }
            }
            Event::Empty(_) if root.is_none() => {
                return Err("not a sitemap: an empty root element".to_owned());
            }
            Event::Eof => break,
            _ => {}
        }
    }
    match root {
        None => Err("not a sitemap: no XML elements".to_owned()),
        Some(true) => Ok(Parsed::Index(sitemaps)),
        Some(false) => Ok(Parsed::Pages(pages)),
    }
}

fn push_text(field: Field, text: &str, loc: &mut String, lastmod: &mut String) {
    match field {
        Field::Loc => loc.push_str(text),
        Field::Lastmod => lastmod.push_str(text),
        Field::None => {}
    }
}

/// A W3C datetime (`2024-05-01`, `2024-05-01T10:00Z`, full RFC 3339); `None`
/// for anything else (the entry is kept, without a date).
fn parse_lastmod(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%:z") {
        return Some(t.with_timezone(&Utc));
    }
    if let Some(t) = text
        .strip_suffix('Z')
        .and_then(|t| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M").ok())
    {
        return Some(t.and_utc());
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_urlset_and_an_index_are_read_with_any_prefix_entities_and_cdata() {
        let urlset = br#"<?xml version="1.0" encoding="UTF-8"?>
<s:urlset xmlns:s="http://www.sitemaps.org/schemas/sitemap/0.9">
  <s:url><s:loc>https://a.test/x?a=1&amp;b=2</s:loc><s:lastmod>2024-05-01</s:lastmod></s:url>
  <s:url><s:loc><![CDATA[https://a.test/caf%C3%A9]]></s:loc><s:priority>0.5</s:priority></s:url>
</s:urlset>"#;
        assert_eq!(
            parse(urlset).unwrap(),
            Parsed::Pages(vec![
                ("https://a.test/x?a=1&b=2".into(), Some("2024-05-01".into())),
                ("https://a.test/caf%C3%A9".into(), None),
            ])
        );
        let index =
            b"<sitemapindex><sitemap><loc>https://a.test/1.xml.gz</loc></sitemap></sitemapindex>";
        assert_eq!(
            parse(index).unwrap(),
            Parsed::Index(vec!["https://a.test/1.xml.gz".into()])
        );
    }

    #[test]
    fn an_extensions_own_loc_is_not_read_as_the_pages() {
        // What WordPress and Yoast write: images, alternates and news of a page.
        let urlset = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"
        xmlns:xhtml="http://www.w3.org/1999/xhtml">
  <url>
    <loc>https://a.test/guide</loc>
    <xhtml:link rel="alternate" hreflang="de" href="https://a.test/de/guide"/>
    <image:image><image:loc>https://a.test/img/1.png</image:loc></image:image>
    <lastmod>2024-05-01</lastmod>
    <image:image>
      <image:loc>https://a.test/img/2.png</image:loc>
      <image:lastmod>2020-01-01</image:lastmod>
    </image:image>
  </url>
  <url><image:image><image:loc>https://a.test/img/3.png</image:loc></image:image></url>
</urlset>"#;
        assert_eq!(
            parse(urlset).unwrap(),
            Parsed::Pages(vec![
                ("https://a.test/guide".into(), Some("2024-05-01".into())),
                // An entry without a <loc> of its own: skipped by `load`.
                (String::new(), None),
            ])
        );
        // An index's <sitemap> is read at its own level only.
        let index = b"<sitemapindex><sitemap><loc>https://a.test/1.xml</loc>\
            <x:sitemap><loc>https://a.test/nested.xml</loc></x:sitemap></sitemap></sitemapindex>";
        assert_eq!(
            parse(index).unwrap(),
            Parsed::Index(vec!["https://a.test/1.xml".into()])
        );
    }

    #[test]
    fn a_text_sitemap_and_a_byte_order_mark_are_read() {
        let text =
            b"\xEF\xBB\xBFhttps://a.test/one\r\n\r\nhttps://a.test/caf%C3%A9\nftp://a.test/x\n";
        assert_eq!(
            parse(text).unwrap(),
            Parsed::Pages(vec![
                ("https://a.test/one".into(), None),
                ("https://a.test/caf%C3%A9".into(), None),
                // Not an http(s) address: skipped by `load`, with a warning.
                ("ftp://a.test/x".into(), None),
            ])
        );
        let xml = b"\xEF\xBB\xBF\n<urlset><url><loc>https://a.test/</loc></url></urlset>";
        assert_eq!(
            parse(xml).unwrap(),
            Parsed::Pages(vec![("https://a.test/".into(), None)])
        );
    }

    #[test]
    fn what_is_not_a_sitemap_says_so() {
        assert!(
            parse(b"<html><body>Not found</body></html>")
                .unwrap_err()
                .contains("root element is <html>")
        );
        assert!(parse(b"").unwrap_err().contains("no XML elements"));
        assert!(
            parse(b"{\"json\": true}")
                .unwrap_err()
                .contains("neither XML nor a text sitemap (line 1: ")
        );
        assert!(
            parse(b"  \n Not Found\nhttps://a.test/")
                .unwrap_err()
                .starts_with("not a sitemap: neither XML nor a text sitemap (line 2: ")
        );
        assert!(
            parse(b"<urlset><url><loc>x</loc></urlset>")
                .unwrap_err()
                .contains("not valid XML")
        );
    }

    #[test]
    fn gzip_is_unpacked_within_the_limit() {
        use std::io::Write;
        let mut packed = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        packed.write_all(b"<urlset/>").unwrap();
        assert_eq!(
            gunzip(packed.finish().unwrap(), 1 << 20).unwrap(),
            b"<urlset/>"
        );
        // A bomb: zeros pack into next to nothing.
        let mut bomb = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        bomb.write_all(&vec![0u8; 3 << 20]).unwrap();
        let err = gunzip(bomb.finish().unwrap(), 2 << 20).unwrap_err();
        assert_eq!(err, "larger than 2 MiB unpacked");
        assert!(
            gunzip(vec![0x1f, 0x8b, 0], 1 << 20)
                .unwrap_err()
                .starts_with("not valid gzip")
        );
    }

    #[test]
    fn lastmod_takes_every_w3c_form() {
        let day = parse_lastmod("2024-05-01").unwrap();
        assert_eq!(day.to_rfc3339(), "2024-05-01T00:00:00+00:00");
        assert_eq!(
            parse_lastmod("2024-05-01T10:00Z").unwrap().to_rfc3339(),
            "2024-05-01T10:00:00+00:00"
        );
        assert_eq!(
            parse_lastmod("2024-05-01T12:00+02:00")
                .unwrap()
                .to_rfc3339(),
            "2024-05-01T10:00:00+00:00"
        );
        assert!(parse_lastmod("2024-05-01T10:00:00.5+00:00").is_some());
        assert_eq!(parse_lastmod("yesterday"), None);
    }
}
