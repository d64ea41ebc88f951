import Foundation
import OpenDentalAPI

/// Who might be the same person as a new patient: among those with the last name, the ones
/// with the same birthdate, or whose first name starts the same way (either way round,
/// ignoring case and accents).
public enum PatientMatch {
    public static func alike(_ rows: [PatientSelectRow], fName: String, birthdate: LocalDate?) -> [PatientSelectRow] {
        func fold(_ s: String) -> String { s.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).trimmingCharacters(in: .whitespaces) }
        let first = fold(fName)
        return rows.filter { r in
            if let b = birthdate, r.birthdate == b { return true }
            let other = fold(r.fName)
            return !first.isEmpty && !other.isEmpty && (other.hasPrefix(first) || first.hasPrefix(other))
        }
    }
}
