import Foundation
import ZIPFoundation

/// An .xlsx workbook opened for reading one sheet: the zip directory, the sheet chosen through
/// `workbook.xml` and its relationships, the 1900/1904 date system, the number formats (`styles.xml`)
/// and the shared strings. Refuses, naming the file, what is not a readable workbook.
struct WorkbookFile {
    let path: String
    let sheetName: String
    /// The sheet's zip entry.
    let sheetEntry: Entry
    let date1904: Bool
    let formats: NumberFormats
    let strings: SharedStrings
    private let archive: Archive
    private let maxRatio: Int
    private let maxTokenBytes: Int

    private static let zipMagic: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
    private static let emptyZipMagic: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
    private static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// True for zip or OLE compound files, and for files named like a workbook (which must then be one).
    static func looksLikeWorkbook(path: String) throws(IngestError) -> Bool {
        let lower = path.lowercased()
        if lower.hasSuffix(".xlsx") || lower.hasSuffix(".xlsm") { return true }
        let first = try RegularFile.firstBytes(path, count: 8)
        return first.starts(with: zipMagic) || first.starts(with: emptyZipMagic) || first.starts(with: oleMagic)
    }

    /// - Parameter sheet: the sheet's name; the first visible sheet when nil.
    init(path: String, sheet: String?, config: IngestConfig) throws(IngestError) {
        self.path = path
        maxRatio = config.limits.maxZipRatio
        maxTokenBytes = config.limits.maxRecordBytes
        let first = try RegularFile.firstBytes(path, count: 8)
        if first.starts(with: Self.oleMagic) { throw Self.compoundFileError(path) }
        guard first.starts(with: Self.zipMagic) || first.starts(with: Self.emptyZipMagic) else {
            throw IngestError(
                .workbookCorrupt, "the file is named like a workbook but is not a zip archive", file: path)
        }
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw IngestError(
                .workbookCorrupt, "not a readable zip archive (\(error)): truncated or damaged?", file: path)
        }
        let rootRelations = try Self.relationships(in: "_rels/.rels", archive: archive, path: path, config: config)
        let workbookPart =
            rootRelations.first { $0.type.hasSuffix("/officeDocument") }.map { Self.resolve($0.target, from: "") }
            ?? "xl/workbook.xml"
        guard archive[workbookPart] != nil else {
            throw IngestError(
                .workbookCorrupt, "a zip archive without a workbook (\(workbookPart)): not an .xlsx file", file: path)
        }
        let relationsPart = Self.relationsPart(of: workbookPart)
        let relations = try Self.relationships(in: relationsPart, archive: archive, path: path, config: config)
        let book = try Self.readWorkbook(workbookPart, archive: archive, path: path, config: config)
        date1904 = book.date1904

        let chosen: WorkbookSheet?
        if let sheet {
            chosen =
                book.sheets.first { $0.name == sheet }
                ?? book.sheets.first { $0.name.lowercased() == sheet.lowercased() }
        } else {
            chosen = book.sheets.first { $0.visible } ?? book.sheets.first
        }
        guard let chosen else {
            let names = book.sheets.map { "'\($0.name)'" }.joined(separator: ", ")
            let what = sheet.map { "no sheet named '\($0)' (input.sheet)" } ?? "the workbook has no sheets"
            throw IngestError(.sheetNotFound, "\(what); the sheets are: \(names)", file: path)
        }
        guard let target = relations.first(where: { $0.id == chosen.relationId })?.target,
            let entry = archive[Self.resolve(target, from: workbookPart)]
        else {
            throw IngestError(.workbookCorrupt, "the sheet '\(chosen.name)' has no part in the archive", file: path)
        }
        sheetName = chosen.name
        sheetEntry = entry

        var formats = NumberFormats()
        if let styles = relations.first(where: { $0.type.hasSuffix("/styles") }),
            var scanner = try Self.scanner(Self.resolve(styles.target, from: workbookPart), archive, path, config)
        {
            formats = try NumberFormats.read(&scanner)
        }
        self.formats = formats
        var strings = SharedStrings()
        if let shared = relations.first(where: { $0.type.hasSuffix("/sharedStrings") }),
            var scanner = try Self.scanner(Self.resolve(shared.target, from: workbookPart), archive, path, config)
        {
            strings = try SharedStrings.read(&scanner)
        }
        self.strings = strings
    }

    /// A scanner over the chosen sheet's XML.
    func sheetScanner() throws(IngestError) -> (XMLScanner, ZipEntrySource) {
        let source = try ZipEntrySource(path: path, entry: sheetEntry, maxRatio: maxRatio)
        let scanner = XMLScanner(source: source, file: path, part: sheetEntry.path, maxTokenBytes: maxTokenBytes)
        return (scanner, source)
    }

    // MARK: - Parts

    private static func scanner(
        _ part: String, _ archive: Archive, _ path: String, _ config: IngestConfig
    ) throws(IngestError) -> XMLScanner? {
        guard let entry = archive[part] else { return nil }
        let source = try ZipEntrySource(path: path, entry: entry, maxRatio: config.limits.maxZipRatio)
        return XMLScanner(source: source, file: path, part: part, maxTokenBytes: config.limits.maxRecordBytes)
    }

    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    private static func relationships(
        in part: String, archive: Archive, path: String, config: IngestConfig
    ) throws(IngestError) -> [Relationship] {
        guard var scanner = try scanner(part, archive, path, config) else { return [] }
        var found: [Relationship] = []
        while true {
            switch try scanner.next() {
            case .open where scanner.nameIs("Relationship"):
                if let id = try scanner.attributeString("Id"), let target = try scanner.attributeString("Target") {
                    found.append(Relationship(id: id, type: try scanner.attributeString("Type") ?? "", target: target))
                }
            case .end: return found
            default: break
            }
        }
    }

    struct WorkbookSheet {
        var name: String
        var relationId: String
        var visible: Bool
    }

    private static func readWorkbook(
        _ part: String, archive: Archive, path: String, config: IngestConfig
    ) throws(IngestError) -> (sheets: [WorkbookSheet], date1904: Bool) {
        guard var scanner = try scanner(part, archive, path, config) else { return ([], false) }
        var sheets: [WorkbookSheet] = []
        var date1904 = false
        while true {
            switch try scanner.next() {
            case .open where scanner.nameIs("workbookPr"):
                let flag = try scanner.attributeString("date1904")?.lowercased()
                date1904 = flag == "1" || flag == "true"
            case .open where scanner.nameIs("sheet"):
                if let name = try scanner.attributeString("name"), let id = try scanner.attributeString("id") {
                    let state = try scanner.attributeString("state") ?? "visible"
                    sheets.append(WorkbookSheet(name: name, relationId: id, visible: state == "visible"))
                }
            case .end: return (sheets, date1904)
            default: break
            }
        }
    }

    /// `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relationsPart(of part: String) -> String {
        guard let slash = part.lastIndex(of: "/") else { return "_rels/\(part).rels" }
        return "\(part[..<slash])/_rels/\(part[part.index(after: slash)...]).rels"
    }

    /// A relationship target as a zip entry name: absolute (`/xl/...`) or relative to `source`'s folder.
    static func resolve(_ target: String, from source: String) -> String {
        var components: [Substring] = []
        if !target.hasPrefix("/"), let slash = source.lastIndex(of: "/") {
            components = source[..<slash].split(separator: "/")
        }
        for component in target.split(separator: "/") {
            if component == ".." {
                _ = components.popLast()
            } else if component != "." {
                components.append(component)
            }
        }
        return components.joined(separator: "/")
    }

    // MARK: - Not a zip

    /// Encrypted .xlsx files and old .xls workbooks are both OLE compound files; the stream names tell them apart.
    private static func compoundFileError(_ path: String) -> IngestError {
        let head = Data((try? RegularFile.firstBytes(path, count: 64 << 20)) ?? [])
        let marker = Data("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        if head.range(of: marker) != nil {
            return IngestError(
                .workbookEncrypted,
                "a password-protected workbook: remove the password in the spreadsheet program and save again",
                file: path)
        }
        return IngestError(
            .unsupportedFormat, "an old-style .xls workbook (Excel 97-2003): save it as .xlsx or CSV", file: path)
    }
}
