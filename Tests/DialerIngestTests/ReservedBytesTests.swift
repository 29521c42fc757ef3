import CHotPath
import Testing

@testable import IngestCore

/// Every fast path of the reserved-byte rule against the one table (`ReservedBytes.classes`): each byte value at
/// every position of a word or vector, among plain letters, in fields of every length around the vector
/// sizes. A fast path that disagrees on a single byte fails here.
@Suite struct ReservedBytesTests {
    /// What the copy fast paths must call clean: a field that comes out unchanged (no byte the table replaces,
    /// no space at an end or beside another) and holds no lead byte of a multi-byte control.
    static func isCleanByTable(_ field: [UInt8]) -> Bool {
        guard let first = field.first, let last = field.last, first != 0x20, last != 0x20 else { return false }
        for (index, byte) in field.enumerated() {
            if ReservedBytes.classes[Int(byte)] == ReservedBytes.replaced || ReservedBytes.mayStartControl(byte) {
                return false
            }
            if byte == 0x20 && index > 0 && field[index - 1] == 0x20 { return false }
        }
        return true
    }

    @Test func theTableIsTheRule() {
        let replaced = (0...255).filter { ReservedBytes.classes[$0] == ReservedBytes.replaced }
        #expect(replaced == Array(0..<0x20) + [0x3A, 0x3B, 0x3D, 0x7F])
        #expect((0...255).filter { ReservedBytes.classes[$0] == ReservedBytes.space } == [0x20])
    }

    @Test func theWordCheckAgreesWithTheTable() {
        for value in 0...255 {
            for position in 0..<8 {
                var bytes = [UInt8](repeating: 0x61, count: 8)
                bytes[position] = UInt8(value)
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                let expected = ReservedBytes.classes[value] == ReservedBytes.replaced
                #expect(SWAR.hasControlOrReserved(word) == expected, "byte \(value) at \(position)")
            }
        }
    }

    @Test(arguments: [1, 2, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33])
    func theCopyPathsAgreeWithTheTable(length: Int) {
        for value in 0...255 {
            for position in 0..<length {
                var field = [UInt8](repeating: 0x61, count: length)
                field[position] = UInt8(value)
                let expected = Self.isCleanByTable(field)
                #expect(Self.copy(field, wordAtATime: true) == (expected ? field : nil), "\(value) at \(position)")
                #if arch(x86_64)
                    #expect(Self.copy(field, wordAtATime: false) == (expected ? field : nil), "\(value) at \(position)")
                #endif
            }
        }
        // Two spaces side by side at every pair of positions, across word and vector boundaries.
        for position in 0..<max(0, length - 1) {
            var field = [UInt8](repeating: 0x61, count: length)
            field[position] = 0x20
            field[position + 1] = 0x20
            #expect(Self.copy(field, wordAtATime: true) == nil)
            #if arch(x86_64)
                #expect(Self.copy(field, wordAtATime: false) == nil)
            #endif
        }
    }

    /// The field as the fast path copied it, or nil when it called the field not clean.
    static func copy(_ field: [UInt8], wordAtATime: Bool) -> [UInt8]? {
        var clean = false
        let copied = [UInt8](unsafeUninitializedCapacity: field.count + 16) { buffer, count in
            clean = field.withUnsafeBufferPointer { source in
                guard let target = buffer.baseAddress, let base = source.baseAddress else { return false }
                if wordAtATime { return FieldSanitizer.copyIfCleanWords(source, to: target) }
                #if arch(x86_64)
                    return hotpath_copy_if_clean(base, source.count, target) != 0
                #else
                    return false
                #endif
            }
            count = clean ? field.count : 0
        }
        return clean ? copied : nil
    }
}
