//! `--dir PATH --dir-url URL [--path-prefix P]`: a docs folder mapped to
//! the addresses it is published at.
//!
//! The rule: every file ending in `.md`, `.mdx`, `.markdown`, `.html` or
//! `.htm` (other files, and files or folders whose name starts with `.`,
//! are left out; symbolic links are not followed) is the page at
//! `BASE/PREFIX/PATH`, where `PATH` is its path in the folder without the
//! extension, and `index.*` (or `README.md`) stands for its folder, which
//! ends in `/`. Each path segment is percent-encoded (spaces, non-ASCII
//! letters). So with `--dir-url https://docs.example.com --path-prefix
//! guide`: `index.md` → `https://docs.example.com/guide/`,
//! `setup/index.md` → `…/guide/setup/`, `setup/First steps.md` →
//! `…/guide/setup/First%20steps`.

use std::path::{Path, PathBuf};

use url::Url;

use super::Wanted;
use crate::SyncError;

/// The extensions of page files.
const PAGE_EXTENSIONS: [&str; 5] = ["md", "mdx", "markdown", "html", "htm"];
/// File stems that stand for their folder.
const FOLDER_PAGES: [&str; 2] = ["index", "README"];

/// A docs folder and where it is published.
#[derive(Debug, Clone)]
pub struct DirMapping {
    /// The folder.
    pub path: PathBuf,
    /// The address the folder's root is published at.
    pub base_url: Url,
    /// Path segments between the base address and the folder's pages.
    pub path_prefix: String,
}

impl DirMapping {
    /// A mapping of `path` to `base_url` (and `path_prefix`).
    ///
    /// # Errors
    /// [`SyncError::Input`] when the base address is not http(s).
    pub fn new(
        path: PathBuf,
        base_url: &str,
        path_prefix: Option<&str>,
    ) -> Result<Self, SyncError> {
        let base_url = super::page_url(base_url).map_err(|reason| SyncError::Input {
            field: "--dir-url",
            reason,
        })?;
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(SyncError::Input {
                field: "--dir-url",
                reason: "an address with a query or fragment cannot have pages under it".to_owned(),
            });
        }
        Ok(Self {
            path,
            base_url,
            path_prefix: path_prefix.unwrap_or_default().trim_matches('/').to_owned(),
        })
    }

    /// The folder's pages, in path order. Two files that are one page
    /// (`index.md` and `README.md` of a folder, `a.md` and `a.html`) give
    /// one, with a warning: an `index.*` before a `README.md` (the one a
    /// site publishes, the other is for the repository's own view), else
    /// the first in path order.
    ///
    /// # Errors
    /// [`SyncError::Source`] when the folder cannot be read or has no pages.
    pub(super) fn load(&self, warnings: &mut Vec<String>) -> Result<Vec<Wanted>, SyncError> {
        let origin = format!("folder {}", self.path.display());
        if !self.path.is_dir() {
            return Err(SyncError::bad_source(&origin, "not a folder"));
        }
        let mut out: Vec<Wanted> = Vec::new();
        let mut at = std::collections::HashMap::new();
        let walk = walkdir::WalkDir::new(&self.path)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        for entry in walk {
            let entry = entry
                .map_err(|e| SyncError::bad_source(&origin, format!("cannot read it: {e}")))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&self.path) else {
                continue;
            };
            let Some(url) = self.url_of(relative) else {
                continue;
            };
            let wanted = Wanted {
                url: url.to_string(),
                lastmod: None,
                file: Some(entry.path().to_owned()),
            };
            let Some(&i) = at.get(&wanted.url) else {
                at.insert(wanted.url.clone(), out.len());
                out.push(wanted);
                continue;
            };
            let kept: &mut Wanted = &mut out[i];
            let mut left = wanted;
            if is_index(&left) && !is_index(kept) {
                std::mem::swap(kept, &mut left);
            }
            let name = |w: &Wanted| {
                w.file
                    .as_deref()
                    .and_then(|f| f.strip_prefix(&self.path).ok())
                    .map_or_else(String::new, |f| f.display().to_string())
            };
            warnings.push(format!(
                "{origin}: {} and {} are both the page {}: {} is left out",
                name(kept),
                name(&left),
                kept.url,
                name(&left)
            ));
        }
        if out.is_empty() {
            return Err(SyncError::bad_source(
                &origin,
                "holds no pages (.md, .mdx, .markdown, .html or .htm files)",
            ));
        }
        Ok(out)
    }

    /// The address of the file at `relative` in the folder; `None` for a
    /// file that is not a page.
    pub fn url_of(&self, relative: &Path) -> Option<Url> {
        let extension = relative.extension()?.to_str()?;
        if !PAGE_EXTENSIONS
            .iter()
            .any(|e| e.eq_ignore_ascii_case(extension))
        {
            return None;
        }
        let stem = relative.file_stem()?.to_string_lossy().into_owned();
        let mut segments: Vec<String> = relative
            .parent()
            .into_iter()
            .flat_map(Path::components)
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        let folder_page = FOLDER_PAGES.iter().any(|f| stem.eq_ignore_ascii_case(f));
        segments.push(if folder_page { String::new() } else { stem });
        let mut url = self.base_url.clone();
        {
            let mut path = url.path_segments_mut().ok()?;
            path.pop_if_empty();
            for segment in self.path_prefix.split('/').filter(|s| !s.is_empty()) {
                path.push(segment);
            }
            path.extend(segments);
        }
        Some(url)
    }
}

/// Whether a page's file is an `index.*`.
fn is_index(wanted: &Wanted) -> bool {
    wanted
        .file
        .as_deref()
        .and_then(Path::file_stem)
        .is_some_and(|stem| stem.eq_ignore_ascii_case("index"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_index_files_spaces_and_non_ascii_names_map_to_their_addresses() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "index.md",
            "setup/index.mdx",
            "setup/First steps.md",
            "guides/données/Ünïcode.html",
            "guides/deep/er/README.md",
            "image.png",
            ".hidden/secret.md",
            "setup/.draft.md",
        ] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, file).unwrap();
        }
        let mapping =
            DirMapping::new(root.to_owned(), "https://docs.example.com/", Some("/v2/")).unwrap();
        let mut warnings = Vec::new();
        let urls: Vec<String> = mapping
            .load(&mut warnings)
            .unwrap()
            .into_iter()
            .map(|w| w.url)
            .collect();
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            urls,
            [
                "https://docs.example.com/v2/guides/deep/er/",
                "https://docs.example.com/v2/guides/donn%C3%A9es/%C3%9Cn%C3%AFcode",
                "https://docs.example.com/v2/",
                "https://docs.example.com/v2/setup/First%20steps",
                "https://docs.example.com/v2/setup/",
            ]
        );
        // A base address with a path keeps it; no prefix adds nothing.
        let mapping = DirMapping::new(root.to_owned(), "https://a.test/docs", None).unwrap();
        assert_eq!(
            mapping.url_of(Path::new("index.md")).unwrap().as_str(),
            "https://a.test/docs/"
        );
        assert_eq!(
            mapping.url_of(Path::new("a/b.htm")).unwrap().as_str(),
            "https://a.test/docs/a/b"
        );
    }

    #[test]
    fn two_files_of_one_page_give_one_the_index_before_the_readme() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in ["guide/README.md", "guide/index.md", "a.html", "a.md"] {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, file).unwrap();
        }
        let mapping = DirMapping::new(root.to_owned(), "https://a.test", None).unwrap();
        let mut warnings = Vec::new();
        let pages: Vec<(String, PathBuf)> = mapping
            .load(&mut warnings)
            .unwrap()
            .into_iter()
            .map(|w| {
                (
                    w.url,
                    w.file.unwrap().strip_prefix(root).unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            pages,
            [
                ("https://a.test/a".to_owned(), PathBuf::from("a.html")),
                (
                    "https://a.test/guide/".to_owned(),
                    PathBuf::from("guide/index.md")
                ),
            ]
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[1].ends_with(
                "guide/index.md and guide/README.md are both the page https://a.test/guide/: \
                 guide/README.md is left out"
            ),
            "{warnings:?}"
        );
    }

    #[test]
    fn an_empty_or_missing_folder_is_an_error_not_an_empty_site() {
        let dir = tempfile::tempdir().unwrap();
        let mapping = DirMapping::new(dir.path().to_owned(), "https://a.test", None).unwrap();
        assert!(
            mapping
                .load(&mut Vec::new())
                .unwrap_err()
                .to_string()
                .contains("holds no pages")
        );
        let gone = DirMapping::new(dir.path().join("nope"), "https://a.test", None).unwrap();
        assert!(
            gone.load(&mut Vec::new())
                .unwrap_err()
                .to_string()
                .contains("not a folder")
        );
        let err = DirMapping::new(dir.path().to_owned(), "ftp://a.test", None).unwrap_err();
        assert!(err.to_string().starts_with("--dir-url:"), "{err}");
    }
}
