import Foundation
#if canImport(Glibc)
import Glibc
#endif

public enum Memory {
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
