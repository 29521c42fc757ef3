import Foundation
import PhoneNumbers

/// Numbers validated and formatted per second on one core.
enum Bench {
    static func run(count: Int, rounds: Int) {
        let inputs = BenchInput.make(count: count)
        // Inputs as one UTF-8 buffer, as a CSV reader would hand them over.
        var bytes: [UInt8] = []
        var spans: [(Int, Int, String)] = []
        for (text, region) in inputs {
            spans.append((bytes.count, text.utf8.count, region))
            bytes += Array(text.utf8)
        }
        let loadStart = ContinuousClock.now
        let parser = PhoneNumberParser.shared
        _ = parser.parse("+59898344484", defaultRegion: "UY")  // metadata loads outside the timing
        print("metadata loaded in \(ContinuousClock.now - loadStart)")

        var valid = 0
        var checksum = 0
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: 128, alignment: 1)
        defer { out.deallocate() }
        var best = bytes.withUnsafeBytes { all in
            fastest(of: rounds) {
                valid = 0
                for (offset, length, region) in spans {
                    let text = UnsafeRawBufferPointer(rebasing: all[offset..<offset + length])
                    if case .success(let number) = parser.parse(utf8: text, defaultRegion: region) {
                        valid += 1
                        checksum &+= number.write(.e164, into: out) ?? 0
                        checksum &+= number.write(.national, into: out) ?? 0
                    }
                }
            }
        }
        report("parse(utf8:) + write(.e164) + write(.national)", count: count, seconds: best)
        best = bytes.withUnsafeBytes { all in
            fastest(of: rounds) {
                for (offset, length, region) in spans {
                    let text = UnsafeRawBufferPointer(rebasing: all[offset..<offset + length])
                    if case .success(let number) = parser.parse(utf8: text, defaultRegion: region) {
                        checksum &+= number.countryCode
                    }
                }
            }
        }
        report("parse(utf8:) only", count: count, seconds: best)
        print("  valid \(valid) of \(count) (\(String(format: "%.1f", Double(valid) * 100 / Double(count))) %)")

        best = fastest(of: rounds) {
            for (text, region) in inputs {
                if case .success(let number) = parser.parse(text, defaultRegion: region) {
                    checksum &+= number.formatted(.e164).utf8.count
                    checksum &+= number.formatted(.national).utf8.count
                    checksum &+= number.formatted(.international).utf8.count
                }
            }
        }
        report("parse(String) + formatted(e164, national, international) as Strings", count: count, seconds: best)
        if ProcessInfo.processInfo.environment["PHONE_BENCH_DETAIL"] != nil {
            let numbers = inputs.compactMap { try? parser.parse($0.text, defaultRegion: $0.region).get() }
            for format in PhoneFormat.allCases {
                best = fastest(of: rounds) {
                    for number in numbers { checksum &+= number.formatted(format).utf8.count }
                }
                report("  formatted(.\(format)) alone", count: numbers.count, seconds: best)
                best = fastest(of: rounds) {
                    for number in numbers { checksum &+= number.write(format, into: out) ?? 0 }
                }
                report("  write(.\(format)) alone", count: numbers.count, seconds: best)
            }
        }
        print("  (checksum \(checksum))")
    }

    /// The fastest of `rounds` runs of `body`, in seconds.
    static func fastest(of rounds: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<rounds {
            let start = ContinuousClock.now
            body()
            let elapsed = ContinuousClock.now - start
            best = min(best, Double(elapsed.components.attoseconds) / 1e18 + Double(elapsed.components.seconds))
        }
        return best
    }

    static func report(_ name: String, count: Int, seconds: Double) {
        let perSecond = Double(count) / seconds
        let nanos = seconds * 1e9 / Double(count)
        print(
            "\(name): \(String(format: "%.2f", perSecond / 1e6)) M numbers/s, \(String(format: "%.0f", nanos)) ns/number"
        )
    }
}

/// Numbers of a file (one a line) parsed from one default region and written in national format, as the
/// normaliser does them: the column of a real list instead of the synthetic mix.
enum FileBench {
    static func run(path: String, region: String, rounds: Int) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let bytes = Array(text.utf8)
        var spans: [(Int, Int)] = []
        var start = 0
        for (index, byte) in bytes.enumerated() where byte == 0x0A {
            spans.append((start, index - start))
            start = index + 1
        }
        let parser = PhoneNumberParser.shared
        let defaultRegion = parser.defaultRegion(region)
        var valid = 0
        var checksum = 0
        let out = UnsafeMutableRawBufferPointer.allocate(byteCount: 128, alignment: 1)
        defer { out.deallocate() }
        let best = bytes.withUnsafeBytes { all in
            Bench.fastest(of: rounds) {
                valid = 0
                for (offset, length) in spans {
                    let number = UnsafeRawBufferPointer(rebasing: all[offset..<offset + length])
                    // FNV-1a of every output byte and every error's name: a change in any answer shows.
                    switch parser.parse(utf8: number, region: defaultRegion) {
                    case .success(let parsed):
                        valid += 1
                        for byte in out.prefix(parsed.write(.national, into: out) ?? 0) {
                            checksum = (checksum ^ Int(byte)) &* 0x100_0000_01b3
                        }
                    case .failure(let error):
                        for byte in error.rawValue.utf8 { checksum = (checksum ^ Int(byte)) &* 0x100_0000_01b3 }
                    }
                }
            }
        }
        print(
            String(
                format: "%@: %d numbers, %d valid, %.1f ns/number (best of %d; checksum %d)", path, spans.count,
                valid, best * 1e9 / Double(spans.count), rounds, checksum))
    }
}
