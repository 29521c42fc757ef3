import Testing

extension Tag {
    /// A test that takes a second or more on its own (a bomb, a kill and rerun, a TLS handshake, a corpus),
    /// for runners that select by tag (Xcode, VS Code); CI runs every test, these included.
    @Tag static var slow: Self
}
