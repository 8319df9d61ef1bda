//! Grouping the phrasings of subjects into topics, deterministically, over
//! the whole set at the end of the pass:
//!
//! 1. **Follow-up words out**: a word seen at least 5 times in the
//!    messages after a conversation's subject and at least three times as
//!    often there as in subjects is how people react to answers ("useless",
//!    "else"), not a subject: it is dropped.
//! 2. **Typos**: a word of four letters or more seen in fewer than 3
//!    conversations, within one edit (insertion, deletion, substitution or
//!    swap of neighbours) of a word seen at least three times as often and
//!    in 3 or more, is read as that word ("refnud" → "refund"); so is a word
//!    of five letters or more seen ten times less often than such a
//!    neighbour.
//! 3. **Concepts, stems, cognates**: synonyms and translations become one
//!    concept (`lexicon.rs`), other words their Snowball stem; frequent
//!    stems of different languages spelt almost alike are one ("domain",
//!    "domein"; one edit apart from five letters, two from seven, the same
//!    first two letters).
//! 4. **Minimum support**: a feature (stem or concept) of fewer than 3
//!    conversations is dropped; a phrasing left with none is ungrouped.
//! 5. **Vectors**: each phrasing a vector of its features (each once), of
//!    unit length. A feature weighs ln(1 + df) × √idf, df its
//!    conversations and idf = ln((1 + N) / (1 + df)) + 1 over the N
//!    conversations with a subject: the words that name subjects are the
//!    ones many people use, while a phrasing's rarer words are its context
//!    ("for my annual plan"), so frequency counts for a word; the square
//!    root of the inverse document frequency keeps words used across many
//!    subjects ("plan", "account") from tying them together. (TF-IDF
//!    alone, right for finding documents, makes the shared subject word
//!    the lightest and groups phrasings by their context: on the planted
//!    exports of the tests it found the top subjects in 5 of 30 worlds.)
//! 6. **Centroid agglomeration**: phrasings, most frequent first (ties: by
//!    their words), join the topic whose centroid (the conversation-weighted
//!    sum of its phrasings' vectors) is nearest when the cosine is at least
//!    0.45, else start one; topics whose centroids are at least 0.5 alike
//!    merge, the larger absorbing the smaller, until none do; then each
//!    phrasing moves to its nearest centroid once.
//! 7. **Rephrasings**: two topics merge when users of the smaller one asked
//!    again in the other's words after a failed answer, in 5 conversations
//!    or more and at least a twentieth of its failed ones, and far more
//!    often than chance (p < 0.0001 under a Poisson model where every such
//!    follow-up lands anywhere in proportion to failures: a user who asks
//!    something else entirely lands anywhere; one who rephrases lands on
//!    the same subject: "my package hasn't shipped" then "when will my
//!    order arrive?").
//!
//! The work is quadratic only in the phrasings that share a feature with a
//! topic (an inverted index finds them), and the phrasings are at most the
//! sketch's capacity.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::lexicon;
use super::text::Stems;

/// A phrasing's words are ungrouped below this many conversations.
pub(crate) const MIN_SUPPORT: u64 = 3;
/// Joining a topic: the least cosine with its centroid.
const JOIN: f64 = 0.45;
/// Merging two topics: the least cosine between their centroids.
const MERGE: f64 = 0.5;
/// Merging two topics: the least share of the smaller one's conversations
/// that rephrased into the other.
const REPHRASED: f64 = 0.05;
/// Merging two topics: the least rephrasings between them.
const MIN_LINKS: u64 = 5;
/// Merging two topics: how unlikely their rephrasings are by chance.
const CHANCE: f64 = 1e-4;

/// P(X ≥ n) for X ~ Poisson(λ).
fn poisson_tail(n: u64, lambda: f64) -> f64 {
    if lambda <= 0.0 {
        return if n == 0 { 1.0 } else { 0.0 };
    }
    let mut term = (-lambda).exp();
    let mut below = 0.0;
    for k in 0..n {
        below += term;
        term *= lambda / (k + 1) as f64;
    }
    (1.0 - below).max(0.0)
}

/// One phrasing to group.
pub(crate) struct Item<'a> {
    /// Its language (ISO 639-1).
    pub(crate) language: &'a str,
    /// Its words (folded), each once.
    pub(crate) words: Vec<&'a str>,
    /// Conversations with it (both periods).
    pub(crate) weight: u64,
    /// Of those, failed (in the period).
    pub(crate) failed: u64,
}

/// A topic: its phrasings (index, cosine with the centroid), its key
/// features (shown words), largest first.
pub(crate) struct Group {
    pub(crate) members: Vec<(usize, f64)>,
    pub(crate) keywords: Vec<String>,
}

/// Whether `a` and `b` are within one edit (insertion, deletion,
/// substitution, or a swap of neighbours).
pub(crate) fn within_one(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    match long.len() - short.len() {
        0 => {
            let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
            diff.len() == 1
                || (diff.len() == 2
                    && diff[1] == diff[0] + 1
                    && a[diff[0]] == b[diff[1]]
                    && a[diff[1]] == b[diff[0]])
        }
        1 => {
            let at = (0..short.len())
                .find(|&i| short[i] != long[i])
                .unwrap_or(short.len());
            short[at..] == long[at + 1..]
        }
        _ => false,
    }
}

/// The words read as other words: rare typos of frequent words.
fn typo_map(df: &HashMap<&str, u64>) -> HashMap<String, String> {
    // Every frequent word under each of its one-letter deletions (and
    // itself): a typo within one edit shares a key with it.
    let mut index: HashMap<String, Vec<&str>> = HashMap::new();
    let frequent: Vec<(&str, u64)> = df
        .iter()
        .filter(|(w, n)| **n >= MIN_SUPPORT && !w.starts_with('#') && w.chars().count() >= 4)
        .map(|(w, n)| (*w, *n))
        .collect();
    let deletions = |word: &str| -> Vec<String> {
        let chars: Vec<char> = word.chars().collect();
        let mut keys: Vec<String> = (0..chars.len())
            .map(|i| chars[..i].iter().chain(&chars[i + 1..]).collect())
            .collect();
        keys.push(word.to_owned());
        keys
    };
    for (word, _) in &frequent {
        for key in deletions(word) {
            index.entry(key).or_default().push(word);
        }
    }
    let mut map = HashMap::new();
    let mut words: Vec<(&&str, &u64)> = df.iter().collect();
    words.sort();
    for (word, n) in words {
        let letters = word.chars().count();
        if word.starts_with('#') || letters < 4 {
            continue;
        }
        let mut best: Option<(&str, u64)> = None;
        for key in deletions(word) {
            for candidate in index.get(&key).into_iter().flatten() {
                if candidate == word || !within_one(word, candidate) {
                    continue;
                }
                let m = df[candidate];
                let rare_typo = *n < MIN_SUPPORT && m >= 3 * n;
                let common_typo = letters >= 5 && m >= 10 * n;
                if (rare_typo || common_typo)
                    && best.is_none_or(|(b, bm)| m > bm || (m == bm && *candidate < b))
                {
                    best = Some((candidate, m));
                }
            }
        }
        if let Some((to, _)) = best {
            map.insert((*word).to_owned(), to.to_owned());
        }
    }
    map
}

/// Edit distance of `a` and `b` if at most `limit`.
fn distance_within(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            previous = current;
            best = best.min(row[j + 1]);
        }
        if best > limit {
            return None;
        }
    }
    (row[b.len()] <= limit).then_some(row[b.len()])
}

/// Cognates: frequent stems of different languages that are spelt almost
/// alike ("domain", "domein"; "integr", "integrat") are one feature: one
/// edit apart from five letters, two from seven, starting with the same
/// two letters. Each item's features are renamed to the most frequent of
/// its cognates.
fn cognates(
    items: &[Item<'_>],
    names: &HashMap<String, u32>,
    features: &mut [Vec<u32>],
    shown: &mut [BTreeMap<String, u64>],
) {
    let mut df = vec![0u64; names.len()];
    let mut languages: Vec<HashSet<&str>> = vec![HashSet::new(); names.len()];
    for (item, ids) in items.iter().zip(features.iter()) {
        for id in ids {
            df[*id as usize] += item.weight;
            languages[*id as usize].insert(item.language);
        }
    }
    let mut blocks: BTreeMap<String, Vec<(u32, Vec<char>)>> = BTreeMap::new();
    for (name, id) in names {
        let chars: Vec<char> = name.chars().collect();
        if name.starts_with('#') || chars.len() < 5 || df[*id as usize] < MIN_SUPPORT {
            continue;
        }
        blocks
            .entry(chars[..2].iter().collect())
            .or_default()
            .push((*id, chars));
    }
    let mut root: Vec<u32> = (0..names.len() as u32).collect();
    fn find(root: &mut [u32], x: u32) -> u32 {
        let mut x = x;
        while root[x as usize] != x {
            root[x as usize] = root[root[x as usize] as usize];
            x = root[x as usize];
        }
        x
    }
    for block in blocks.values_mut() {
        block.sort();
        for i in 0..block.len() {
            for j in i + 1..block.len() {
                let ((a, wa), (b, wb)) = (&block[i], &block[j]);
                if !languages[*a as usize].is_disjoint(&languages[*b as usize]) {
                    continue;
                }
                let limit = if wa.len().min(wb.len()) >= 7 { 2 } else { 1 };
                if distance_within(wa, wb, limit).is_some() {
                    let (ra, rb) = (find(&mut root, *a), find(&mut root, *b));
                    if ra != rb {
                        // The more frequent names the pair.
                        let (keep, gone) = if (df[ra as usize], std::cmp::Reverse(ra))
                            >= (df[rb as usize], std::cmp::Reverse(rb))
                        {
                            (ra, rb)
                        } else {
                            (rb, ra)
                        };
                        root[gone as usize] = keep;
                        df[keep as usize] += df[gone as usize];
                    }
                }
            }
        }
    }
    for ids in features.iter_mut() {
        for id in ids.iter_mut() {
            *id = find(&mut root, *id);
        }
        ids.sort_unstable();
        ids.dedup();
    }
    for id in 0..names.len() as u32 {
        let r = find(&mut root, id);
        if r != id {
            let moved = std::mem::take(&mut shown[id as usize]);
            for (word, n) in moved {
                *shown[r as usize].entry(word).or_default() += n;
            }
        }
    }
}

/// Sparse vector: feature id → weight.
type Vector = BTreeMap<u32, f64>;

fn dot(a: &Vector, b: &Vector) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(k, v)| large.get(k).map(|w| v * w))
        .sum()
}

fn norm(a: &Vector) -> f64 {
    a.values().map(|v| v * v).sum::<f64>().sqrt()
}

/// A topic being built: the weighted sum of its vectors, its members.
struct Cluster {
    sum: Vector,
    weight: u64,
    members: Vec<usize>,
}

/// Feature → the clusters (of `live`) whose sums have it.
fn feature_index(clusters: &[Cluster], live: &[usize]) -> HashMap<u32, Vec<usize>> {
    let mut index: HashMap<u32, Vec<usize>> = HashMap::new();
    for &c in live {
        for k in clusters[c].sum.keys() {
            index.entry(*k).or_default().push(c);
        }
    }
    index
}

impl Cluster {
    fn empty() -> Self {
        Self {
            sum: Vector::new(),
            weight: 0,
            members: Vec::new(),
        }
    }

    fn cosine(&self, v: &Vector) -> f64 {
        let n = norm(&self.sum);
        if n == 0.0 { 0.0 } else { dot(&self.sum, v) / n }
    }

    fn add(&mut self, index: usize, v: &Vector, weight: u64) {
        for (k, x) in v {
            *self.sum.entry(*k).or_default() += x * weight as f64;
        }
        self.weight += weight;
        self.members.push(index);
    }
}

/// Groups `items`; `followups` are the words counted after subjects.
pub(crate) fn group(
    items: &[Item<'_>],
    followups: &HashMap<String, u64>,
    links: &[(usize, usize, u64)],
    stems: &Stems,
) -> (Vec<Group>, Vec<usize>) {
    let mut df: HashMap<&str, u64> = HashMap::new();
    for item in items {
        for w in &item.words {
            *df.entry(w).or_default() += item.weight;
        }
    }
    let reaction = |w: &str| {
        followups
            .get(w)
            .is_some_and(|&f| f >= 5 && f >= 3 * df.get(w).copied().unwrap_or(0))
    };
    let typos = typo_map(&df);
    // Features of each item, and how each feature is shown.
    let mut names: HashMap<String, u32> = HashMap::new();
    let mut shown: Vec<BTreeMap<String, u64>> = Vec::new();
    let mut features: Vec<Vec<u32>> = Vec::with_capacity(items.len());
    for item in items {
        let words: Vec<String> = item
            .words
            .iter()
            .filter(|w| !reaction(w))
            .map(|w| typos.get(*w).cloned().unwrap_or_else(|| (*w).to_owned()))
            .collect();
        let (concepts, used) = lexicon::concepts(&words);
        let mut own: Vec<(String, String)> = Vec::new();
        for (i, w) in words.iter().enumerate() {
            if let Some(bare) = w.strip_prefix('#') {
                own.push((w.clone(), bare.to_owned()));
            } else if !used.contains(&i) {
                own.push((stems.stem(w, item.language), w.clone()));
            }
        }
        own.extend(concepts.iter().map(|c| (format!("#{c}"), (*c).to_owned())));
        let mut ids: Vec<u32> = own
            .into_iter()
            .map(|(feature, word)| {
                let next = names.len() as u32;
                let id = *names.entry(feature).or_insert(next);
                if id as usize == shown.len() {
                    shown.push(BTreeMap::new());
                }
                *shown[id as usize].entry(word).or_default() += item.weight;
                id
            })
            .collect();
        ids.sort_unstable();
        ids.dedup();
        features.push(ids);
    }
    cognates(items, &names, &mut features, &mut shown);
    let mut feature_df = vec![0u64; names.len()];
    let mut total = 0u64;
    for (item, ids) in items.iter().zip(&features) {
        total += item.weight;
        for id in ids {
            feature_df[*id as usize] += item.weight;
        }
    }
    let weight_of: Vec<f64> = feature_df
        .iter()
        .map(|&d| {
            let idf = ((1.0 + total as f64) / (1.0 + d as f64)).ln() + 1.0;
            (1.0 + d as f64).ln() * idf.sqrt()
        })
        .collect();
    let vectors: Vec<Vector> = features
        .iter()
        .map(|ids| {
            let mut v: Vector = ids
                .iter()
                .filter(|id| feature_df[**id as usize] >= MIN_SUPPORT)
                .map(|id| (*id, weight_of[*id as usize]))
                .collect();
            let n = norm(&v);
            if n > 0.0 {
                v.values_mut().for_each(|x| *x /= n);
            }
            v
        })
        .collect();
    // Most frequent first; ties by their features, then position.
    let mut order: Vec<usize> = (0..items.len())
        .filter(|&i| !vectors[i].is_empty())
        .collect();
    order.sort_by(|&a, &b| {
        items[b]
            .weight
            .cmp(&items[a].weight)
            .then_with(|| items[a].words.cmp(&items[b].words))
            .then(a.cmp(&b))
    });
    let ungrouped: Vec<usize> = (0..items.len())
        .filter(|&i| vectors[i].is_empty())
        .collect();
    let mut clusters: Vec<Cluster> = Vec::new();
    let mut by_feature: HashMap<u32, Vec<usize>> = HashMap::new();
    for &i in &order {
        let v = &vectors[i];
        let mut candidates: Vec<usize> = v
            .keys()
            .flat_map(|k| by_feature.get(k).into_iter().flatten().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let best = candidates
            .into_iter()
            .map(|c| (c, clusters[c].cosine(v)))
            .filter(|(_, cos)| *cos >= JOIN)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let c = match best {
            Some((c, _)) => c,
            None => {
                clusters.push(Cluster::empty());
                clusters.len() - 1
            }
        };
        for k in v.keys() {
            let list = by_feature.entry(*k).or_default();
            if list.last() != Some(&c) && !list.contains(&c) {
                list.push(c);
            }
        }
        clusters[c].add(i, v, items[i].weight);
    }
    // Merge alike topics, the larger absorbing the smaller, until none are.
    loop {
        let mut ranked: Vec<usize> = (0..clusters.len())
            .filter(|&c| !clusters[c].members.is_empty())
            .collect();
        ranked.sort_by(|&a, &b| clusters[b].weight.cmp(&clusters[a].weight).then(a.cmp(&b)));
        let rank: HashMap<usize, usize> = ranked.iter().enumerate().map(|(r, &c)| (c, r)).collect();
        let index = feature_index(&clusters, &ranked);
        let mut merged = false;
        for &a in &ranked {
            if clusters[a].members.is_empty() {
                continue;
            }
            let mut later: Vec<usize> = clusters[a]
                .sum
                .keys()
                .flat_map(|k| index.get(k).into_iter().flatten().copied())
                .filter(|b| rank[b] > rank[&a])
                .collect();
            later.sort_by_key(|b| rank[b]);
            later.dedup();
            for b in later {
                if clusters[b].members.is_empty() {
                    continue;
                }
                let (na, nb) = (norm(&clusters[a].sum), norm(&clusters[b].sum));
                if na == 0.0 || nb == 0.0 {
                    continue;
                }
                if dot(&clusters[a].sum, &clusters[b].sum) / (na * nb) >= MERGE {
                    let taken = std::mem::replace(&mut clusters[b], Cluster::empty());
                    for (k, x) in taken.sum {
                        *clusters[a].sum.entry(k).or_default() += x;
                    }
                    clusters[a].weight += taken.weight;
                    clusters[a].members.extend(taken.members);
                    merged = true;
                }
            }
        }
        if !merged {
            break;
        }
    }
    // Each phrasing once to its nearest centroid (among those it shares a
    // feature with; its own when none is nearer).
    let live: Vec<usize> = (0..clusters.len())
        .filter(|&c| !clusters[c].members.is_empty())
        .collect();
    let index = feature_index(&clusters, &live);
    let norms: HashMap<usize, f64> = live.iter().map(|&c| (c, norm(&clusters[c].sum))).collect();
    let mut home: HashMap<usize, usize> = HashMap::new();
    for &c in &live {
        for &m in &clusters[c].members {
            home.insert(m, c);
        }
    }
    let mut final_members: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &i in &order {
        let v = &vectors[i];
        let own = home[&i];
        let cosine = |c: usize| {
            let n = norms[&c];
            if n == 0.0 {
                0.0
            } else {
                dot(&clusters[c].sum, v) / n
            }
        };
        let mut best = (own, cosine(own));
        let mut candidates: Vec<usize> = v
            .keys()
            .flat_map(|k| index.get(k).into_iter().flatten().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for c in candidates {
            let cos = cosine(c);
            if cos > best.1 + 1e-12 {
                best = (c, cos);
            }
        }
        final_members.entry(best.0).or_default().push(i);
    }
    // Rephrasings: topics whose users asked again in the other's words.
    let mut topic_of: HashMap<usize, usize> = HashMap::new();
    let mut lists: Vec<Vec<usize>> = final_members.into_values().collect();
    for (t, members) in lists.iter().enumerate() {
        for &m in members {
            topic_of.insert(m, t);
        }
    }
    let weight_of = |members: &Vec<usize>| members.iter().map(|m| items[*m].weight).sum::<u64>();
    let failed_of = |members: &Vec<usize>| members.iter().map(|m| items[*m].failed).sum::<u64>();
    loop {
        let mut between: BTreeMap<(usize, usize), u64> = BTreeMap::new();
        for &(a, b, n) in links {
            if let (Some(&ta), Some(&tb)) = (topic_of.get(&a), topic_of.get(&b))
                && ta != tb
            {
                *between.entry((ta.min(tb), ta.max(tb))).or_default() += n;
            }
        }
        let total_failed: u64 = lists.iter().map(&failed_of).sum::<u64>().max(1);
        let total_links: u64 = between.values().sum();
        let best = between
            .iter()
            .filter(|((a, b), n)| {
                let (fa, fb) = (failed_of(&lists[*a]), failed_of(&lists[*b]));
                let (f_small, f_other) = if fa <= fb { (fa, fb) } else { (fb, fa) };
                // Chance: the links the smaller topic would send the other
                // if every link landed anywhere in proportion to failures.
                let chance = f_small as f64
                    * (total_links as f64 / total_failed as f64)
                    * (f_other as f64 / total_failed as f64);
                **n >= MIN_LINKS
                    && **n as f64 >= REPHRASED * f_small.max(1) as f64
                    && poisson_tail(**n, chance) < CHANCE
            })
            .max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0)))
            .map(|(k, n)| (*k, *n));
        let Some(((a, b), _)) = best else {
            break;
        };
        let (keep, gone) = if weight_of(&lists[a]) >= weight_of(&lists[b]) {
            (a, b)
        } else {
            (b, a)
        };
        let moved = std::mem::take(&mut lists[gone]);
        for &m in &moved {
            topic_of.insert(m, keep);
        }
        lists[keep].extend(moved);
    }
    let mut groups: Vec<Group> = lists
        .into_iter()
        .filter(|members| !members.is_empty())
        .map(|members| {
            let mut sum = Vector::new();
            for &m in &members {
                for (k, x) in &vectors[m] {
                    *sum.entry(*k).or_default() += x * items[m].weight as f64;
                }
            }
            let n = norm(&sum);
            let members: Vec<(usize, f64)> = members
                .into_iter()
                .map(|m| {
                    (
                        m,
                        if n > 0.0 {
                            dot(&sum, &vectors[m]) / n
                        } else {
                            0.0
                        },
                    )
                })
                .collect();
            let mut top: Vec<(u32, f64)> = sum.into_iter().collect();
            top.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let keywords = top
                .into_iter()
                .take(3)
                .filter_map(|(id, _)| {
                    shown[id as usize]
                        .iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(w, _)| w.clone())
                })
                .collect::<Vec<String>>();
            let mut seen = HashSet::new();
            let keywords = keywords
                .into_iter()
                .filter(|k| seen.insert(k.clone()))
                .collect();
            Group { members, keywords }
        })
        .collect();
    groups.sort_by_key(|g| {
        std::cmp::Reverse(g.members.iter().map(|(m, _)| items[*m].weight).sum::<u64>())
    });
    (groups, ungrouped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_apart() {
        for (a, b) in [
            ("refund", "refnud"),
            ("refund", "refunds"),
            ("refund", "refind"),
            ("refund", "efund"),
        ] {
            assert!(within_one(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("refund", "fundre"),
            ("refund", "rfnud"),
            ("plan", "plant s"),
        ] {
            assert!(!within_one(a, b), "{a} {b}");
        }
    }

    #[test]
    fn phrasings_of_one_subject_group_and_others_stay_apart() {
        let stems = Stems::new();
        let raw: Vec<(&str, &str, u64)> = vec![
            ("en", "refund annual plan", 40),
            ("en", "refund subscription", 30),
            ("en", "refund charged twice", 20),
            ("en", "refnud subscription", 2),
            ("de", "ruckerstattung jahresabo", 10),
            ("en", "password reset", 50),
            ("en", "password forgot", 20),
            ("en", "invoice download", 25),
            ("en", "lal useless", 2),
            // The rest of the account: refunds are a subject among others.
            ("en", "order arrive", 200),
            ("en", "team invite", 150),
            ("en", "api key", 150),
        ];
        let items: Vec<Item> = raw
            .iter()
            .map(|(l, w, n)| Item {
                language: l,
                words: w.split(' ').collect(),
                weight: *n,
                failed: *n,
            })
            .collect();
        let (groups, ungrouped) = group(&items, &HashMap::new(), &[], &stems);
        let of = |i: usize| {
            groups
                .iter()
                .position(|g| g.members.iter().any(|m| m.0 == i))
                .unwrap()
        };
        assert_eq!(of(0), of(1));
        assert_eq!(of(0), of(2));
        assert_eq!(of(0), of(3), "the typo joins");
        assert_eq!(of(0), of(4), "the translation joins");
        assert_ne!(of(0), of(5));
        assert_eq!(of(5), of(6));
        assert_ne!(of(5), of(7));
        assert_eq!(ungrouped, vec![8], "rare words name nothing");
        assert_eq!(groups[of(0)].keywords[0], "refund");
    }
}
