import Foundation

/// Time patterns (5 minutes a character: `X` provider time, `/` assistant time): as read, as made
/// from minutes, and as made from procedures.
extension OpeningFinder {
    /// A pattern as the finder reads it: `x` counts as `X`; any other character is a block of
    /// assistant time (it still takes the operatory and needs the provider on the schedule), so a
    /// strange character can make an opening longer, never shorter. Nine hours at most, as the API.
    public static func normalized(_ pattern: String) -> String {
        String(pattern.prefix(108).map { $0 == "X" || $0 == "x" ? "X" : "/" })
    }

    /// The pattern for a length in minutes, rounded up to whole blocks: `/` then `X` then `/`.
    public static func pattern(minutes: Int) -> String {
        let blocks = max(1, min(108, (minutes + blockMinutes - 1) / blockMinutes))
        if blocks <= 2 { return String(repeating: "X", count: blocks) }
        return "/" + String(repeating: "X", count: blocks - 2) + "/"
    }

    /// Procedures' patterns made one, as the desktop does: all their provider (`X`) time, with the
    /// longest leading and the longest trailing assistant (`/`) time among them. Empty when none
    /// has a pattern.
    public static func combined(_ patterns: [String]) -> String {
        let ps = patterns.map(normalized).filter { !$0.isEmpty }
        guard !ps.isEmpty else { return "" }
        let xs = ps.reduce(0) { $0 + $1.filter { $0 == "X" }.count }
        let lead = ps.map { $0.prefix { $0 == "/" }.count }.max() ?? 0
        let trail = ps.map { p in p.reversed().prefix { $0 == "/" }.count }.max() ?? 0
        // A pattern of slashes only has no X: its run is counted once, as lead or trail.
        let slashesOnly = xs == 0
        let total = min(108, slashesOnly ? max(lead, trail) : lead + xs + trail)
        if slashesOnly { return String(repeating: "/", count: total) }
        return String((String(repeating: "/", count: lead) + String(repeating: "X", count: xs) + String(repeating: "/", count: trail)).prefix(total))
    }
}
