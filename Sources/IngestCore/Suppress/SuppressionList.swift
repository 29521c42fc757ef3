import Foundation
import PhoneNumbers
import Synchronization

/// One do-not-call list as a run found it: fresh and read (its numbers), or why it stops the campaigns it
/// covers (stale, unreadable).
package struct SuppressionListState: Sendable {
    package let list: IngestConfig.SuppressionList
    /// The numbers, when the list could be used.
    let numbers: NumberSet?
    /// Why it could not (`suppression-stale`, `suppression-unreadable`), naming the list and its age.
    package let problem: IngestError?
    package let report: SuppressionReport
}

extension SuppressionListState {
    /// Checks `list`'s age and reads it; never throws: a problem is kept in the state.
    /// - Parameters:
    ///   - now: seconds since 1970 (tests pass their own).
    static func load(_ list: IngestConfig.SuppressionList, config: IngestConfig, phone: PhoneNumberParser, now: Double)
        -> SuppressionListState
    {
        var report = SuppressionReport(path: list.path, scope: list.campaign ?? "all", maxAgeDays: list.maxAgeDays)
        func failed(_ error: IngestError) -> SuppressionListState {
            report.status = error.code.rawValue
            report.error = error.message
            return SuppressionListState(list: list, numbers: nil, problem: error, report: report)
        }
        guard let identity = FileIdentity.of(path: list.path) else {
            let cause = IngestError.errno(errno)
            return failed(
                IngestError(
                    .suppressionUnreadable,
                    "cannot read the suppression list \(list.path) (\(cause)): nothing is loaded into \(coverageText(list)) until it is fixed",
                    file: list.path))
        }
        let modified = Double(identity.modifiedSeconds) + Double(identity.modifiedNanoseconds) / 1e9
        let ageDays = (now - modified) / 86_400
        report.modifiedAt = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: modified.rounded(.down)))
        report.ageDays = (ageDays * 100).rounded() / 100
        if ageDays > list.maxAgeDays {
            return failed(
                IngestError(
                    .suppressionStale,
                    "the suppression list \(list.path) is \(Self.days(ageDays)) old (modified \(report.modifiedAt ?? "?")), over its "
                        + "max_age_days (\(Self.days(list.maxAgeDays))): nothing is loaded into \(coverageText(list)) "
                        + "until it is refreshed", file: list.path))
        }
        let key = CacheKey(path: list.path, column: list.column, region: config.phone.defaultRegion)
        if let cached = Self.cache.withLock({ $0[key] }), cached.identity == identity {
            report.sha256 = cached.contents.sha256
            report.entries = cached.contents.entries
            report.numbers = cached.contents.numbers.count
            report.invalid = cached.contents.invalid
            report.invalidLines = cached.contents.invalidLines
            report.status = "ok"
            return SuppressionListState(list: list, numbers: cached.contents.numbers, problem: nil, report: report)
        }
        let contents: SuppressionContents
        do {
            contents = try SuppressionContents.read(list, config: config, phone: phone)
        } catch {
            return failed(
                IngestError(
                    .suppressionUnreadable,
                    "cannot read the suppression list \(list.path): \(error.message): nothing is loaded into \(coverageText(list)) "
                        + "until it is fixed", file: list.path, line: error.line))
        }
        Self.cache.withLock { $0[key] = (identity, contents) }
        report.sha256 = contents.sha256
        report.entries = contents.entries
        report.numbers = contents.numbers.count
        report.invalid = contents.invalid
        report.invalidLines = contents.invalidLines
        report.status = "ok"
        return SuppressionListState(list: list, numbers: contents.numbers, problem: nil, report: report)
    }

    private static func coverageText(_ list: IngestConfig.SuppressionList) -> String {
        list.campaign.map { "campaign \($0)" } ?? "any campaign"
    }

    /// `45.2 days`, `1 day`.
    static func days(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
        return text + (rounded == 1 ? " day" : " days")
    }

    /// A list read once stays read while its file is the same (a watch process runs many files).
    private struct CacheKey: Hashable {
        var path: String
        var column: String?
        var region: String
    }
    private static let cache = Mutex<[CacheKey: (identity: FileIdentity, contents: SuppressionContents)]>([:])
}

/// What a list's file holds.
struct SuppressionContents: Sendable {
    var numbers: NumberSet
    /// Data rows read.
    var entries = 0
    /// Rows whose number is not a valid one under the run's phone rules.
    var invalid = 0
    /// The first few of those rows' lines.
    var invalidLines: [Int] = []
    var sha256 = ""

    static let invalidLinesKept = 20

    /// Reads the list through the lead files' readers, stages and phone rules (`098 344 484` on the list
    /// matches `+598 98344484` in a lead file: both are keyed by the normaliser that keys the leads), on the
    /// same threads a lead file uses. A list without a header (numbers from the first line) is read as such.
    static func read(_ list: IngestConfig.SuppressionList, config: IngestConfig, phone: PhoneNumberParser)
        throws(IngestError) -> SuppressionContents
    {
        // The lead files' input settings (a forced delimiter, a sheet) are theirs, not the list's; a number's
        // type does not matter on a list.
        var listConfig = IngestConfig()
        listConfig.phone = config.phone
        listConfig.phone.allowedTypes = nil
        listConfig.limits = config.limits
        listConfig.campaign = "list"
        var reader = try RecordReaders.open(path: list.path, config: listConfig)
        return try read(&reader, list: list, config: listConfig, phone: phone)
    }

    private static func read(
        _ reader: inout some RecordReader, list: IngestConfig.SuppressionList, config: IngestConfig,
        phone: PhoneNumberParser
    ) throws(IngestError) -> SuppressionContents {
        let numbers = NumberSetBuilder()
        var entries = 0
        var invalid = 0
        var invalidLines: [Int] = []
        func add(_ number: UInt64?, line: Int) {
            entries += 1
            guard let number else {
                invalid += 1
                if invalidLines.count < invalidLinesKept { invalidLines.append(line) }
                return
            }
            numbers.insert(number)
        }

        let headers = reader.headers
        var column: Int
        do {
            var columns = IngestConfig.Columns()
            columns.number = list.column
            column = try ColumnMap.resolve(
                headers: headers, columns: columns, file: list.path, line: reader.headerLine
            ).number
        } catch {
            // No header: the first line is already a number.
            let region = phone.defaultRegion(config.phone.defaultRegion)
            func key(_ field: String) -> UInt64? {
                var field = field
                return field.withUTF8 { field in
                    guard case .success(let number) = phone.parse(utf8: UnsafeRawBufferPointer(field), region: region)
                    else { return nil }
                    return phone.withoutExtension(number, region: config.phone.defaultRegion).e164Key
                }
            }
            guard list.column == nil, let index = headers.firstIndex(where: { key($0) != nil }) else { throw error }
            column = index
            add(key(headers[index]), line: reader.headerLine)
        }
        reader.watchNumberColumns([column])
        let map = ColumnMap(headers: headers, number: column)
        let normalizers = (0..<NormalizingThreads.count).map { _ in
            RowNormalizer(map: map, config: config, phone: phone)
        }
        let stages = StagedReader(reader: reader, normalizers: normalizers)
        stages.start()
        defer { _ = stages.finish() }
        while let batch = try stages.next() {
            let outcomes = batch.outcomes
            for index in 0..<batch.count {
                switch outcomes[index] {
                case .accepted(let row, _): add(row.numberKey, line: 0)
                case .rejectedByReader: add(nil, line: batch.line(index))
                case .rejected(let problem): add(nil, line: problem.line)
                }
            }
            stages.recycle(batch)
        }
        reader = stages.finish()
        return SuppressionContents(
            numbers: NumberSet(numbers), entries: entries, invalid: invalid, invalidLines: invalidLines,
            sha256: reader.sha256Hex())
    }
}
