/// The tool's version: what `dialer-ingest --version` prints and what packages are named after.
public enum ToolVersion {
    public static let current = "0.2.0"
}
