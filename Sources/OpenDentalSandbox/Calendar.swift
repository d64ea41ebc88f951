import Foundation

/// The sandbox's notion of dates: Open Dental sends zone-less local text, so the sandbox keeps its
/// dates as that text ("yyyy-MM-dd", "yyyy-MM-dd HH:mm:ss") and does arithmetic through the C
/// library's UTC calendar (timegm/gmtime_r), which has no daylight-saving jumps.
enum SandboxCalendar {
    static let noDate = "0001-01-01"
    static let noDateTime = "0001-01-01 00:00:00"

    /// Days since 1970-01-01 for a "yyyy-MM-dd" prefix, or nil.
    static func day(_ text: String) -> Int? {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d), parts[0].count == 4 else { return nil }
        var t = tm()
        t.tm_year = Int32(y - 1900)
        t.tm_mon = Int32(m - 1)
        t.tm_mday = Int32(d)
        t.tm_hour = 12
        let secs = timegm(&t)
        // Reject 2026-02-31 and friends: timegm normalises them.
        var back = tm()
        var s = secs
        gmtime_r(&s, &back)
        guard back.tm_mday == Int32(d), back.tm_mon == Int32(m - 1) else { return nil }
        return Int(secs / 86_400)
    }

    static func date(day: Int) -> String {
        var s = time_t(day * 86_400 + 43_200)
        var t = tm()
        gmtime_r(&s, &t)
        return "\(pad(Int(t.tm_year) + 1900, 4))-\(pad(Int(t.tm_mon) + 1, 2))-\(pad(Int(t.tm_mday), 2))"
    }

    /// `n` in decimal, zero-padded to `width` digits (as "%0Nd" does for n >= 0). Foundation's
    /// `String(format:)` was a tenth of a practice's generation time, a CVarArg box per number.
    static func pad(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return n >= 0 && digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
    }

    /// 0 = Sunday.
    static func weekday(day: Int) -> Int { ((day % 7) + 11) % 7 }

    static func isDate(_ s: String) -> Bool { s.count == 10 && day(s) != nil }

    static func isDateTime(_ s: String) -> Bool {
        guard s.count == 19, day(s) != nil else { return false }
        return isTime(String(s.suffix(8)))
    }

    static func isTime(_ s: String) -> Bool {
        let p = s.split(separator: ":")
        guard p.count == 3, p.allSatisfy({ $0.count == 2 }), let h = Int(p[0]), let m = Int(p[1]), let x = Int(p[2]) else { return false }
        return h < 24 && m < 60 && x < 60
    }

    static func minutes(ofTime s: Substring) -> Int {
        let p = s.split(separator: ":")
        return (Int(p.first ?? "0") ?? 0) * 60 + (p.count > 1 ? Int(p[1]) ?? 0 : 0)
    }

    static func time(minutes: Int) -> String {
        "\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2)):00"
    }

    /// Seconds between two "yyyy-MM-dd HH:mm:ss" texts (b - a).
    static func seconds(_ s: String) -> Int? {
        guard let d = day(s) else { return nil }
        let time = s.count >= 19 ? s.suffix(8) : "00:00:00"
        let p = time.split(separator: ":").compactMap { Int($0) }
        guard p.count == 3 else { return nil }
        return d * 86_400 + p[0] * 3600 + p[1] * 60 + p[2]
    }

    static func dateTime(seconds: Int) -> String {
        let day = Int((Double(seconds) / 86_400).rounded(.down))
        let rest = seconds - day * 86_400
        return date(day: day) + " \(pad(rest / 3600, 2)):\(pad((rest % 3600) / 60, 2)):\(pad(rest % 60, 2))"
    }
}

/// Time as the sandbox sees it: the real clocks, plus whatever a test has moved them on by
/// (`advance`), so that a test of a throttle or a timestamp never sleeps to let time pass. Both
/// the office's wall time (DateTStamp, serverDateTime) and the uptime the throttle spaces
/// requests by move together.
public final class SandboxTime: @unchecked Sendable {
    // @unchecked: `shift` is guarded by `lock`.
    private let lock = NSLock()
    private var shift: Double = 0

    public init() {}

    /// Moves the sandbox's clocks on by `seconds`.
    public func advance(by seconds: Double) { lock.withLock { shift += seconds } }

    var shifted: Double { lock.withLock { shift } }

    /// The host's uptime, moved on (the front door stamps arrivals with it).
    var uptimeNanoseconds: UInt64 { DispatchTime.now().uptimeNanoseconds + UInt64(max(0, shifted) * 1e9) }
}

/// The sandbox clock: the office's local wall time, optionally shifted (tests pin "today").
struct SandboxClock: Sendable {
    /// Seconds added to the real local time.
    var offset: Int = 0
    /// What a test has moved time on by.
    var time = SandboxTime()

    func nowSeconds() -> Int {
        var now = Foundation.time(nil)
        var t = tm()
        localtime_r(&now, &t)
        return Int(now) + Int(t.tm_gmtoff) + offset + Int(time.shifted)
    }

    func now() -> String { SandboxCalendar.dateTime(seconds: nowSeconds()) }
    func today() -> Int { Int((Double(nowSeconds()) / 86_400).rounded(.down)) }

    /// A clock whose today is `day`. The time of day stays real unless `timeOfDay` (seconds after
    /// midnight) pins it too: then the practice generated at start is the same at any hour.
    static func pinned(today day: Int, timeOfDay: Int? = nil) -> SandboxClock {
        let real = SandboxClock()
        guard let tod = timeOfDay else { return SandboxClock(offset: (day - real.today()) * 86_400) }
        return SandboxClock(offset: day * 86_400 + tod - real.nowSeconds())
    }
}

/// SplitMix64: small, fast, and the same sequence on every machine for a seed. Public for the
/// seeded mutation tests, which must be as reproducible as the practice.
public struct SeededRandom: Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<n.
    public mutating func int(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
    mutating func int(in r: ClosedRange<Int>) -> Int { r.lowerBound + int(r.count) }
    mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }

    /// Picks by weight.
    mutating func weighted<T>(_ xs: [(T, Int)]) -> T {
        let total = xs.reduce(0) { $0 + $1.1 }
        var r = int(total)
        for (x, w) in xs {
            if r < w { return x }
            r -= w
        }
        return xs[xs.count - 1].0
    }
}
