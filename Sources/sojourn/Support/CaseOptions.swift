import ArgumentParser
import Foundation
import SojournCore
import SojournKit
import SojournSQLite

/// Where the case database is: `--db`, else `$SOJOURN_DB`, else `sojourn.db` here.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp("The case database (default: $SOJOURN_DB, else sojourn.db in this folder).", valueName: "path"))
    var path: String?

    var resolvedPath: String {
        path ?? ProcessInfo.processInfo.environment["SOJOURN_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "sojourn.db"
    }

    /// The case service over the database, created if needed.
    func service() throws -> CaseService {
        CaseService(store: try store(), plugins: Plugins.registry, clock: Clock.fromEnvironment, access: .checked)
    }

    /// The case service over the database, which must exist: for commands that only
    /// read (a mistyped path is an error, not a new empty database).
    func existingService() throws -> CaseService {
        guard FileManager.default.fileExists(atPath: resolvedPath) else {
            throw ServiceError("there is no case database at \(resolvedPath); give --db PATH or set SOJOURN_DB")
        }
        return try service()
    }

    /// The database, created if needed.
    func store() throws -> SQLiteCaseStore {
        do {
            return try SQLiteCaseStore(path: resolvedPath)
        } catch {
            Output.printError("\(Paint.standardError.red("error:")) cannot open the case database \(resolvedPath): \(error)")
            throw ExitStatus.inputErrors
        }
    }
}

/// Who is acting: `--by`, else `$SOJOURN_ACTOR`, else the operating-system user.
struct ActorOptions: ParsableArguments {
    @Option(name: .customLong("by"), help: ArgumentHelp("Who is acting, as 'Name <email>' (default: $SOJOURN_ACTOR, else your user name).", valueName: "person"))
    var actor: String?

    var resolved: String {
        if let actor, !actor.isEmpty { return actor }
        let environment = ProcessInfo.processInfo.environment
        if let actor = environment["SOJOURN_ACTOR"], !actor.isEmpty { return actor }
        return environment["USER"] ?? environment["LOGNAME"] ?? NSUserName()
    }
}

/// `--as-of DATE`.
struct AsOfOption: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date to act on, YYYY-MM-DD (default: today).", valueName: "date"))
    var text: String?

    func validate() throws {
        if let text, CalendarDate(text) == nil {
            throw ValidationError("--as-of takes a date as YYYY-MM-DD, not '\(text)'")
        }
    }

    var date: CalendarDate? { text.flatMap { CalendarDate($0) } }
}

extension Clock {
    /// The live clock, unless `$SOJOURN_TODAY` fixes today's date (for demos and
    /// reproducible scripts).
    static var fromEnvironment: Clock {
        if let text = ProcessInfo.processInfo.environment["SOJOURN_TODAY"], let date = CalendarDate(text) {
            return Clock(today: { date }, now: Clock.live.now)
        }
        return .live
    }
}

/// Printing a service error: its message, then any positioned diagnostics.
enum Failure {
    static func report(_ error: any Error) -> ExitCode {
        let paint = Paint.standardError
        switch error {
        case let error as ServiceError:
            // A headline that only repeats the first positioned problem is left out: each
            // problem is printed once, at its place.
            if error.diagnostics.count != 1 || !error.message.hasSuffix(error.diagnostics[0].message) {
                Output.printError("\(paint.red("error:")) \(error.message)")
            }
            if !error.diagnostics.isEmpty {
                let sources = Dictionary(error.sources.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
                Output.printError(DiagnosticRenderer(sources: sources, style: paint.diagnosticStyle).render(error.diagnostics))
            }
        case let error as CaseProblems:
            for message in error.messages { Output.printError("\(paint.red("error:")) \(message)") }
        case let error as ExitCode:
            return error
        default:
            Output.printError("\(paint.red("error:")) \(error)")
        }
        return ExitStatus.inputErrors
    }
}
