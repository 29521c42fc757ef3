/// Calls `body` with `object` without a retain and release around the call: for the per-row calls on an
/// object a stored property keeps alive (loading a class reference from a stored property to call it
/// retains it for the call; in the hot loops those pairs were a visible share of the time). The caller
/// must keep `object` alive through the call, as its owner does.
@inline(__always)
func withUnretained<Object: AnyObject, Value>(
    _ object: Object, _ body: (Object) throws(IngestError) -> Value
) throws(IngestError) -> Value {
    let outcome = Unmanaged.passUnretained(object)._withUnsafeGuaranteedRef { (object) -> Result<Value, IngestError> in
        do throws(IngestError) {
            return .success(try body(object))
        } catch {
            return .failure(error)
        }
    }
    return try outcome.get()
}
