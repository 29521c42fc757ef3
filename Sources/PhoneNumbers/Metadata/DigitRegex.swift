/// A backtracking matcher for the few metadata regexes whose match end and capture groups matter
/// (international prefix, national prefix for parsing), with Python `re.match` semantics.
///
/// It understands the subset the generator admits: digits, `\d`, `[...]` classes with ranges, `(...)`,
/// `(?:...)`, `|`, greedy `?`, `*`, `+`, `{m}`, `{m,}`, `{m,n}` and `$`.
struct DigitRegex: Sendable {
    enum Instruction: Sendable {
        case digits(UInt16)
        case split(Int, Int)
        case jump(Int)
        case save(Int)
        case end
        case match
    }

    /// Capture slots (start, end per group), -1 when unset; 16 slots cover the metadata's 2 groups at most.
    typealias Captures = SIMD16<Int8>

    let program: [Instruction]
    let groupCount: Int
    /// Set when the whole pattern is a fixed digit string (the usual `0` or `00`): no backtracking needed.
    let literal: [UInt8]?
    /// The digits a match can start with (bit per digit), and the result of matching an empty input: when no
    /// end anchor is reachable before the first digit, an input whose first digit is not among them fails
    /// every path that reads a digit, exactly as an empty input does, so it gets that result without a run.
    /// Argentina's national prefix (`0?(?:(11|2…|3…)15)?`, the area codes before a mobile's `15`) costs a
    /// few hundred instructions of backtracking per number otherwise, while most numbers start with `9`.
    /// `emptyEnd`: that result's end, -1 for no match, -2 when the shortcut does not apply.
    private let firstDigits: UInt16
    private let emptyEnd: Int8
    private let emptyCaptures: Captures

    init?(_ pattern: String) {
        guard !pattern.isEmpty else { return nil }
        var parser = Parser(Array(pattern.utf8))
        guard let node = parser.parseAlternation(), parser.atEnd else { return nil }
        var compiler = Compiler()
        compiler.emit(node)
        compiler.program.append(.match)
        program = compiler.program
        groupCount = parser.groups
        literal = node.literalDigits
        let (first, anchored) = Self.start(of: program)
        firstDigits = first
        var captures = Captures(repeating: -1)
        if anchored {
            emptyEnd = -2
        } else {
            let end = program.withUnsafeBufferPointer {
                Self.run(0, 0, UnsafeBufferPointer(start: nil, count: 0), $0, &captures)
            }
            emptyEnd = end.map { Int8($0) } ?? -1
        }
        emptyCaptures = captures
    }

    /// The digits the instructions reachable from the start without reading one accept, and whether an end
    /// anchor is among those instructions.
    private static func start(of program: [Instruction]) -> (digits: UInt16, anchored: Bool) {
        var digits: UInt16 = 0
        var anchored = false
        var seen = Set<Int>()
        var pending = [0]
        while let pc = pending.popLast() {
            guard pc < program.count, seen.insert(pc).inserted else { continue }
            switch program[pc] {
            case .digits(let mask): digits |= mask
            case .split(let first, let second): pending += [first, second]
            case .jump(let target): pending.append(target)
            case .save: pending.append(pc + 1)
            case .end: anchored = true
            case .match: break
            }
        }
        return (digits, anchored)
    }

    /// Matches at the start of `input`; returns the match end, filling `captures`.
    func match(_ input: UnsafeBufferPointer<UInt8>, captures: inout Captures) -> Int? {
        captures = Captures(repeating: -1)
        if let literal {
            guard input.count >= literal.count else { return nil }
            for i in 0..<literal.count where input[i] != literal[i] { return nil }
            return literal.count
        }
        if emptyEnd != -2, !input.isEmpty, firstDigits & (1 << UInt16(input[0])) == 0 {
            captures = emptyCaptures
            return emptyEnd < 0 ? nil : Int(emptyEnd)
        }
        return program.withUnsafeBufferPointer { Self.run(0, 0, input, $0, &captures) }
    }

    /// `match` by running the program whatever the first digit (what the shortcut must agree with; tests).
    func matchByRunning(_ input: UnsafeBufferPointer<UInt8>, captures: inout Captures) -> Int? {
        captures = Captures(repeating: -1)
        return program.withUnsafeBufferPointer { Self.run(0, 0, input, $0, &captures) }
    }

    private static func run(
        _ startPC: Int, _ startSP: Int, _ input: UnsafeBufferPointer<UInt8>,
        _ program: UnsafeBufferPointer<Instruction>, _ captures: inout Captures
    ) -> Int? {
        var pc = startPC
        var sp = startSP
        while true {
            switch program[pc] {
            case .digits(let mask):
                guard sp < input.count, mask & (1 << UInt16(input[sp])) != 0 else { return nil }
                sp += 1
                pc += 1
            case .split(let first, let second):
                let saved = captures
                if let end = run(first, sp, input, program, &captures) { return end }
                captures = saved
                pc = second
            case .jump(let target):
                pc = target
            case .save(let slot):
                let old = captures[slot]
                captures[slot] = Int8(truncatingIfNeeded: sp)
                if let end = run(pc + 1, sp, input, program, &captures) { return end }
                captures[slot] = old
                return nil
            case .end:
                guard sp == input.count else { return nil }
                pc += 1
            case .match:
                return sp
            }
        }
    }
}

extension DigitRegex {
    indirect enum Node {
        case digits(UInt16)
        case sequence([Node])
        case alternation([Node])
        case group(Int, Node)
        case repeated(Node, min: Int, max: Int?)
        case end

        var literalDigits: [UInt8]? {
            switch self {
            case .digits(let mask):
                guard mask.nonzeroBitCount == 1 else { return nil }
                return [UInt8(mask.trailingZeroBitCount)]
            case .sequence(let nodes):
                var out: [UInt8] = []
                for node in nodes {
                    guard let part = node.literalDigits else { return nil }
                    out += part
                }
                return out
            case .alternation(let nodes):
                return nodes.count == 1 ? nodes[0].literalDigits : nil
            default:
                return nil
            }
        }
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0
        var groups = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }

        private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func parseAlternation() -> Node? {
            var alternatives: [Node] = []
            while true {
                guard let sequence = parseSequence() else { return nil }
                alternatives.append(sequence)
                guard peek() == UInt8(ascii: "|") else { break }
                index += 1
            }
            return .alternation(alternatives)
        }

        private mutating func parseSequence() -> Node? {
            var items: [Node] = []
            while let byte = peek(), byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                guard let atom = parseAtom(), let item = parseQuantifier(atom) else { return nil }
                items.append(item)
            }
            return .sequence(items)
        }

        private mutating func parseAtom() -> Node? {
            guard let byte = peek() else { return nil }
            index += 1
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .digits(1 << UInt16(byte - UInt8(ascii: "0")))
            case UInt8(ascii: "\\"):
                guard peek() == UInt8(ascii: "d") else { return nil }
                index += 1
                return .digits(0x3FF)
            case UInt8(ascii: "$"):
                return .end
            case UInt8(ascii: "["):
                return parseClass()
            case UInt8(ascii: "("):
                var capture: Int? = nil
                if peek() == UInt8(ascii: "?") {
                    index += 1
                    guard peek() == UInt8(ascii: ":") else { return nil }
                    index += 1
                } else {
                    groups += 1
                    capture = groups
                }
                guard let inner = parseAlternation(), peek() == UInt8(ascii: ")") else { return nil }
                index += 1
                if let capture { return .group(capture, inner) }
                return inner
            default:
                return nil
            }
        }

        private mutating func parseClass() -> Node? {
            var mask: UInt16 = 0
            while let byte = peek(), byte != UInt8(ascii: "]") {
                index += 1
                if byte == UInt8(ascii: "\\") {
                    guard peek() == UInt8(ascii: "d") else { return nil }
                    index += 1
                    mask |= 0x3FF
                    continue
                }
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                var high = byte
                if peek() == UInt8(ascii: "-"), index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: "]") {
                    high = bytes[index + 1]
                    index += 2
                }
                guard high >= byte, high <= UInt8(ascii: "9") else { return nil }
                for digit in byte...high { mask |= 1 << UInt16(digit - UInt8(ascii: "0")) }
            }
            guard peek() == UInt8(ascii: "]") else { return nil }
            index += 1
            return .digits(mask)
        }

        private mutating func parseQuantifier(_ atom: Node) -> Node? {
            guard let byte = peek() else { return atom }
            switch byte {
            case UInt8(ascii: "?"):
                index += 1
                return .repeated(atom, min: 0, max: 1)
            case UInt8(ascii: "*"):
                index += 1
                return .repeated(atom, min: 0, max: nil)
            case UInt8(ascii: "+"):
                index += 1
                return .repeated(atom, min: 1, max: nil)
            case UInt8(ascii: "{"):
                index += 1
                guard let low = parseNumber() else { return nil }
                var high: Int? = low
                if peek() == UInt8(ascii: ",") {
                    index += 1
                    high = parseNumber()
                }
                guard peek() == UInt8(ascii: "}") else { return nil }
                index += 1
                return .repeated(atom, min: low, max: high)
            default:
                return atom
            }
        }

        private mutating func parseNumber() -> Int? {
            var value: Int? = nil
            while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                value = (value ?? 0) * 10 + Int(byte - UInt8(ascii: "0"))
                index += 1
            }
            return value
        }
    }

    struct Compiler {
        var program: [Instruction] = []

        mutating func emit(_ node: Node) {
            switch node {
            case .digits(let mask):
                program.append(.digits(mask))
            case .end:
                program.append(.end)
            case .sequence(let nodes):
                for node in nodes { emit(node) }
            case .group(let index, let inner):
                program.append(.save(2 * index - 2))
                emit(inner)
                program.append(.save(2 * index - 1))
            case .alternation(let nodes):
                emitAlternation(nodes[...])
            case .repeated(let inner, let low, let high):
                for _ in 0..<low { emit(inner) }
                if let high {
                    // Greedy optional copies: each split prefers one more repetition.
                    var exits: [Int] = []
                    for _ in low..<high {
                        exits.append(program.count)
                        program.append(.split(program.count + 1, -1))
                        emit(inner)
                    }
                    for exit in exits { program[exit] = .split(exit + 1, program.count) }
                } else {
                    let loop = program.count
                    program.append(.split(loop + 1, -1))
                    emit(inner)
                    program.append(.jump(loop))
                    program[loop] = .split(loop + 1, program.count)
                }
            }
        }

        private mutating func emitAlternation(_ nodes: ArraySlice<Node>) {
            guard let first = nodes.first else { return }
            if nodes.count == 1 {
                emit(first)
                return
            }
            let split = program.count
            program.append(.split(split + 1, -1))
            emit(first)
            let jump = program.count
            program.append(.jump(-1))
            program[split] = .split(split + 1, program.count)
            emitAlternation(nodes.dropFirst())
            program[jump] = .jump(program.count)
        }
    }
}
