import FuzzSupport

@testable import IngestCore

/// libFuzzer entry point: config text through Yams into `IngestConfig`, validation included.
/// Every failure must be a `config-invalid` IngestError (exit 78), never a crash or another error type.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let config = try IngestConfig.parse(yaml: text, file: "fuzz.yaml")
        invariant(config.upload.chunkRows > 0, "a config with chunk_rows \(config.upload.chunkRows) passed validation")
        invariant(config.upload.concurrency > 0, "a config with concurrency \(config.upload.concurrency) passed")
    } catch let error as IngestError {
        invariant(error.code == .configInvalid, "config error with code \(error.code)")
        invariant(!error.description.isEmpty, "an empty error message")
    } catch {
        fatalError("a config error that is not an IngestError: \(error)")
    }
    return 0
}
