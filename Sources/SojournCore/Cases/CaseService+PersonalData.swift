import SojournKit

extension CaseService {
    /// Everything held about the person with this e-mail address (`sojourn person export`).
    public func personalData(email: String) throws -> PersonalData {
        guard PersonText.email(email) != nil, TextSafety.lineProblem(email, limit: TextSafety.nameLimit) == nil else {
            throw ServiceError("'\(email)' is not an e-mail address; a person is exported by their address")
        }
        let address = PersonText.email(email) ?? email
        return try store.read { try $0.personalData(email: address) }
    }
}
