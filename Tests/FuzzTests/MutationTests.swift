import Foundation
import FrontDeskFuzz
import OpenDentalAPI
import OpenDentalSandbox
import TestSupport
import Testing
import TerminalUI

/// Seeded mutations: the same inputs on every machine.
struct Mutator {
    var random: SeededRandom
    init(state: UInt64) { random = SeededRandom(seed: state) }
    mutating func next() -> UInt64 { random.next() }
    mutating func int(_ n: Int) -> Int { random.int(n) }

    static let tokens: [[UInt8]] = ["\u{1B}[", "\"", "\\", "{", "}", "[", "]", "1e300", "-1e400", "null", "99999999999999999999", ",", ":",
                                    "\"\u{1B}]0;x\u{07}\"", "true", "0001-01-01", "\u{202E}", "\u{200B}", "9.5", "\"\"", "{}", "[]",
                                    "\"2026-13-45 25:61:61\"", "NaN", "\u{FEFF}"].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE2, 0x80], [0x00], [0x9B]]

    mutating func mutate(_ input: [UInt8]) -> [UInt8] {
        var b = input
        for _ in 0..<(1 + int(4)) {
            switch int(6) {
            case 0 where !b.isEmpty: b[int(b.count)] = UInt8(truncatingIfNeeded: next())
            case 1: b.insert(contentsOf: Self.tokens[int(Self.tokens.count)], at: int(b.count + 1))
            case 2 where !b.isEmpty:
                let i = int(b.count)
                b.removeSubrange(i..<min(b.count, i + 1 + int(12)))
            case 3 where !b.isEmpty:
                let i = int(b.count), n = min(b.count - i, 1 + int(40))
                b.insert(contentsOf: Array(b[i..<(i + n)]), at: int(b.count + 1))
            case 4 where !b.isEmpty: b.removeLast(int(b.count))
            default:
                // Swap a number for an extreme one.
                if let i = b.indices.dropFirst(int(max(1, b.count))).first(where: { (48...57).contains(b[$0]) }) {
                    b.replaceSubrange(i...i, with: Array(["1e308", "-9223372036854775809", "18446744073709551616", "0.000001"][int(4)].utf8))
                }
            }
        }
        return b
    }
}

@Suite(.clearOfTimedTests) struct MutationTests {
    /// Real pages of every resource the client reads, as the sandbox serves them (a few rows each).
    static func seeds() async throws -> [[UInt8]] {
        var o = SandboxOptions()
        o.port = 0
        o.patients = 40
        let s = try await SandboxServer.start(o)
        defer { Task { await s.stop() } }
        let t = URLSessionTransport(requestTimeout: 20)
        var out: [[UInt8]] = []
        for path in ["appointments?Limit=3", "patients/Simple?Limit=3", "patients?LName=a&Limit=3", "procedurelogs?PatNum=3&Limit=3",
                     "commlogs?PatNum=3&Limit=3", "definitions?Category=2&Limit=3", "providers?Limit=3", "operatories?Limit=3",
                     "schedules?Limit=3", "appointmenttypes?Limit=3", "recalls/List?Limit=3", "securityperms", "patients/3",
                     "appointments/3", "patientnotes/3", "popups?PatNum=7"] {
            let url = URL(string: s.baseURL.absoluteString + "/" + path)!
            let r = try await t.send(HTTPRequest(method: .get, url: url, headers: ["Authorization": "ODFHIR \(s.developerKey)/\(s.customerKey)"]))
            #expect(r.status == 200, "\(path)")
            out.append(Array(r.body))
        }
        return out
    }

    /// Tens of thousands of mutated pages through every decoder: throwing is fine, trapping is not
    /// (a trap would end this test process, which is the failure).
    @Test func mutatedPagesNeverCrashTheDecoders() async throws {
        let seeds = try await Self.seeds()
        // CPU-bound for seconds: on a thread of its own, not one of the cooperative pool's few,
        // which other tests' in-process sandboxes answer on.
        let decoded = await offThread { () -> Int in
            var m = Mutator(state: 20_261_130)
            var n = 0
            for i in 0..<24_000 {
                FuzzChecks.decoders(Data(m.mutate(seeds[i % seeds.count])))
                n += 1
            }
            return n
        }
        #expect(decoded == 24_000)
        // And the seeds themselves still decode: the checks exercise real shapes.
        #expect(try OpenDentalClient.decode(Endpoints.appointments().request(limit: 100, offset: 0), Data(seeds[0])).count == 3)
    }

    /// Hostile text through the escape filter and the grid: no ESC, C0, C1, bidi or invisible
    /// format character survives, and the width drawn is the width measured.
    @Test func hostileTextNeverReachesTheTerminal() async {
        let failures = await offThread { Self.hostileText() }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
    }

    static func hostileText() -> [String] {
        let alphabet: [String] = ["a", "Z", " ", "\u{1B}", "[", "]", "P", "\\", "0", ";", "m", "\u{07}", "\u{9B}", "\u{9D}", "\u{9C}", "\u{90}",
                                  "\u{98}", "\u{9E}", "\u{9F}", "\u{85}", "\u{7F}", "\u{0}", "\t", "\n", "\r", "\u{202E}", "\u{2066}", "\u{200B}",
                                  "\u{200D}", "\u{FEFF}", "\u{00AD}", "\u{061C}", "\u{180E}", "\u{0301}", "\u{0302}", "山", "田", "👍", "🏽",
                                  "\u{FE0F}", "é", "e\u{0301}", "\u{2028}", "\u{E0041}", "ﾊ", "Ａ"]
        var m = Mutator(state: 7)
        var failures: [String] = []
        for _ in 0..<30_000 {
            var text = ""
            for _ in 0..<m.int(48) { text += alphabet[m.int(alphabet.count)] }
            if let problem = FuzzChecks.filter(text) { failures.append("\(problem): \(text.debugDescription)") }
        }
        return failures
    }
}
