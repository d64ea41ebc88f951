import Foundation
import FrontDeskFuzz

// libFuzzer entry: every input is tried as a server answer for every decoder and as text for the
// escape filter. Build and run (see README, "Fuzzing"):
//   swift build -c release --product frontdesk-fuzz -Xswiftc -sanitize=fuzzer -Xswiftc -parse-as-library -Xswiftc -DFUZZING
//   .build/release/frontdesk-fuzz -max_total_time=300
// Built without those flags, `frontdesk-fuzz FILE...` replays saved inputs (a crash libFuzzer found).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let data = start.map { Data(bytes: $0, count: count) } ?? Data()
    FuzzChecks.decoders(data)
    if let problem = FuzzChecks.filter(String(decoding: data, as: UTF8.self)) { fatalError(problem) }
    return 0
}

#if FUZZING
// SwiftPM links an executable's entry as `<module>_main`; under -sanitize=fuzzer that entry hands
// the process to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafeRawPointer?, Int) -> CInt) -> CInt

@_cdecl("frontdesk_fuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var values = argv
    return LLVMFuzzerRunDriver(&count, &values) { fuzzOne($0, $1) }
}
#else
@main
struct Replay {
    static func main() {
        let files = CommandLine.arguments.dropFirst()
        if files.isEmpty { print("usage: frontdesk-fuzz FILE... (replays inputs; build with -sanitize=fuzzer to fuzz)") }
        for f in files {
            guard let data = FileManager.default.contents(atPath: f) else { print("cannot read \(f)"); continue }
            _ = data.withUnsafeBytes { fuzzOne($0.baseAddress, $0.count) }
            print("\(f): ok")
        }
    }
}
#endif
