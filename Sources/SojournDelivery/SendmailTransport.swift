import Foundation
public import SojournCore

/// Hands messages to the system's mail transfer agent through the `sendmail` interface,
/// as cron and git do: the message on standard input, the exit status the answer.
public struct SendmailTransport: MailTransport {
    /// The program and its arguments: `/usr/sbin/sendmail -t -i` by default (`-t`: the
    /// recipients are the message's `To`; `-i`: a line of one `.` does not end it).
    public var command: [String]
    /// How long the agent may take before the attempt counts as failed for now.
    public var timeout: Double

    public static let defaultCommand = "/usr/sbin/sendmail -t -i"

    /// - Parameter commandLine: the program and its arguments, separated by spaces.
    public init(commandLine: String = defaultCommand, timeout: Double = 60) {
        command = commandLine.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        self.timeout = timeout
    }

    public func deliver(_ message: MailMessage, sender: String, recipients: [String]) throws(DeliveryFailure) {
        guard let program = command.first else { throw DeliveryFailure(permanent: true, "--sendmail names no program", beforeMessage: true) }
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw DeliveryFailure(permanent: true, "cannot run \(program): there is no such program; install a mail agent (Postfix, exim, msmtp's sendmail) or give --sendmail COMMAND or --smtp HOST:PORT", beforeMessage: true)
        }
        var arguments = Array(command.dropFirst())
        // Without -t the agent takes the recipients as arguments, after the options.
        if !arguments.contains("-t") { arguments += ["--"] + recipients }
        // A local agent wants the local line end.
        let text = message.rendered.replacingOccurrences(of: "\r\n", with: "\n")
        let status: Int32, errors: String
        do {
            (status, errors) = try ChildRun.run(program, arguments, input: Data(text.utf8), timeout: timeout)
        } catch let timeout as ChildRun.TimedOut {
            throw DeliveryFailure(permanent: false, "\(program): \(timeout)")
        } catch {
            throw DeliveryFailure(permanent: false, "cannot run \(program): \((error as NSError).localizedDescription)", beforeMessage: true)
        }
        guard status != 0 else { return }
        let said = errors.split(whereSeparator: \.isNewline).first.map { ": " + String($0.prefix(200)) } ?? ""
        throw DeliveryFailure(permanent: Self.isPermanent(status), "\(program) exited with status \(status)\(said)")
    }

    /// Exit statuses of `sysexits.h` that trying again will not change: a usage error
    /// (64), bad data (65), an unknown user (67) or host (68), a configuration error (78).
    static func isPermanent(_ status: Int32) -> Bool {
        [64, 65, 67, 68, 78].contains(status)
    }
}

/// Runs a program with input, waiting at most `timeout`.
enum ChildRun {
    struct TimedOut: Error, CustomStringConvertible {
        var seconds: TimeInterval
        var description: String { "it did not finish within \(Int(seconds)) seconds and was stopped" }
    }

    static func run(_ program: String, _ arguments: [String], input: Data, timeout: TimeInterval) throws -> (status: Int32, errors: String) {
        // A program that exits before reading everything must not kill sojourn with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let stdin = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Errors are read while the program runs, so that it never blocks on a full pipe.
        let collected = ErrorCollector()
        stderr.fileHandleForReading.readabilityHandler = { handle in collected.append(handle.availableData) }
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw TimedOut(seconds: timeout)
            }
            usleep(2_000)
        }
        stderr.fileHandleForReading.readabilityHandler = nil
        collected.append(stderr.fileHandleForReading.readDataToEndOfFile())
        return (process.terminationStatus, collected.text)
    }

    private final class ErrorCollector: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func append(_ more: Data) {
            lock.lock()
            data.append(more)
            lock.unlock()
        }
        var text: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: data, as: UTF8.self)
        }
    }
}
