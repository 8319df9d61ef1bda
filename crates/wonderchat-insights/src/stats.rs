//! The statistics the report states: a share with its 95% Wilson interval,
//! and whether two shares differ by more than chance (a two-proportion
//! z-test at 95%).

use serde::Serialize;

/// Below this many, a share is shown as "too few" (its interval is wider
/// than anyone should act on).
pub const MIN_N: u64 = 20;

/// z for a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// A share (`hits / n`) with its 95% Wilson score interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rate {
    /// `hits / n`.
    pub value: f64,
    /// The interval's lower bound.
    pub low: f64,
    /// The interval's upper bound.
    pub high: f64,
    /// How many were counted (the denominator).
    pub n: u64,
}

impl Rate {
    /// The share and its interval; `None` when nothing was counted.
    pub fn wilson(hits: u64, n: u64) -> Option<Rate> {
        if n == 0 {
            return None;
        }
        let (h, n_f) = (hits.min(n) as f64, n as f64);
        let p = h / n_f;
        let z2 = Z95 * Z95;
        let denominator = 1.0 + z2 / n_f;
        let center = (p + z2 / (2.0 * n_f)) / denominator;
        let half = Z95 * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denominator;
        Some(Rate {
            value: p,
            low: (center - half).max(0.0),
            high: (center + half).min(1.0),
            n,
        })
    }
}

/// Whether `a` and `b` (shares of independent samples) differ by more than
/// chance at 95%: a two-proportion z-test with the pooled share.
pub fn differs(a: &Rate, b: &Rate) -> bool {
    let (n1, n2) = (a.n as f64, b.n as f64);
    let pooled = (a.value * n1 + b.value * n2) / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    se > 0.0 && ((a.value - b.value) / se).abs() > Z95
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_published_values() {
        // 81 of 263: 0.3080, interval 0.2553 to 0.3662 (Wilson 1927, as in
        // Newcombe 1998, table I).
        let r = Rate::wilson(81, 263).unwrap();
        assert!((r.value - 0.3080).abs() < 1e-4, "{r:?}");
        assert!(
            (r.low - 0.2553).abs() < 1e-3 && (r.high - 0.3662).abs() < 1e-3,
            "{r:?}"
        );
        // The edges stay inside [0, 1].
        let none = Rate::wilson(0, 10).unwrap();
        assert_eq!(none.low, 0.0);
        assert!(none.high > 0.25 && none.high < 0.35);
        assert_eq!(Rate::wilson(0, 0), None);
    }

    #[test]
    fn only_differences_beyond_chance_are_marked() {
        let a = Rate::wilson(80, 100).unwrap();
        assert!(!differs(&a, &Rate::wilson(76, 100).unwrap()));
        assert!(differs(&a, &Rate::wilson(60, 100).unwrap()));
        assert!(differs(
            &Rate::wilson(800, 1000).unwrap(),
            &Rate::wilson(760, 1000).unwrap()
        ));
    }
}
