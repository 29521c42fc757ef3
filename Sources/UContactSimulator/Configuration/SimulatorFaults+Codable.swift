extension SimulatorFaults: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable {
        case failFirst, failStatus, throttleFirst, retryAfterSeconds, delayMilliseconds, dropAfterApply
        case refuseLogin, tokenUses, refuseLoginsAfter
    }

    /// Accepts any subset of the keys (missing ones keep their defaults); an unknown key is an error naming it.
    public init(from decoder: any Decoder) throws {
        let known = try decoder.container(keyedBy: CodingKeys.self)
        let all = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = all.allKeys.first(where: { CodingKeys(stringValue: $0.stringValue) == nil }) {
            throw DecodingError.dataCorruptedError(
                forKey: unknown,
                in: all,
                debugDescription: "unknown fault key '\(unknown.stringValue)'"
            )
        }
        let defaults = SimulatorFaults()
        self.init(
            failFirst: try known.decodeIfPresent(Int.self, forKey: .failFirst) ?? defaults.failFirst,
            failStatus: try known.decodeIfPresent(Int.self, forKey: .failStatus) ?? defaults.failStatus,
            throttleFirst: try known.decodeIfPresent(Int.self, forKey: .throttleFirst) ?? defaults.throttleFirst,
            retryAfterSeconds: try known.decodeIfPresent(Int.self, forKey: .retryAfterSeconds)
                ?? defaults.retryAfterSeconds,
            delayMilliseconds: try known.decodeIfPresent(Int.self, forKey: .delayMilliseconds)
                ?? defaults.delayMilliseconds,
            dropAfterApply: try known.decodeIfPresent(Int.self, forKey: .dropAfterApply) ?? defaults.dropAfterApply,
            refuseLogin: try known.decodeIfPresent(Bool.self, forKey: .refuseLogin) ?? defaults.refuseLogin,
            tokenUses: try known.decodeIfPresent(Int.self, forKey: .tokenUses),
            refuseLoginsAfter: try known.decodeIfPresent(Int.self, forKey: .refuseLoginsAfter)
        )
    }

    /// Writes every key, `tokenUses` and `refuseLoginsAfter` as null when unlimited, so the JSON shows the whole fault set.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(failFirst, forKey: .failFirst)
        try container.encode(failStatus, forKey: .failStatus)
        try container.encode(throttleFirst, forKey: .throttleFirst)
        try container.encode(retryAfterSeconds, forKey: .retryAfterSeconds)
        try container.encode(delayMilliseconds, forKey: .delayMilliseconds)
        try container.encode(dropAfterApply, forKey: .dropAfterApply)
        try container.encode(refuseLogin, forKey: .refuseLogin)
        try container.encode(tokenUses, forKey: .tokenUses)
        try container.encode(refuseLoginsAfter, forKey: .refuseLoginsAfter)
    }
}

/// Any JSON key, to find the ones ``SimulatorFaults`` does not know.
private struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
