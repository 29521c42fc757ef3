/// Calls `body` with the object `handle` refers to, without a retain and release around the call: for the
/// per-row calls on objects their owner keeps alive in an array. Loading a class reference from a stored
/// property or an array of the caller's to call it retains it for the call (the caller's storage could
/// change during it); an `Unmanaged` is a plain value, so loading it costs nothing. In the hot loops those
/// pairs were a visible share of the time. The owner must keep the object alive through the call.
@inline(__always)
func withUnretained<Object: AnyObject, Value>(
    _ handle: Unmanaged<Object>, _ body: (Object) throws(IngestError) -> Value
) throws(IngestError) -> Value {
    let outcome = handle._withUnsafeGuaranteedRef { (object) -> Result<Value, IngestError> in
        do throws(IngestError) {
            return .success(try body(object))
        } catch {
            return .failure(error)
        }
    }
    return try outcome.get()
}
