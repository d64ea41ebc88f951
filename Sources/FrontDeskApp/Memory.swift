import CLoaded
import Foundation
import OpenDentalAPI
#if canImport(Glibc)
import Glibc
#endif

public enum Memory {
    /// The dynamic loader reads each object's relocation table once, when it loads it, and the
    /// pages stayed resident for the whole session: 2.2 MiB of the program's own (its static
    /// Swift runtime and Foundation carry tens of thousands of relocations) and 1.2 MiB more of
    /// its libraries' (libcurl's thirty among them: they load with the program). Once libcurl is
    /// initialised (here rather than at the first request, moments later) the dashboard gives
    /// those pages back: 3.2 MiB of its resident memory, measured before and after the call. They
    /// are clean pages of the files, read again from them should anything touch them.
    @discardableResult
    public static func dropRelocationTables() -> Int {
        CurlTransport.load()
        return fd_drop_relocation_tables()
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
