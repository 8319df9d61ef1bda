//! Where the pages a chatbot should have come from: sitemaps (indexes
//! followed, gzip), a list of URLs, a docs folder mapped to the addresses it
//! is published at; then `--include`/`--exclude`.
//!
//! A source that cannot be loaded is an error, never an empty list: an
//! empty list would read as "every page is gone".

mod dir;
mod sitemap;

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use globset::{GlobSet, GlobSetBuilder};
use url::Url;

use crate::SyncError;
use crate::fetch::Fetcher;

pub use dir::DirMapping;

/// One place pages are listed.
#[derive(Debug, Clone)]
pub enum Source {
    /// A sitemap or sitemap index: an http(s) address or a file.
    Sitemap(String),
    /// A file of addresses, one a line (`#` comments, blank lines skipped).
    Urls(PathBuf),
    /// A docs folder and the address it is published at.
    Dir(DirMapping),
}

/// A page the chatbot should have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    /// Its address.
    pub url: String,
    /// When the sitemap says it last changed.
    pub lastmod: Option<DateTime<Utc>>,
    /// The file it is published from (`--dir`).
    pub file: Option<PathBuf>,
}

/// Every page the sources list, by address, and what was skipped.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The pages, by address (the first source to list one wins).
    pub wanted: BTreeMap<String, Wanted>,
    /// Entries skipped, and why.
    pub warnings: Vec<String>,
}

/// `--include` / `--exclude`: globs matched against a page's path when
/// they start with `/`, against its whole address otherwise; `*` stays
/// within a path segment, `**` crosses them.
#[derive(Debug, Default, Clone)]
pub struct Filters {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
}

impl Filters {
    /// Filters from the flags' globs.
    ///
    /// # Errors
    /// [`SyncError::Input`] naming the bad glob.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Self, SyncError> {
        let set = |globs: &[String], field: &'static str| -> Result<Option<GlobSet>, SyncError> {
            if globs.is_empty() {
                return Ok(None);
            }
            let mut builder = GlobSetBuilder::new();
            for glob in globs {
                let glob = globset::GlobBuilder::new(glob)
                    .literal_separator(true)
                    .build()
                    .map_err(|e| SyncError::Input {
                        field,
                        reason: format!("{glob:?} is not a glob: {e}"),
                    })?;
                builder.add(glob);
            }
            builder.build().map(Some).map_err(|e| SyncError::Input {
                field,
                reason: e.to_string(),
            })
        };
        Ok(Self {
            include: set(include, "--include")?,
            exclude: set(exclude, "--exclude")?,
        })
    }

    /// Whether `url` is kept.
    pub fn keeps(&self, url: &Url) -> bool {
        let hits = |set: &GlobSet| set.is_match(url.as_str()) || set.is_match(url.path());
        self.include.as_ref().is_none_or(hits) && !self.exclude.as_ref().is_some_and(hits)
    }
}

/// Loads every source, in order, then filters.
///
/// # Errors
/// [`SyncError::Source`] for the first source that cannot be loaded.
pub async fn load(
    sources: &[Source],
    filters: &Filters,
    fetcher: &Fetcher,
) -> Result<Loaded, SyncError> {
    if sources.is_empty() {
        return Err(SyncError::Input {
            field: "source",
            reason: "no source: give --sitemap, --urls or --dir".to_owned(),
        });
    }
    let mut loaded = Loaded::default();
    for source in sources {
        let entries = match source {
            Source::Sitemap(at) => sitemap::load(at, fetcher, &mut loaded.warnings).await?,
            Source::Urls(path) => url_lines(path)?,
            Source::Dir(mapping) => mapping.load(&mut loaded.warnings)?,
        };
        for wanted in entries {
            let Ok(url) = Url::parse(&wanted.url) else {
                continue; // checked by each source already
            };
            if filters.keeps(&url) {
                loaded.wanted.entry(wanted.url.clone()).or_insert(wanted);
            }
        }
    }
    Ok(loaded)
}

/// A page address as sources must give it: absolute, http or https.
///
/// # Errors
/// Why it is not one.
pub fn page_url(text: &str) -> Result<Url, String> {
    let url = Url::parse(text).map_err(|e| format!("{text:?} is not an address: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("{text:?} is not an http or https address"));
    }
    Ok(url)
}

/// The longest line of a list of addresses: far beyond any real one.
const MAX_URL_LINE: usize = 64 * 1024;

/// A `--urls` file's addresses; a bad line is an error naming it.
///
/// # Errors
/// [`SyncError::Source`] naming the file and line.
pub fn url_lines(path: &Path) -> Result<Vec<Wanted>, SyncError> {
    let name = path.display().to_string();
    let file = std::fs::File::open(path)
        .map_err(|e| SyncError::bad_source(&name, format!("cannot read it: {e}")))?;
    let lines = list_lines(std::io::BufReader::new(file))
        .map_err(|e| SyncError::bad_source(&name, e.to_string()))?;
    lines
        .into_iter()
        .map(|(number, text)| {
            page_url(&text).map_err(|reason| {
                SyncError::bad_source(&name, format!("line {number}: {reason}"))
            })?;
            Ok(Wanted {
                url: text,
                lastmod: None,
                file: None,
            })
        })
        .collect()
}

/// Why a list of addresses could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ListError {
    /// Reading failed.
    #[error("cannot read it: {0}")]
    Read(#[source] std::io::Error),
    /// A line is not an address's line.
    #[error("line {line}: {reason}")]
    Line {
        /// Its number, from 1.
        line: u64,
        /// What is wrong with it.
        reason: &'static str,
    },
}

/// The lines of a list of addresses (`--urls`, `pages add --from-file`):
/// one a line, trimmed, blank lines and `#` comments skipped, each with its
/// line number. A line longer than 64 KiB is refused, not read whole.
///
/// # Errors
/// [`ListError`]: a read error, or the first line that is too long or not
/// UTF-8.
pub fn list_lines(mut reader: impl BufRead) -> Result<Vec<(u64, String)>, ListError> {
    let (mut out, mut line, mut number) = (Vec::new(), Vec::new(), 0u64);
    loop {
        line.clear();
        number += 1;
        let read = (&mut reader)
            .take(MAX_URL_LINE as u64 + 1)
            .read_until(b'\n', &mut line)
            .map_err(ListError::Read)?;
        if read == 0 {
            return Ok(out);
        }
        let at = |reason| ListError::Line {
            line: number,
            reason,
        };
        if line.len() > MAX_URL_LINE {
            return Err(at("longer than 64 KiB, which no address is"));
        }
        let text = std::str::from_utf8(&line).map_err(|_| at("not UTF-8 text"))?;
        let text = text.trim();
        if !text.is_empty() && !text.starts_with('#') {
            out.push((number, text.to_owned()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_skips_blanks_and_comments_and_names_the_line_it_refuses() {
        let text = b"# docs\r\n https://a.test/x \r\n\n#https://b.test\nhttps://c.test/\n";
        let lines = list_lines(&text[..]).unwrap();
        assert_eq!(
            lines,
            [
                (2, "https://a.test/x".to_owned()),
                (5, "https://c.test/".to_owned())
            ]
        );
        let bad = b"https://a.test/\n\xff\n";
        let err = list_lines(&bad[..]).unwrap_err();
        assert_eq!(err.to_string(), "line 2: not UTF-8 text");
    }

    #[test]
    fn globs_starting_with_a_slash_match_the_path_and_others_the_address() {
        let filters = Filters::new(
            &["/docs/**".to_owned(), "https://blog.test/*".to_owned()],
            &["/docs/internal/**".to_owned()],
        )
        .unwrap();
        let keeps = |u: &str| filters.keeps(&Url::parse(u).unwrap());
        assert!(keeps("https://a.test/docs/x/y"));
        assert!(keeps("https://blog.test/post"));
        assert!(
            !keeps("https://blog.test/2024/post"),
            "* stays in a segment"
        );
        assert!(!keeps("https://a.test/docs/internal/secret"));
        assert!(!keeps("https://a.test/pricing"));
        let err = Filters::new(&["a[".to_owned()], &[])
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("--include: \"a[\" is not a glob"), "{err}");
    }

    #[test]
    fn a_urls_file_names_the_line_of_a_bad_address() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("urls.txt");
        std::fs::write(
            &path,
            "# docs\nhttps://a.test/x\n\n  https://a.test/y  \nftp://a.test/z\n",
        )
        .unwrap();
        let err = url_lines(&path).unwrap_err().to_string();
        assert!(
            err.ends_with("line 5: \"ftp://a.test/z\" is not an http or https address"),
            "{err}"
        );
        std::fs::write(&path, "https://a.test/x\n  https://a.test/y  \n").unwrap();
        let urls: Vec<String> = url_lines(&path)
            .unwrap()
            .into_iter()
            .map(|w| w.url)
            .collect();
        assert_eq!(urls, ["https://a.test/x", "https://a.test/y"]);
    }
}
