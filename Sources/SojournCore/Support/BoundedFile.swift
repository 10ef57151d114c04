public import Foundation

/// Reading a whole file that must stay small (a workflow, an input file): at most
/// `limit` bytes are ever read, so a huge file or an endless one (`/dev/zero`) is
/// refused without being loaded.
public enum BoundedFile {
    /// Why a file was not read, as the end of "PATH …".
    public struct Refusal: Error, Sendable, Hashable {
        public var message: String
    }

    /// The file's bytes, or why they were not read.
    public static func read(_ path: String, limit: Int) -> Result<Data, Refusal> {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            return .failure(Refusal(message: "\(path) does not exist"))
        }
        guard !isFolder.boolValue else { return .failure(Refusal(message: "\(path) is a folder, not a file")) }
        guard let handle = FileHandle(forReadingAtPath: path) else { return .failure(Refusal(message: "\(path) cannot be read")) }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch {
            return .failure(Refusal(message: "\(path) cannot be read"))
        }
        guard data.count <= limit else {
            return .failure(Refusal(message: "\(path) is larger than the limit of \(limit / 1_048_576) MiB; nothing was read past it"))
        }
        return .success(data)
    }
}
