//! The store's clock (the machine's, shifted by `--clock-skew`) and the date formats WordPress
//! prints. The site's time zone is UTC.

/// Seconds since 1970 on the store's clock.
pub(crate) fn now(skew: i64) -> i64 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0);
    secs.saturating_add(skew)
}

/// A broken-down UTC time.
struct Civil {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

fn civil(t: i64) -> Civil {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    // Days to a proleptic Gregorian date (the era-based method).
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    Civil {
        year,
        month: u32::try_from(month).unwrap_or(1),
        day: u32::try_from(day).unwrap_or(1),
        hour: u32::try_from(secs / 3600).unwrap_or(0),
        minute: u32::try_from(secs % 3600 / 60).unwrap_or(0),
        second: u32::try_from(secs % 60).unwrap_or(0),
    }
}

/// `Y-m-d H:i:s` (MySQL, `gmdate`).
pub(crate) fn mysql(t: i64) -> String {
    let c = civil(t);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        c.year, c.month, c.day, c.hour, c.minute, c.second
    )
}

/// `Y-m-d\TH:i:s`, as the REST API prints dates.
pub(crate) fn iso(t: i64) -> String {
    mysql(t).replacen(' ', "T", 1)
}

/// `F j, Y \a\t g:i a`, as the admin's key list prints the last access.
pub(crate) fn admin(t: i64) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let c = civil(t);
    let month = MONTHS
        .get(usize::try_from(c.month.saturating_sub(1)).unwrap_or(0))
        .copied()
        .unwrap_or("");
    let hour12 = match c.hour % 12 {
        0 => 12,
        h => h,
    };
    let half = if c.hour < 12 { "am" } else { "pm" };
    format!(
        "{month} {}, {} at {hour12}:{:02} {half}",
        c.day, c.year, c.minute
    )
}

/// `D, d M Y H:i:s GMT` (RFC 9110 IMF-fixdate), as the web server's `Date` header: it shows the
/// store's clock, so a client can measure how far off its own is.
pub(crate) fn http(t: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let c = civil(t);
    // 1970-01-01 was a Thursday.
    let day = usize::try_from(t.div_euclid(86_400).rem_euclid(7)).unwrap_or(0);
    let month = usize::try_from(c.month.saturating_sub(1)).unwrap_or(0);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS.get(day).copied().unwrap_or(""),
        c.day,
        MONTHS.get(month).copied().unwrap_or(""),
        c.year,
        c.hour,
        c.minute,
        c.second
    )
}

/// Year, month, day (UTC).
pub(crate) fn ymd(t: i64) -> (i64, u32, u32) {
    let c = civil(t);
    (c.year, c.month, c.day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_dates() {
        assert_eq!(mysql(0), "1970-01-01 00:00:00");
        assert_eq!(mysql(1_795_000_000), "2026-11-18 11:06:40");
        assert_eq!(iso(951_782_400), "2000-02-29T00:00:00");
        assert_eq!(admin(1_795_000_000), "November 18, 2026 at 11:06 am");
        assert_eq!(admin(1_795_050_000), "November 19, 2026 at 1:00 am");
        assert_eq!(mysql(-1), "1969-12-31 23:59:59");
        assert_eq!(http(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(http(1_795_000_000), "Wed, 18 Nov 2026 11:06:40 GMT");
        assert_eq!(http(951_782_400), "Tue, 29 Feb 2000 00:00:00 GMT");
    }
}
