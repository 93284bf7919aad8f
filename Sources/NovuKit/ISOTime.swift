public import Foundation

/// ISO-8601 timestamps as Novu writes them: UTC with milliseconds, `2024-10-24T12:34:56.789Z`.
///
/// Written by hand because `ISO8601DateFormatter` is slow on the hot read path, and the fixed width
/// makes the strings sort in time order inside SQLite.
public enum ISOTime {
    /// `date` as `yyyy-MM-ddTHH:mm:ss.SSSZ` (UTC).
    public static func format(_ date: Date) -> String {
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        var days = totalMillis / 86_400_000
        var millisOfDay = totalMillis % 86_400_000
        if millisOfDay < 0 {
            millisOfDay += 86_400_000
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        let hour = millisOfDay / 3_600_000
        let minute = millisOfDay / 60_000 % 60
        let second = millisOfDay / 1000 % 60
        let millis = millisOfDay % 1000
        // `YYYY-MM-DDTHH:MM:SS.mmmZ`: 24 bytes written in place (years past 9999 keep their last four digits).
        return String(unsafeUninitializedCapacity: 24) { out in
            func put(_ value: Int64, _ width: Int, at offset: Int) {
                var rest = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    out[index] = 0x30 + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(year, 4, at: 0); out[4] = 0x2D; put(month, 2, at: 5); out[7] = 0x2D; put(day, 2, at: 8)
            out[10] = 0x54; put(hour, 2, at: 11); out[13] = 0x3A; put(minute, 2, at: 14); out[16] = 0x3A; put(second, 2, at: 17)
            out[19] = 0x2E; put(millis, 3, at: 20); out[23] = 0x5A
            return 24
        }
    }

    /// Parses an ISO-8601 date-time (`2024-01-02T03:04:05Z`, with optional fraction and offset) or a bare date.
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }

    /// Year, month and day of the day `days` after 1970-01-01 (Howard Hinnant's civil_from_days).
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
