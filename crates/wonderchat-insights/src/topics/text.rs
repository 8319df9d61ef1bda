//! The words of a question: its language, its tokens folded (lower case,
//! accents removed), stop words, stems.
//!
//! - **Language**: Chinese, Japanese and Korean by their scripts; Latin
//!   text by a vote of its stop words (each word votes for the languages
//!   whose NLTK stop-word list holds it, split between them), and when the
//!   vote is not clear by whichlang's model (Quickwit's trigram logistic
//!   regression); a text that neither settles takes the language seen most
//!   so far.
//! - **Tokens**: split at anything that is not a letter or digit
//!   (apostrophes too: "l'abonnement" is "l" and "abonnement"), folded;
//!   numbers and one-letter tokens dropped. Runs of Chinese, Japanese or
//!   Korean characters become overlapping character pairs (they have no
//!   spaces to split at).
//! - **Stems**: Snowball for the language when it has one, on the folded
//!   word.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

use super::lexicon;

/// The languages told apart, by ISO 639-1 code.
pub(crate) const LATIN: [&str; 14] = [
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "fi", "tr", "ro", "hu",
];

/// The English name of a language by its ISO 639-1 code (`und`:
/// undetermined).
pub fn language_name(code: &str) -> &'static str {
    match code {
        "en" => "English",
        "de" => "German",
        "fr" => "French",
        "es" => "Spanish",
        "it" => "Italian",
        "pt" => "Portuguese",
        "nl" => "Dutch",
        "sv" => "Swedish",
        "da" => "Danish",
        "no" => "Norwegian",
        "fi" => "Finnish",
        "tr" => "Turkish",
        "ro" => "Romanian",
        "hu" => "Hungarian",
        "ru" => "Russian",
        "ar" => "Arabic",
        "zh" => "Chinese",
        "ja" => "Japanese",
        "ko" => "Korean",
        _ => "undetermined",
    }
}

/// `text` lower-cased without accents ("Rückerstattung" → "ruckerstattung").
pub(crate) fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.nfkd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .replace('ß', "ss")
}

/// `text` with each number that stands alone (digits between things that
/// are not letters or digits: an order number, an amount, a date's parts)
/// written `0`. Such numbers are never words of a subject, so two
/// messages that differ only in them are analysed once; a number inside a
/// word ("2fa", "mp3", "ipv6") stays.
pub(crate) fn mask_numbers(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let Some(mut at) = bytes.iter().position(u8::is_ascii_digit) else {
        return std::borrow::Cow::Borrowed(text);
    };
    let mut out = String::new();
    let mut copied = 0;
    while at < bytes.len() {
        if !bytes[at].is_ascii_digit() {
            at += 1;
            continue;
        }
        // A run of ASCII digits: its ends are character boundaries.
        let start = at;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            at += 1;
        }
        let word_before = text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        let word_after = text[at..].chars().next().is_some_and(char::is_alphanumeric);
        if !word_before && !word_after {
            out.push_str(&text[copied..start]);
            out.push('0');
            copied = at;
        }
    }
    if copied == 0 {
        return std::borrow::Cow::Borrowed(text);
    }
    out.push_str(&text[copied..]);
    std::borrow::Cow::Owned(out)
}

/// Whether `c` is written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// The folded tokens of `text`, in order.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    tokens_of(&fold(text))
}

/// The tokens of `folded` (text already [`fold`]ed), in order.
pub(crate) fn tokens_of(folded: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in folded.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if word.chars().any(is_cjk) {
            let chars: Vec<char> = word.chars().collect();
            let mut run: Vec<char> = Vec::new();
            let flush = |run: &mut Vec<char>, out: &mut Vec<String>| {
                match run.len() {
                    0 => {}
                    1 => out.push(run.iter().collect()),
                    _ => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
                }
                run.clear();
            };
            let mut latin = String::new();
            for c in chars {
                if is_cjk(c) {
                    if !latin.is_empty() {
                        keep(std::mem::take(&mut latin), &mut out);
                    }
                    run.push(c);
                } else {
                    flush(&mut run, &mut out);
                    latin.push(c);
                }
            }
            flush(&mut run, &mut out);
            if !latin.is_empty() {
                keep(latin, &mut out);
            }
        } else {
            keep(word.to_owned(), &mut out);
        }
    }
    out
}

/// Keeps a Latin (or other spaced) token unless it is a number, one
/// letter, or longer than any word.
fn keep(word: String, out: &mut Vec<String>) {
    let letters = word.chars().count();
    if (2..=40).contains(&letters) && !word.chars().all(|c| c.is_ascii_digit()) {
        out.push(word);
    }
}

/// A language's stop words (NLTK's list, folded), by code.
fn stop_list(code: &str) -> &'static HashSet<String> {
    static LISTS: OnceLock<HashMap<&'static str, HashSet<String>>> = OnceLock::new();
    static EMPTY: OnceLock<HashSet<String>> = OnceLock::new();
    LISTS
        .get_or_init(|| {
            LATIN
                .iter()
                .chain(["ru", "ar", "zh"].iter())
                .filter_map(|code| {
                    stop_words::lookup(code)
                        .map(|words| (*code, words.iter().map(|w| fold(w)).collect()))
                })
                .collect()
        })
        .get(code)
        .unwrap_or_else(|| EMPTY.get_or_init(HashSet::new))
}

/// Whether `word` (folded) carries no subject in `language`: the
/// language's stop words, or what people say around a question in any
/// language (greetings, thanks, "please", "question", "can", …).
pub(crate) fn is_stop(word: &str, language: &str) -> bool {
    stop_list(language).contains(word) || lexicon::filler().contains(word)
}

/// For each word of a Latin-script language's stop-word list or hints, the
/// languages (bits of [`LATIN`]) that hold it: one lookup per word.
fn holders() -> &'static HashMap<String, u16> {
    static MAP: OnceLock<HashMap<String, u16>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<String, u16> = HashMap::new();
        for (i, code) in LATIN.iter().enumerate() {
            for word in stop_list(code)
                .iter()
                .cloned()
                .chain(lexicon::hint_words(code))
            {
                *map.entry(word).or_default() |= 1 << i;
            }
        }
        map
    })
}

/// Which language `text` is in (`folded`: the same text [`fold`]ed); `und`
/// when neither its words nor the model tell. A function of the text
/// alone: the report does not depend on the order of the conversations.
pub(crate) fn detect(text: &str, folded: &str) -> &'static str {
    let (mut kana, mut hangul, mut han, mut cyrillic, mut arabic, mut latin) = (0, 0, 0, 0, 0, 0);
    for c in text.chars() {
        match c as u32 {
            0x3040..=0x30FF => kana += 1,
            0xAC00..=0xD7AF | 0x1100..=0x11FF => hangul += 1,
            0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF => han += 1,
            0x0400..=0x04FF => cyrillic += 1,
            0x0600..=0x06FF => arabic += 1,
            _ if c.is_alphabetic() => latin += 1,
            _ => {}
        }
    }
    if kana > 0 {
        return "ja";
    }
    if hangul > 0 {
        return "ko";
    }
    if han > 0 {
        return "zh";
    }
    if cyrillic > latin {
        return "ru";
    }
    if arabic > latin {
        return "ar";
    }
    let mut scores = [0.0f64; LATIN.len()];
    // Every word votes, one-letter ones too ("I", "y", "à", "j'ai").
    let holders = holders();
    let words = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()));
    for token in words {
        let Some(&bits) = holders.get(token) else {
            continue;
        };
        let share = 1.0 / f64::from(bits.count_ones());
        for (i, score) in scores.iter_mut().enumerate() {
            if bits & (1 << i) != 0 {
                *score += share;
            }
        }
    }
    let mut ranked: Vec<(usize, f64)> = scores.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let (best, top) = ranked[0];
    let second = ranked[1].1;
    if top >= 1.0 && top >= second + 0.5 {
        return LATIN[best];
    }
    let model = match whichlang::detect_language(text) {
        whichlang::Lang::Eng => "en",
        whichlang::Lang::Deu => "de",
        whichlang::Lang::Fra => "fr",
        whichlang::Lang::Spa => "es",
        whichlang::Lang::Ita => "it",
        whichlang::Lang::Por => "pt",
        whichlang::Lang::Nld => "nl",
        whichlang::Lang::Swe => "sv",
        whichlang::Lang::Tur => "tr",
        _ => "",
    };
    // The model decides between the languages the vote left open, or
    // alone when no stop word was found.
    if !model.is_empty()
        && (top == 0.0 || scores[LATIN.iter().position(|l| *l == model).unwrap_or(0)] >= second)
    {
        return model;
    }
    if top > 0.0 { LATIN[best] } else { "und" }
}

/// Stems folded words of one language.
pub(crate) struct Stems {
    stemmers: HashMap<&'static str, Stemmer>,
}

impl Stems {
    pub(crate) fn new() -> Self {
        let algorithms = [
            ("en", Algorithm::English),
            ("de", Algorithm::German),
            ("fr", Algorithm::French),
            ("es", Algorithm::Spanish),
            ("it", Algorithm::Italian),
            ("pt", Algorithm::Portuguese),
            ("nl", Algorithm::Dutch),
            ("sv", Algorithm::Swedish),
            ("da", Algorithm::Danish),
            ("no", Algorithm::Norwegian),
            ("fi", Algorithm::Finnish),
            ("tr", Algorithm::Turkish),
            ("ro", Algorithm::Romanian),
            ("hu", Algorithm::Hungarian),
            ("ru", Algorithm::Russian),
            ("ar", Algorithm::Arabic),
        ];
        Self {
            stemmers: algorithms
                .into_iter()
                .map(|(code, a)| (code, Stemmer::create(a)))
                .collect(),
        }
    }

    /// `word`'s stem in `language` (the word itself without a stemmer).
    pub(crate) fn stem(&self, word: &str, language: &str) -> String {
        match self.stemmers.get(language) {
            Some(stemmer) => stemmer.stem(word).into_owned(),
            None => word.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_of_short_questions() {
        for (text, language) in [
            ("How do I get a refund for my annual plan?", "en"),
            (
                "Wie bekomme ich eine Rückerstattung für mein Jahresabo?",
                "de",
            ),
            ("Comment obtenir un remboursement de mon abonnement ?", "fr"),
            ("¿Cómo solicito un reembolso de mi plan anual?", "es"),
            ("Come posso ottenere un rimborso del mio abbonamento?", "it"),
            ("Como peço o reembolso da minha assinatura?", "pt"),
            ("Hoe krijg ik mijn geld terug voor mijn abonnement?", "nl"),
            ("パスワードをリセットするには？", "ja"),
            ("如何重置密码", "zh"),
            ("refund my subscription please", "en"),
            ("I want a refund, I was charged twice", "en"),
            ("Ich möchte mein Geld zurück", "de"),
        ] {
            assert_eq!(detect(text, &fold(text)), language, "{text}");
        }
    }

    #[test]
    fn numbers_alone_are_masked_and_analysed_alike() {
        assert_eq!(mask_numbers("order #123456, 2024-05-01"), "order #0, 0-0-0");
        assert_eq!(
            mask_numbers("2fa on mp3 ipv6 x9 9x"),
            "2fa on mp3 ipv6 x9 9x"
        );
        assert_eq!(mask_numbers("no digits"), "no digits");
        assert_eq!(mask_numbers("订单12345"), "订单12345");
        // Masking never changes the tokens.
        for text in [
            "refund order 123456 please",
            "INV-99 charged twice",
            "2fa code 123",
        ] {
            assert_eq!(tokens(text), tokens(&mask_numbers(text)), "{text}");
        }
    }

    #[test]
    fn tokens_are_folded_and_cjk_is_paired() {
        assert_eq!(
            tokens("Rückerstattung l'abonnement 2024 x Ü"),
            vec!["ruckerstattung", "abonnement"]
        );
        assert_eq!(tokens("重置密码"), vec!["重置", "置密", "密码"]);
        assert_eq!(fold("Straße ÉTÉ"), "strasse ete");
    }
}
