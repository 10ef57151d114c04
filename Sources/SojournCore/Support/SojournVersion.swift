/// This build's version, as `sojourn --version` prints it and a database records the
/// version that last upgraded its schema.
public enum SojournVersion {
    public static let current = "0.2.0"
}
