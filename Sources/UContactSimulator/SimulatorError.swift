/// A failure of the simulator itself (not of a request it refused).
public struct SimulatorError: Error, CustomStringConvertible, Sendable {
    /// Stable error codes.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The record directory cannot be created or read.
        public static let recordDirectory = Code(rawValue: "record-directory")
        /// An accepted upload could not be written to the record directory.
        public static let recordWrite = Code(rawValue: "record-write")
        /// The configuration is unusable (bad fault set, port out of range).
        public static let configuration = Code(rawValue: "configuration")
        /// The server stopped before it was listening (for example, the port was taken).
        public static let notListening = Code(rawValue: "not-listening")
    }

    /// What went wrong, stable across releases.
    public var code: Code
    /// A human explanation.
    public var message: String
    /// The underlying error, if any.
    public var cause: (any Error)?

    /// Creates an error.
    public init(code: Code, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        var text = "\(code): \(message)"
        if let cause { text += " (\(cause))" }
        return text
    }
}
