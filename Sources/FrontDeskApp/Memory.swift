import CLoaded
import Foundation
import OpenDentalAPI
#if canImport(Glibc)
import Glibc
#endif

public enum Memory {
    /// Gives back the pages of the program and its libraries that the start alone used. The
    /// kernel keeps every page of code or read-only data a process touched once, and 64 KiB around
    /// it: the loader's relocation tables (the static Swift runtime and Foundation carry tens of
    /// thousands of relocations), the initialisers of libcurl's thirty libraries (OpenSSL's, GnuTLS's,
    /// Kerberos's), the demo's practice generator, the first screen's setup. Measured on one
    /// dashboard of a 5,000-patient Remote office, eight on one host: 34–36 MiB resident without,
    /// 21–25 MiB with, 20–22 with the office binary's code layout as well (README, Figures).
    /// The pages are clean copies of the files, never written: one touched again is mapped again
    /// from the page cache at the cost of a minor fault, and pages no process maps any more are the
    /// first the kernel reclaims when the host needs memory. Called when the dashboard starts
    /// (libcurl loaded first, here rather than at the first request moments later) and when the
    /// start is over (`StartOver`).
    @discardableResult
    public static func giveBackStartPages() -> Int {
        CurlTransport.load()
        return fd_give_back_read_only_pages()
    }

    /// glibc gives each thread that allocates its own malloc arena (up to 8 per core) and keeps
    /// what it freed there: a 50,000-patient directory crawl decoded on the effect threads peaked
    /// at 61 MiB, 53 MiB with two arenas. A terminal dashboard has no use for more.
    public static func limitArenas() {
        #if canImport(Glibc)
        // mallopt(M_ARENA_MAX, 2): Swift's Glibc module does not export mallopt, so it is looked up.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mArenaMax: Int32 = -8
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mArenaMax, 2)
        #endif
    }
}

/// When the dashboard's start is over, so that what only the start used can be given back
/// (`Memory.giveBackStartPages`): the directory is complete and the first day has had time to
/// come (30 s, a Remote office's first answers), or two minutes have passed (a large office's
/// crawl goes on for many minutes; it is given back once more when it ends).
public struct StartOver: Sendable {
    private var atTwoMinutes = false
    private var atDirectory = false
    public init() {}

    /// True once for each of the two moments; `seconds` since the start.
    public mutating func due(directoryComplete: Bool, seconds: Double) -> Bool {
        if directoryComplete, !atDirectory, seconds >= 30 {
            atDirectory = true
            atTwoMinutes = true
            return true
        }
        if !atTwoMinutes, seconds >= 120 {
            atTwoMinutes = true
            return true
        }
        return false
    }
}
