extension Metadata {
    /// `time_zones_for_number`: geographic numbers by E.164 prefix, others by calling code.
    func timeZones(for number: PhoneNumber) -> [String] {
        switch number.type {
        case .unknown:
            return TimeZoneMap.unknown
        case .fixedLine, .fixedLineOrMobile:
            break
        case .mobile where [52, 54, 55, 62, 86].contains(number.countryCode):
            break
        default:
            let code = Array(String(number.countryCode).utf8)
            return timeZones.lookup(code, prefixLengths: (2...(timeZones.longestPrefix + 1)).reversed())
        }
        let e164 = Array(String(number.countryCode).utf8) + Array(number.nationalNumber.utf8)
        return timeZones.lookup(e164, prefixLengths: (1...timeZones.longestPrefix).reversed())
    }
}
