import Hummingbird
import NIOCore

/// Per-request state: the client address and, once ``StudyMiddleware`` ran, the participant of the session.
public struct StudyContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var peerAddress: String?
    public var participant: ParticipantRecord?
    /// The session's CSRF token and the SHA-256 of its cookie token.
    public var csrf: String?
    public var sessionHash: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Answers are small JSON bodies.
    public var maxUploadSize: Int { 64 * 1024 }
}
