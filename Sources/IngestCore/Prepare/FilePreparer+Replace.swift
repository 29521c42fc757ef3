import Foundation
import PhoneNumbers

extension FilePreparer {
    /// `mode: replace`: for each campaign of the file, the numbers the ledger has as loaded into it within
    /// the window that the file no longer holds, as chunks of removals (lines `campaign;number`, the number in
    /// the form the base holds it, with their numbers files) in `directory`.
    /// - Parameter numbers: the file's numbers per campaign, ascending (all it holds, those already loaded too).
    func removalsForReplace(
        _ history: any LoadHistory, numbers: [String: [UInt64]], directory: String, index: Int
    ) throws(IngestError) -> [SpooledChunk] {
        var chunks: [SpooledChunk] = []
        let region = phone.defaultRegion(config.phone.defaultRegion)
        // A folder of the file's own: the spool (or a dry run's output folder) holds other files' chunks.
        let folder = directory + "/.removals-\(index)"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw IngestError(.outputFailed, "cannot create the removals folder", file: folder, cause: error)
        }
        for (position, campaign) in numbers.keys.sorted().enumerated() {
            let kept = numbers[campaign] ?? []
            let gone = try history.loadedNumbers(campaign: campaign).filter { kept.sortedIndex(of: $0) == nil }
            guard !gone.isEmpty else { continue }
            let name = "removals-\(position + 1).txt"
            let path = folder + "/" + name
            let lines = try OutputFile(path: path, durable: false)
            let entries = try SpillFile(path: path + ".numbers", bufferSize: 64 << 10)
            var rows = 0
            for e164 in gone {
                // The form the base holds it in: what RemoveContact is asked to remove (E.164 if the rules no
                // longer read it: it is still sent, never silently kept).
                var form = "+\(e164)"
                if case .success(let number) = phone.parse(form, defaultRegion: config.phone.defaultRegion) {
                    form = number.lineForm(config.phone.format, from: region)
                }
                try lines.write(campaign + ";" + form + "\n")
                try entries.append(e164, 0)
                rows += 1
            }
            try lines.close()
            try entries.finish()
            chunks.append(
                SpooledChunk(
                    filename: name, path: path, campaign: campaign, timezone: nil, rows: rows,
                    bytes: lines.bytesWritten, numbers: path + ".numbers"))
        }
        rmdir(folder)  // when nothing is to be removed
        return chunks
    }
}
