import Foundation
import NIOCore
import NIOSSL
import SojournCore

/// What one delivery says to a relay, decided before the connection opens.
struct SMTPConversation: Sendable {
    var heloName: String
    var sender: String
    var recipients: [String]
    /// The message with CRLF line ends, not yet dot-stuffed.
    var data: String
    var startTLS: Bool
    var credentials: (user: String, password: String)?
}

/// One reply of the relay: its code and text lines.
struct SMTPReply {
    var code: Int
    var lines: [String]
    var text: String { lines.joined(separator: " ") }
}

/// Runs one SMTP conversation on the channel's event loop, as a state machine fed by
/// the relay's replies, and completes `done` when the message was accepted or refused.
final class SMTPSessionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum State {
        case greeting, hello, startTLS, authPlain, authLogin(step: Int), mailFrom, recipient(Int), data, dataSent, finished
    }

    private let conversation: SMTPConversation
    private let tls: NIOSSLContext?
    private let serverName: String?
    private let timeout: TimeAmount
    private let done: EventLoopPromise<Void>
    private var state = State.greeting
    private var secured = false
    private var extensions: [String] = []
    private var pending: [String] = []
    private var pendingCode: Int?
    private var timer: Scheduled<Void>?

    init(conversation: SMTPConversation, tls: NIOSSLContext?, serverName: String?, timeout: TimeAmount, done: EventLoopPromise<Void>) {
        self.conversation = conversation
        self.tls = tls
        self.serverName = serverName
        self.timeout = timeout
        self.done = done
    }

    func channelActive(context: ChannelHandlerContext) {
        armTimer(context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let line = (buffer.readString(length: buffer.readableBytes) ?? "").trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        // `250-…` goes on, `250 …` (or `250`) ends a reply.
        guard line.count >= 3, let code = Int(line.prefix(3)) else {
            finish(context: context, DeliveryFailure(permanent: false, "the relay said something that is not SMTP: \(line.prefix(80))"))
            return
        }
        pending.append(String(line.dropFirst(4)))
        pendingCode = code
        if line.count > 3, line[line.index(line.startIndex, offsetBy: 3)] == "-" { return }
        let reply = SMTPReply(code: code, lines: pending)
        pending = []
        armTimer(context: context)
        handle(reply, context: context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context: context, DeliveryFailure(permanent: false, "the relay closed the connection before accepting the message"))
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        let said = error is NIOSSLError || String(describing: error).contains("CERTIFICATE_VERIFY_FAILED")
            ? "TLS failed: the relay's certificate is not trusted, or does not name \(serverName ?? "the address given") (give the relay's CA with --smtp-ca FILE)"
            : "the connection to the relay failed: \(error)"
        finish(context: context, DeliveryFailure(permanent: false, said))
        context.close(promise: nil)
    }

    private func handle(_ reply: SMTPReply, context: ChannelHandlerContext) {
        switch state {
        case .greeting:
            guard expect(220, reply, "greeting", context) else { return }
            send("EHLO \(conversation.heloName)", next: .hello, context)
        case .hello:
            guard expect(250, reply, "EHLO", context) else { return }
            extensions = reply.lines.dropFirst().map { $0.uppercased() }
            if conversation.startTLS, !secured {
                guard extensions.contains(where: { $0 == "STARTTLS" }) else {
                    return finish(context: context, DeliveryFailure(permanent: true, "the relay does not offer STARTTLS"))
                }
                return send("STARTTLS", next: .startTLS, context)
            }
            if let credentials = conversation.credentials {
                let mechanisms = extensions.first { $0.hasPrefix("AUTH ") || $0.hasPrefix("AUTH=") }?.dropFirst(5).split(separator: " ") ?? []
                if mechanisms.contains("PLAIN") {
                    let token = Data("\u{0}\(credentials.user)\u{0}\(credentials.password)".utf8).base64EncodedString()
                    return send("AUTH PLAIN \(token)", next: .authPlain, context, shown: "AUTH PLAIN …")
                }
                if mechanisms.contains("LOGIN") { return send("AUTH LOGIN", next: .authLogin(step: 0), context) }
                return finish(context: context, DeliveryFailure(permanent: true, "the relay offers no password login sojourn knows (PLAIN, LOGIN)"))
            }
            mailFrom(context)
        case .startTLS:
            guard expect(220, reply, "STARTTLS", context), let tls else { return }
            do {
                let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverName)
                try context.pipeline.syncOperations.addHandler(handler, position: .first)
            } catch {
                return finish(context: context, DeliveryFailure(permanent: true, "cannot start TLS: \(error)"))
            }
            secured = true
            send("EHLO \(conversation.heloName)", next: .hello, context)
        case .authPlain:
            guard expect(235, reply, "AUTH", context) else { return }
            mailFrom(context)
        case .authLogin(let step):
            guard let credentials = conversation.credentials else { return }
            if step < 2 {
                guard expect(334, reply, "AUTH LOGIN", context) else { return }
                let value = step == 0 ? credentials.user : credentials.password
                send(Data(value.utf8).base64EncodedString(), next: .authLogin(step: step + 1), context, shown: "…")
            } else {
                guard expect(235, reply, "AUTH", context) else { return }
                mailFrom(context)
            }
        case .mailFrom:
            guard expect(250, reply, "MAIL FROM", context) else { return }
            send("RCPT TO:<\(conversation.recipients[0])>", next: .recipient(0), context)
        case .recipient(let index):
            guard reply.code == 250 || reply.code == 251 else {
                return refuse(reply, "RCPT TO:<\(conversation.recipients[index])>", context)
            }
            if index + 1 < conversation.recipients.count {
                send("RCPT TO:<\(conversation.recipients[index + 1])>", next: .recipient(index + 1), context)
            } else {
                send("DATA", next: .data, context)
            }
        case .data:
            guard expect(354, reply, "DATA", context) else { return }
            // Dot-stuffing (RFC 5321 §4.5.2): a line that starts with "." gets another.
            var text = conversation.data.split(separator: "\r\n", omittingEmptySubsequences: false)
                .map { $0.hasPrefix(".") ? "." + $0 : String($0) }.joined(separator: "\r\n")
            if !text.hasSuffix("\r\n") { text += "\r\n" }
            state = .dataSent
            write(text + ".\r\n", context)
        case .dataSent:
            guard expect(250, reply, "the message", context) else { return }
            write("QUIT\r\n", context)
            finish(context: context, nil)
        case .finished:
            break
        }
    }

    private func mailFrom(_ context: ChannelHandlerContext) {
        send("MAIL FROM:<\(conversation.sender)>", next: .mailFrom, context)
    }

    /// Whether the reply is `code`; otherwise the delivery ends, refused.
    private func expect(_ code: Int, _ reply: SMTPReply, _ what: String, _ context: ChannelHandlerContext) -> Bool {
        guard reply.code != code else { return true }
        refuse(reply, what, context)
        return false
    }

    private func refuse(_ reply: SMTPReply, _ what: String, _ context: ChannelHandlerContext) {
        // 5xx: refused for good; anything else (4xx, or nonsense): for now.
        let said = "\(reply.code) \(reply.text)".prefix(200)
        write("QUIT\r\n", context)
        finish(context: context, DeliveryFailure(permanent: (500...599).contains(reply.code), "the relay refused \(what): \(said)"))
    }

    private func send(_ command: String, next: State, _ context: ChannelHandlerContext, shown: String? = nil) {
        state = next
        write(command + "\r\n", context)
    }

    private func write(_ text: String, _ context: ChannelHandlerContext) {
        let buffer = context.channel.allocator.buffer(string: text)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private func armTimer(context: ChannelHandlerContext) {
        timer?.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let seconds = timeout.nanoseconds / 1_000_000_000
        timer = context.eventLoop.scheduleTask(in: timeout) {
            let (handler, context) = loopBound.value
            handler.finish(context: context, DeliveryFailure(permanent: false, "the relay did not answer within \(seconds) seconds"))
            context.close(promise: nil)
        }
    }

    /// Whether the conversation has reached the message (its recipients and after): a
    /// failure before it (the connection, TLS, the login, the sender) is the setup's.
    private var atMessage: Bool {
        switch state {
        case .recipient, .data, .dataSent: return true
        default: return false
        }
    }

    private func finish(context: ChannelHandlerContext, _ failure: DeliveryFailure?) {
        if case .finished = state { return }
        var failure = failure
        if !atMessage { failure?.beforeMessage = true }
        state = .finished
        timer?.cancel()
        if let failure { done.fail(failure) } else { done.succeed(()) }
        context.close(promise: nil)
    }
}

/// Splits what the relay sends into lines (without their CRLF); a line longer than
/// SMTP allows (RFC 5321 §4.5.3.1.5: 512 octets) ends the conversation.
struct SMTPLineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    static let lineLimit = 4096

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.lineLimit { throw DeliveryFailure(permanent: false, "the relay sent a line longer than \(Self.lineLimit) bytes") }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        guard let line = buffer.readSlice(length: length) else { return .needMoreData }
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}
