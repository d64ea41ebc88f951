import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// FNV-1a (64 bits) of `text`, as hex: a name for a key (a throttle lane, a ledger file, a cache
/// file) that says nothing of the key. A name, not a secret.
public func nameHash(_ text: String) -> String {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    return String(h, radix: 16)
}

/// One request budget for every FrontDesk process on a host that uses the same office key: a small
/// file per key (named by the lane's hash, never the key) holds when the last request started, on
/// the host's monotonic clock. A process takes the file's lock (`flock`) only to read and update
/// that time, so the lock is never held across a request, and one killed while holding it releases
/// it with its descriptor: no terminal waits forever.
public final class RequestLedger: Sendable {
    public let path: String
    /// Who this ledger speaks for in the file (the process id; another value only in tests).
    let owner: Int32

    /// `directory` is created 0700 if needed; the file is 0600.
    public init?(directory: String, lane: String, owner: Int32 = getpid()) {
        self.owner = owner
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        path = directory + "/ledger-" + nameHash(lane)
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        close(fd)
    }

    /// Seconds on the host's monotonic clock (the same for every process).
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Claims the next start if `spacing` has passed since the last one any process made, and
    /// returns 0; otherwise returns the seconds still to wait (nothing claimed).
    ///
    /// Someone waiting on a keypress or the visible screen goes before background work of every
    /// process: an `urgent` claim that must wait leaves a short lease in the file, and while
    /// another process holds such a lease a background claim waits too. The lease lapses by
    /// itself (two spacings), so a process killed while waiting holds nobody up.
    ///
    /// The spacing each process uses grows after a 429 it got; the file keeps the last claimer's,
    /// and a claim waits for the larger of its own and that one, so one process's lesson holds
    /// for all. `now` is the host's monotonic clock, read once the lock is held (a time read
    /// before waiting for the lock is older than what the holder writes); tests give it.
    public func claim(spacing own: Double, urgent: Bool = false, now given: Double? = nil) -> Double {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return 0 } // no ledger (disk trouble): the process's own throttle still holds
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { return 0 }
        defer { flock(fd, LOCK_UN) }
        var raw = [UInt8](repeating: 0, count: 96)
        let n = pread(fd, &raw, raw.count, 0)
        let now = given ?? Self.now()
        let fields = n > 0 ? String(decoding: raw[0..<n], as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }) : []
        var last = fields.count > 0 ? Double(fields[0]) ?? 0 : 0
        var leaseOwner = fields.count > 1 ? Int32(fields[1]) ?? 0 : 0
        var leaseUntil = fields.count > 2 ? Double(fields[2]) ?? 0 : 0
        let stored = fields.count > 3 ? Double(fields[3]) ?? 0 : 0
        // Another process's spacing counts, but never beyond twice this one's (a bad file cannot stall us).
        let spacing = max(own, min(stored, own * 2))
        let me = owner
        // Times from the future (the host restarted and the clock began again) are ignored.
        if last > now { last = 0 }
        if leaseUntil > now + 2 * spacing || leaseUntil <= now { leaseOwner = 0; leaseUntil = 0 }
        var wait = 0.0
        if now - last < spacing { wait = spacing - (now - last) }
        if wait == 0, !urgent, leaseOwner != 0, leaseOwner != me { wait = min(spacing, leaseUntil - now) }
        if wait > 0 {
            if urgent, leaseOwner == 0 || leaseOwner == me {
                leaseOwner = me
                leaseUntil = now + wait + spacing
                store(fd, last, leaseOwner, leaseUntil, stored)
            }
            return wait
        }
        if leaseOwner == me { leaseOwner = 0; leaseUntil = 0 }
        store(fd, now, leaseOwner, leaseUntil, own)
        return 0
    }

    /// This process's claimed request goes on the wire now: the recorded start moves forward to
    /// it (never back), so the next claim anywhere is spaced from the real start.
    public func touch(now given: Double? = nil) {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { return }
        defer { flock(fd, LOCK_UN) }
        var raw = [UInt8](repeating: 0, count: 96)
        let n = pread(fd, &raw, raw.count, 0)
        let now = given ?? Self.now()
        var fields = n > 0 ? String(decoding: raw[0..<n], as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init) : []
        guard let last = fields.first.flatMap(Double.init), last <= now, now - last < 60 else { return }
        while fields.count < 4 { fields.append("0") }
        store(fd, now, Int32(fields[1]) ?? 0, Double(fields[2]) ?? 0, Double(fields[3]) ?? 0)
    }

    private func store(_ fd: Int32, _ last: Double, _ owner: Int32, _ until: Double, _ spacing: Double) {
        let text = Array(String(format: "%.6f %d %.6f %.6f\n", last, owner, until, spacing).utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }
}
