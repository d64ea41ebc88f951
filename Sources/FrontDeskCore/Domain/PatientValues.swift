import Foundation
import OpenDentalAPI

/// A patient's editable fields as text by the API's names, to compare what a form showed with
/// what the office holds now, and what was sent with what was saved.
public enum PatientValues {
    static let editable = ["LName", "FName", "Birthdate", "Gender", "WirelessPhone", "HmPhone", "WkPhone", "Email", "Address",
                           "Address2", "City", "State", "Zip", "PreferConfirmMethod", "PreferContactMethod", "TxtMsgOk"]

    /// The patient's values.
    public static func values(_ p: Patient) -> [String: String] {
        [
            "LName": p.lName, "FName": p.fName, "Birthdate": p.birthdate?.description ?? "", "Gender": p.gender.rawValue,
            "WirelessPhone": p.wirelessPhone, "HmPhone": p.hmPhone, "WkPhone": p.wkPhone, "Email": p.email,
            "Address": p.address, "Address2": p.address2, "City": p.city, "State": p.state, "Zip": p.zip,
            "PreferConfirmMethod": (p.preferConfirmMethod ?? .none).rawValue, "PreferContactMethod": (p.preferContactMethod ?? .none).rawValue,
            "TxtMsgOk": p.txtMsgOk.rawValue,
        ]
    }

    /// The value a field set sends for `key`, as text; nil when it does not send it.
    public static func value(_ key: String, in f: PatientFields) -> String? {
        switch key {
        case "LName": return f.lName
        case "FName": return f.fName
        case "Birthdate": return f.birthdate?.description
        case "Gender": return f.gender?.rawValue
        case "WirelessPhone": return f.wirelessPhone
        case "HmPhone": return f.hmPhone
        case "WkPhone": return f.wkPhone
        case "Email": return f.email
        case "Address": return f.address
        case "Address2": return f.address2
        case "City": return f.city
        case "State": return f.state
        case "Zip": return f.zip
        case "PreferConfirmMethod": return f.preferConfirmMethod?.rawValue
        case "PreferContactMethod": return f.preferContactMethod?.rawValue
        case "TxtMsgOk": return f.txtMsgOk?.rawValue
        default: return nil
        }
    }

    /// The fields a set sends.
    public static func keys(of f: PatientFields) -> [String] { editable.filter { value($0, in: f) != nil } }
}
