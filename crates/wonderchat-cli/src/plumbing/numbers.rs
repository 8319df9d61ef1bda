//! Numbers and counts as people read them: thousands separators, and a
//! count with its noun in the right number (`1 chatlog`, `2,004 chatlogs`).

pub(crate) use wonderchat_insights::render::{count, whole};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_have_thousands_separators() {
        assert_eq!(whole(0), "0");
        assert_eq!(whole(999), "999");
        assert_eq!(whole(1_084), "1,084");
        assert_eq!(whole(12_345_678), "12,345,678");
    }

    #[test]
    fn counts_agree_with_their_nouns() {
        assert_eq!(count(1, "chatlog", "chatlogs"), "1 chatlog");
        assert_eq!(count(0, "chatlog", "chatlogs"), "0 chatlogs");
        assert_eq!(
            count(2_004, "conversation", "conversations"),
            "2,004 conversations"
        );
    }
}
