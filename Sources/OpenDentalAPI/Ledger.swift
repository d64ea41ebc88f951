import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One request budget for every FrontDesk process on a host that uses the same office key: a small
/// file per key (named by the lane's hash, never the key) holds when the last request started, on
/// the host's monotonic clock. A process takes the file's lock (`flock`) only to read and update
/// that time, so the lock is never held across a request, and one killed while holding it releases
/// it with its descriptor: no terminal waits forever.
public final class RequestLedger: Sendable {
    public let path: String

    /// `directory` is created 0700 if needed; the file is 0600.
    public init?(directory: String, lane: String) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in lane.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        path = directory + "/ledger-" + String(h, radix: 16)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        close(fd)
    }

    /// Seconds on the host's monotonic clock (the same for every process).
    static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Claims the next start if `spacing` has passed since the last one any process made, and
    /// returns 0; otherwise returns the seconds still to wait (nothing claimed).
    public func claim(spacing: Double) -> Double {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return 0 } // no ledger (disk trouble): the process's own throttle still holds
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { return 0 }
        defer { flock(fd, LOCK_UN) }
        var raw = [UInt8](repeating: 0, count: 32)
        let n = pread(fd, &raw, raw.count, 0)
        let last = n > 0 ? Double(String(decoding: raw[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 : 0
        let now = Self.now()
        // A time from the future (the host restarted and the clock began again) is ignored.
        if last <= now, now - last < spacing { return spacing - (now - last) }
        let text = Array(String(format: "%.6f\n", now).utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        return 0
    }
}
