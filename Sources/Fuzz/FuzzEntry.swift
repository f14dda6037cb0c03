// The fuzz driver's entry point. Built by `.ci/fuzz` with `-sanitize=fuzzer,address -DFUZZING`,
// it runs libFuzzer's driver on the target the environment variable ROLLSCOPE_FUZZ_TARGET names. In an ordinary build it is a small program that
// replays input files through a target (to reproduce a crash).
import Foundation

#if FUZZING
/// libFuzzer's driver (in the runtime `-sanitize=fuzzer` links).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// Quirk: SwiftPM links an executable with `main` aliased to `<module>_main` (so tests can link the
/// module), which hides libFuzzer's own `main`; this function is that entry point and hands
/// control to libFuzzer's driver.
@_cdecl("rollscope_fuzz_main")
func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var vector = argv
    return LLVMFuzzerRunDriver(&count, &vector, fuzzOneInput)
}

/// libFuzzer's per-input callback (also the symbol its runtime references).
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzTargets.selected.run(data.map { Data(bytes: $0, count: size) } ?? Data())
    return 0
}
#else
@main
struct ReplayInputs {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst()
        guard let name = arguments.first, let target = FuzzTargets.named(name) else {
            print("usage: rollscope-fuzz TARGET FILE...   (targets: \(FuzzTargets.all.map(\.name).joined(separator: ", ")))")
            print("To fuzz, run .ci/fuzz TARGET SECONDS (see README).")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else { print("\(path): cannot read"); exit(1) }
            target.run(data)
            print("\(path): ok")
        }
    }
}
#endif
