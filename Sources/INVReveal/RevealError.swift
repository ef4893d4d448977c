/// Why a Deep Reveal command or request failed; each case names what was expected.
public enum RevealError: Error, CustomStringConvertible, Equatable {
    /// A bad `reveal.json` value or command-line option.
    case config(String)
    /// A results directory that cannot be imported (no `anv.json`, no kept cluster maps, …).
    case importFailed(path: String, message: String)
    /// The database refused or returned something unexpected.
    case store(String)
    /// The mail relay could not be reached or refused a mail.
    case mail(String)

    public var description: String {
        switch self {
        case .config(let message): "reveal config: \(message)"
        case .importFailed(let path, let message): "\(path): \(message)"
        case .store(let message): "game database: \(message)"
        case .mail(let message): "mail delivery: \(message)"
        }
    }
}
