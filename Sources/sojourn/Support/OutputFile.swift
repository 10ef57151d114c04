import Foundation
import SojournCore

/// Where `-o FILE` writes (`report`, `calendar`, the demo's page): the whole text into a
/// temporary file beside the target, synced, then renamed over it, so a reader never sees
/// half a file and a failed write leaves the old one. `-` is standard output. It refuses,
/// before writing anything, a target that is the case database (or its journal files), a
/// symbolic link, or anything but a regular file (a folder, a device such as /dev/full),
/// and a folder that does not exist. A file that is replaced keeps its permissions.
enum OutputFile {
    static func write(_ text: String, to path: String, database: String? = nil) throws {
        if path == "-" {
            Output.print(text.hasSuffix("\n") ? String(text.dropLast()) : text)
            return
        }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var folderInfo = stat()
        guard stat(folder, &folderInfo) == 0, folderInfo.st_mode & S_IFMT == S_IFDIR else {
            throw ServiceError("cannot write \(path): the folder \(folder) does not exist; create it first")
        }
        var mode: mode_t = 0o644
        var info = stat()
        if lstat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFLNK: throw ServiceError("cannot write \(path): it is a symbolic link; give the file itself")
            case S_IFREG: mode = info.st_mode & 0o7777
            case S_IFDIR: throw ServiceError("cannot write \(path): it is a folder; give a file name inside it")
            default: throw ServiceError("cannot write \(path): it is not a regular file (a device or a pipe); give a file")
            }
            if let database, Self.sameFile(path, database) || ["-wal", "-shm", "-journal"].contains(where: { Self.sameFile(path, database + $0) }) {
                throw ServiceError("cannot write \(path): it is the case database; give another file")
            }
        }
        let temporary = folder + "/." + url.lastPathComponent + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw ServiceError("cannot write \(path): \(String(cString: strerror(errno)))") }
        var failure: Int32 = 0
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += written
            }
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        if failure == 0, fchmod(descriptor, mode) != 0 { failure = errno }
        close(descriptor)
        if failure == 0, rename(temporary, path) != 0 { failure = errno }
        guard failure == 0 else {
            unlink(temporary)
            throw ServiceError("cannot write \(path): \(String(cString: strerror(failure))); the file there before (if any) is unchanged")
        }
        Output.printError("wrote \(path)")
    }

    /// Whether two paths name the same file (device and inode).
    private static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat(), second = stat()
        return stat(a, &first) == 0 && stat(b, &second) == 0 && first.st_dev == second.st_dev && first.st_ino == second.st_ino
    }
}
