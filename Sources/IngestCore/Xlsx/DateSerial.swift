/// Spreadsheet date serials to ISO 8601 text, in the 1900 system (with Lotus's phantom 1900-02-29)
/// or the 1904 system of old Mac workbooks. Negative serials (LibreOffice's dates before the epoch) count back.
enum DateSerial {
    /// `2026-01-05`, `2026-01-05 13:45:00` or `13:45:00` (what the format shows); nil when out of range.
    static func iso(_ serial: Double, date1904: Bool, date: Bool, time: Bool) -> String? {
        guard serial.isFinite, serial > -700_000, serial < 2_958_466 else { return nil }
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let clock = "\(pad(seconds / 3600)):\(pad(seconds / 60 % 60)):\(pad(seconds % 60))"
        guard date else { return clock }
        let day: String
        if date1904 {
            day = civil(daysSince1970: days + civilDays(1904, 1, 1))
        } else if days == 60 {
            day = "1900-02-29"  // the day Excel shows for serial 60, kept for Lotus compatibility
        } else {
            // Serials 1...59 count from 1900-01-01 (Excel); from 61 on, and below 1 (LibreOffice), from 1899-12-30.
            day = civil(daysSince1970: days + civilDays(1899, 12, days >= 1 && days < 60 ? 31 : 30))
        }
        return time ? "\(day) \(clock)" : day
    }

    private static func pad(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func civilDays(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `YYYY-MM-DD` for days since 1970-01-01 (`civil_from_days`).
    static func civil(daysSince1970 days: Int) -> String {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let yearText = String(year)
        return "\(String(repeating: "0", count: max(0, 4 - yearText.count)))\(yearText)-\(pad(month))-\(pad(day))"
    }
}
