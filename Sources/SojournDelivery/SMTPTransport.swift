import Foundation
import NIOCore
import NIOPosix
import NIOSSL
public import SojournCore

/// Hands messages to an SMTP relay (RFC 5321): `EHLO`, `STARTTLS` (RFC 3207) when asked
/// for, `AUTH PLAIN` or `LOGIN` (RFC 4954) when credentials are given, then one
/// `MAIL FROM`, a `RCPT TO` per recipient and `DATA`. A message counts as accepted only
/// when the relay answers its data with 250.
public struct SMTPTransport: MailTransport {
    public var host: String
    public var port: Int
    /// Whether to require `STARTTLS` before anything else is said.
    public var startTLS: Bool
    /// A user name and password for `AUTH`; sent only over TLS.
    public var credentials: Credentials?
    /// A PEM file of certificates to trust instead of the system's (a relay with a
    /// certificate of its own).
    public var trustRoots: String?
    /// The name sojourn greets the relay with.
    public var heloName: String
    /// How many seconds the relay may take to answer, each time.
    public var timeoutSeconds: Int

    public struct Credentials: Sendable {
        public var user: String
        public var password: String
        public init(user: String, password: String) {
            self.user = user
            self.password = password
        }
    }

    public init(host: String, port: Int, startTLS: Bool = false, credentials: Credentials? = nil, trustRoots: String? = nil,
                heloName: String = "localhost", timeoutSeconds: Int = 60) {
        self.host = host
        self.port = port
        self.startTLS = startTLS
        self.credentials = credentials
        self.trustRoots = trustRoots
        self.heloName = heloName
        self.timeoutSeconds = timeoutSeconds
    }

    /// `HOST:PORT` (`[::1]:25` for an IPv6 address), or `HOST` for port 25.
    public static func address(_ text: String) -> (host: String, port: Int)? {
        var host = text, port = 25
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.first == ":", let number = Int(rest.dropFirst()) else { return nil }
                port = number
            }
        } else if let colon = text.lastIndex(of: ":") {
            host = String(text[..<colon])
            guard let number = Int(text[text.index(after: colon)...]) else { return nil }
            port = number
        }
        guard !host.isEmpty, (1...65_535).contains(port), !host.contains(where: { $0.isWhitespace || $0 == "/" }) else { return nil }
        return (host, port)
    }

    public func deliver(_ message: MailMessage, sender: String, recipients: [String]) throws(DeliveryFailure) {
        if credentials != nil, !startTLS {
            throw DeliveryFailure(permanent: true, "a password is sent only over TLS: add --starttls", beforeMessage: true)
        }
        let tls: NIOSSLContext?
        do {
            var configuration = TLSConfiguration.makeClientConfiguration()
            if let trustRoots { configuration.trustRoots = .file(trustRoots) }
            tls = startTLS ? try NIOSSLContext(configuration: configuration) : nil
        } catch {
            throw DeliveryFailure(permanent: true, "cannot set up TLS\(trustRoots.map { " with the certificates in \($0)" } ?? ""): is it a PEM file of certificates?", beforeMessage: true)
        }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let conversation = SMTPConversation(
            heloName: heloName, sender: sender, recipients: recipients, data: message.rendered,
            startTLS: startTLS, credentials: credentials.map { ($0.user, $0.password) })
        let promise = group.next().makePromise(of: Void.self)
        let serverName = host.contains(":") || host.allSatisfy({ $0.isNumber || $0 == "." }) ? nil : host
        let timeout = TimeAmount.seconds(Int64(timeoutSeconds))
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPLineDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPSessionHandler(
                        conversation: conversation, tls: tls, serverName: serverName, timeout: timeout, done: promise))
                }
            }
        do {
            let channel = try bootstrap.connect(host: host, port: port).wait()
            defer { _ = try? channel.close().wait() }
            try promise.futureResult.wait()
        } catch let failure as DeliveryFailure {
            throw failure
        } catch {
            promise.fail(error)
            let text = String(describing: error)
            let why = text.contains("refused") ? "connection refused (is the relay running, on that port?)"
                : text.contains("timed out") || text.contains("Timeout") ? "no answer within \(timeoutSeconds) seconds"
                : text.contains("resolve") || text.contains("NXDOMAIN") || text.contains("unknown host") ? "the name does not resolve" : text
            throw DeliveryFailure(permanent: false, "cannot reach \(host):\(port): \(why)", beforeMessage: true)
        }
    }
}
