//! Reading a range response: one `SUFFIX:COUNT` line per hash that shares the prefix.

/// How many times the hash ending in `suffix` was seen, 0 when it is not listed.
///
/// With `Add-Padding: true` the response also holds made-up suffixes with a count of 0, so a
/// zero-count line means "not breached" even if it names our suffix; taking the largest count
/// lets a real entry win over such padding. A malformed line is skipped rather than failing
/// the whole check: one odd line should not turn a clear answer into "service unavailable".
pub(crate) fn times_seen(body: &str, suffix: &str) -> u64 {
    body.lines()
        .filter_map(parse_line)
        .filter(|(candidate, _)| candidate.eq_ignore_ascii_case(suffix))
        .map(|(_, count)| count)
        .max()
        .unwrap_or(0)
}

fn parse_line(line: &str) -> Option<(&str, u64)> {
    // `trim` also drops the `\r` of a CRLF line ending that `lines` leaves on a last line.
    let (suffix, count) = line.trim().split_once(':')?;
    Some((suffix.trim(), count.trim().parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUFFIX: &str = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

    #[test]
    fn returns_the_count_of_the_matching_line() {
        let body = format!(
            "0018A45C4D1DEF81644B54AB7F969B88D65:1\n{SUFFIX}:10434004\n00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2"
        );
        assert_eq!(times_seen(&body, SUFFIX), 10_434_004);
    }

    #[test]
    fn returns_zero_when_the_suffix_is_absent() {
        let body = "0018A45C4D1DEF81644B54AB7F969B88D65:1\n00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2\n";
        assert_eq!(times_seen(body, SUFFIX), 0);
    }

    #[test]
    fn returns_zero_for_an_empty_body() {
        assert_eq!(times_seen("", SUFFIX), 0);
    }

    #[test]
    fn reads_crlf_line_endings() {
        let body = format!("0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n{SUFFIX}:42\r\n");
        assert_eq!(times_seen(&body, SUFFIX), 42);
    }

    #[test]
    fn reads_a_crlf_last_line_without_the_final_line_feed() {
        let body = format!("0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n{SUFFIX}:42\r");
        assert_eq!(times_seen(&body, SUFFIX), 42);
    }

    #[test]
    fn compares_suffixes_case_insensitively() {
        let body = format!("{}:7\n", SUFFIX.to_ascii_lowercase());
        assert_eq!(times_seen(&body, SUFFIX), 7);
    }

    #[test]
    fn a_zero_count_padding_line_for_our_suffix_means_not_breached() {
        let body = format!("0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n{SUFFIX}:0\r\n");
        assert_eq!(times_seen(&body, SUFFIX), 0);
    }

    #[test]
    fn a_real_entry_wins_over_padding_for_the_same_suffix_in_either_order() {
        assert_eq!(times_seen(&format!("{SUFFIX}:0\n{SUFFIX}:3\n"), SUFFIX), 3);
        assert_eq!(times_seen(&format!("{SUFFIX}:3\n{SUFFIX}:0\n"), SUFFIX), 3);
    }

    #[test]
    fn skips_malformed_lines_and_still_finds_the_match() {
        let body = format!(
            "garbage\n\n:5\n{SUFFIX}\n{SUFFIX}:\n{SUFFIX}:many\n{SUFFIX}:-4\n{SUFFIX}:99999999999999999999999\n{SUFFIX}:12\n"
        );
        assert_eq!(times_seen(&body, SUFFIX), 12);
    }

    #[test]
    fn a_malformed_line_alone_counts_as_not_seen() {
        assert_eq!(times_seen(&format!("{SUFFIX}:many\n"), SUFFIX), 0);
    }

    #[test]
    fn does_not_match_a_longer_or_shorter_suffix() {
        let body = format!("{SUFFIX}0:5\n{}:6\n", &SUFFIX[1..]);
        assert_eq!(times_seen(&body, SUFFIX), 0);
    }

    #[test]
    fn tolerates_spaces_around_the_fields() {
        let body = format!("  {SUFFIX} : 8 \n");
        assert_eq!(times_seen(&body, SUFFIX), 8);
    }
}
