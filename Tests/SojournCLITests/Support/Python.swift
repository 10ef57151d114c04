import Foundation
import Testing

/// The Python programs the tests use as oracles and peers (`Tests/Support`): Python's
/// `email` package reading what Sojourn writes, and an SMTP server (aiosmtpd).
enum Python {
    static func script(_ name: String) -> String {
        CLI.packageRoot.appendingPathComponent("Tests/Support/\(name)").path
    }

    /// Runs a script to its end and returns what it printed.
    static func run(_ name: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script(name)] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "python3 \(name): \(String(decoding: errors, as: UTF8.self))")
        return String(decoding: output, as: UTF8.self)
    }

    /// What Python's `icalendar` reads in a calendar (or a mail's `text/calendar` part),
    /// with every instance expanded by `recurring-ical-events`.
    static func expandCalendar(_ path: String) throws -> CanonicalJSON {
        try CanonicalJSON.parse(try run("expand_calendar.py", [path]))
    }

    /// What Python's `email` package reads in a message file.
    static func parseMail(_ path: String) throws -> CanonicalJSON {
        try CanonicalJSON.parse(try run("parse_mail.py", [path]))
    }

    /// A running SMTP server that keeps what it accepts in `folder`.
    final class SMTPSink {
        let process: Process
        let port: Int
        let folder: URL

        /// `killing`: a file holding the pid to kill -9 once a message is kept, before the
        /// server answers (the client dies between the hand-over and recording it).
        init(refusing refused: [String] = [], tls: (certificate: String, key: String)? = nil, login: (user: String, password: String)? = nil, killing pidFile: String? = nil) throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("sojourn-smtp-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            var arguments = ["python3", Python.script("smtp_sink.py"), "--dir", folder.path]
            for address in refused { arguments += ["--refuse", address] }
            if let tls { arguments += ["--tls", tls.certificate, tls.key] }
            if let login { arguments += ["--user", login.user, "--password", login.password] }
            if let pidFile { arguments += ["--kill-pid-file", pidFile] }
            process.arguments = arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The server prints its port once it listens.
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let more = out.fileHandleForReading.availableData
                guard !more.isEmpty else { break }
                line.append(more)
            }
            port = try #require(Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)), "the SMTP server did not start")
        }

        deinit {
            // SIGKILL: a signal the runner's blocked mask cannot hold back.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }

        /// The messages it accepted, in order: their files.
        var messages: [URL] {
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
            return files.filter { $0.pathExtension == "eml" }.sorted { Int($0.deletingPathExtension().lastPathComponent) ?? 0 < Int($1.deletingPathExtension().lastPathComponent) ?? 0 }
        }

        /// The envelope of message `number` (from 1).
        func envelope(_ number: Int) throws -> CanonicalJSON {
            try CanonicalJSON.parse(try String(contentsOf: folder.appendingPathComponent("\(number).json"), encoding: .utf8))
        }
    }
}
