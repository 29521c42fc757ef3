/// A deterministic, realistic lead-list mix: messy shapes over several regions, about 5 % invalid.
enum BenchInput {
    /// `#` is a random digit.
    /// `#` is a random digit, `%` a random digit 2-9.
    static let templates: [(region: String, shapes: [String])] = [
        ("UY", ["09% ### ###", "9%######", "+598 9% ### ###", "2%## ####", "00598 9%######", "(098) %##-###"]),
        ("AR", ["+54 9 11 %###-####", "011 15-%###-####", "(0351) 15 %##-####", "11 %###-####", "+54911%#######"]),
        ("BR", ["(11) 9####-####", "+55 21 9#### ####", "011 9####-####", "5511 9########"]),
        ("MX", ["+52 55 #### ####", "55 #### ####", "+52 33 #### ####", "(33) ####-####"]),
        ("ES", ["6## ## ## ##", "+34 6## ### ###", "91 ### ## ##", "0034 6########"]),
        ("US", ["(212) %##-####", "+1 415 %## ####", "305.%##.####", "1-646-%##-####"]),
        ("CO", ["31# ### ####", "+57 31# ### ####", "(601) ### ####"]),
        ("CL", ["+56 9 %### ####", "9 %### ####", "(2) 2### ####"]),
        ("PE", ["9## ### ###", "+51 9## ### ###", "(01) ### ####"]),
        ("GB", ["077## ######", "+44 77## ######", "020 7### ####"]),
        ("IT", ["3%# ### ####", "+39 06 #### ####", "06 ########"]),
        ("DE", ["0151 ########", "+49 30 #######", "030 ########"]),
    ]
    static let invalid = ["12345", "9.83E+07", "N/A", "", "0", "###", "+999 12 345", "1234567890123456789", "sin dato"]

    static func make(count: Int) -> [(text: String, region: String)] {
        var rng = SplitMix64(seed: 598)
        var out: [(String, String)] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            let pick = templates[Int(rng.next() % UInt64(templates.count))]
            if rng.next() % 100 < 5 {
                var text = invalid[Int(rng.next() % UInt64(invalid.count))]
                text = fill(text, &rng)
                out.append((text, pick.region))
                continue
            }
            let shape = pick.shapes[Int(rng.next() % UInt64(pick.shapes.count))]
            out.append((fill(shape, &rng), pick.region))
        }
        return out
    }

    static func fill(_ shape: String, _ rng: inout SplitMix64) -> String {
        String(
            shape.map { character -> Character in
                switch character {
                case "#": Character(String(rng.next() % 10))
                case "%": Character(String(2 + rng.next() % 8))
                default: character
                }
            })
    }
}

/// Small deterministic PRNG so every run measures the same input.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
