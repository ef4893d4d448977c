/// Why the rating app could not start or store something; each case names what was expected.
public enum StudyServerError: Error, CustomStringConvertible, Equatable {
    /// The database refused, belongs to another study, or returned something unexpected.
    case store(String)

    public var description: String {
        switch self {
        case .store(let message): "study database: \(message)"
        }
    }
}
