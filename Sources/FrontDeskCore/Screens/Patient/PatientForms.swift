import Foundation
import OpenDentalAPI
import TerminalUI

/// New patient (`N` on the Patients screen) and edit contact (`e` on the Patient screen): forms
/// checked the way the API checks (names, birthdate, phone, zip, state), a search for the same
/// person before a new one is created, and an edit that sends only the fields changed.
enum PatientForms {
    static let confirmChoices = ContactMethod.known.map(\.rawValue)
    static let yesNo = YesNoUnknown.known.map(\.rawValue)

    static func field(_ key: String, _ label: String, _ text: String = "", choices: [String] = [], required: Bool = false, max: Int = 100) -> Form.Field {
        Form.Field(key: key, label: label, text: text, original: text, choices: choices, required: required, maxLength: max)
    }

    static let newPatientReply = Reply<Form>("new patient") { .newPatientEntered($0) }

    static func newPatient() -> Form {
        Form(title: "New patient", fields: [
            field("LName", "Last name", required: true), field("FName", "First name", required: true),
            field("Birthdate", "Birthdate (m/d/yyyy)", max: 10),
            field("Gender", "Gender", "Unknown", choices: ["Unknown", "Female", "Male"]),
            field("WirelessPhone", "Mobile phone", max: 30), field("HmPhone", "Home phone", max: 30),
            field("Email", "Email"), field("Address", "Address"), field("City", "City"),
            field("State", "State", max: 2), field("Zip", "Zip", max: 10),
            field("PreferConfirmMethod", "Confirm by", "None", choices: confirmChoices),
            field("TxtMsgOk", "Texts OK", "Unknown", choices: yesNo),
        ], reply: newPatientReply)
    }

    static func editContact(_ p: Patient) -> Form {
        Form(title: "Contact details · #\(p.patNum)", fields: [
            field("WirelessPhone", "Mobile phone", p.wirelessPhone, max: 30), field("HmPhone", "Home phone", p.hmPhone, max: 30),
            field("WkPhone", "Work phone", p.wkPhone, max: 30), field("Email", "Email", p.email),
            field("Address", "Address", p.address), field("Address2", "Address 2", p.address2), field("City", "City", p.city),
            field("State", "State", p.state, max: 2), field("Zip", "Zip", p.zip, max: 10),
            field("PreferConfirmMethod", "Confirm by", (p.preferConfirmMethod ?? .none).rawValue, choices: confirmChoices),
            field("PreferContactMethod", "Contact by", (p.preferContactMethod ?? .none).rawValue, choices: confirmChoices),
            field("TxtMsgOk", "Texts OK", p.txtMsgOk.rawValue, choices: yesNo),
        ], reply: Reply("contact \(p.patNum)") { [patNum = p.patNum] in .contactEntered(patNum: patNum, $0) })
    }

    /// A mistake in the form, in the API's terms: the field's index and what is wrong.
    static func mistake(_ f: Form, today: LocalDate) -> (Int, String)? {
        for (i, field) in f.fields.enumerated() {
            let v = field.text.trimmingCharacters(in: .whitespaces)
            if field.required, v.isEmpty { return (i, "\(field.label) is required") }
            guard !v.isEmpty else { continue }
            switch field.key {
            case "Birthdate":
                guard let d = parseBirthdate(v) else { return (i, "Birthdate: type it as m/d/yyyy or yyyy-mm-dd") }
                if d > today { return (i, "Birthdate is in the future") }
            case "WirelessPhone", "HmPhone", "WkPhone":
                let digits = v.filter(\.isNumber)
                guard v.allSatisfy({ $0.isNumber || "()-. +x".contains($0) }), (7...15).contains(digits.count) else {
                    return (i, "\(field.label): 7 to 15 digits, such as (503)555-0101")
                }
            case "Email":
                let parts = v.split(separator: "@")
                guard parts.count == 2, parts[1].contains("."), !v.contains(" ") else { return (i, "Email: such as name@example.com") }
            case "State":
                guard v.count == 2, v.allSatisfy({ $0.isASCII && $0.isLetter }) else { return (i, "State: two letters, such as OR") }
            case "Zip":
                guard v.range(of: #"^(\d{5}(-\d{4})?|\d{9}|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)$"#, options: .regularExpression) != nil else {
                    return (i, "Zip: 12345, 12345-6789 or A1A 1A1")
                }
            default: break
            }
        }
        return nil
    }

    /// The form as the API's fields: all of them for a new patient, only what changed for an edit
    /// (an emptied field is sent empty, which clears it).
    static func fields(_ f: Form, onlyChanged: Bool) -> PatientFields {
        var p = PatientFields()
        func text(_ key: String) -> String? {
            guard !onlyChanged || f.changed(key) else { return nil }
            let v = f.value(key)
            return onlyChanged || !v.isEmpty ? v : nil
        }
        p.lName = text("LName")
        p.fName = text("FName")
        p.birthdate = text("Birthdate").flatMap(parseBirthdate)
        p.gender = text("Gender").map { PatientGender(rawValue: $0) }
        p.wirelessPhone = text("WirelessPhone")
        p.hmPhone = text("HmPhone")
        p.wkPhone = text("WkPhone")
        p.email = text("Email")
        p.address = text("Address")
        p.address2 = text("Address2")
        p.city = text("City")
        p.state = text("State")?.uppercased()
        p.zip = text("Zip")?.uppercased()
        p.preferConfirmMethod = text("PreferConfirmMethod").map { ContactMethod(rawValue: $0) }
        p.preferContactMethod = text("PreferContactMethod").map { ContactMethod(rawValue: $0) }
        p.txtMsgOk = text("TxtMsgOk").map { YesNoUnknown(rawValue: $0) }
        return p
    }

    /// The values the form showed when it opened, for the fields that changed (what the office
    /// must still hold for the edit to go).
    static func shown(_ f: Form) -> [String: String] {
        Dictionary(uniqueKeysWithValues: f.fields.filter { f.changed($0.key) }.map { ($0.key, $0.original) })
    }

    /// Enter on a form: false (and the mistake said on it, its field marked) when it is not valid.
    static func valid(_ s: inout AppState, _ form: Form) -> Bool {
        var f = form
        if let (i, why) = mistake(f, today: s.now.date) {
            f.focus = i
            f.error = why
            s.form = f
            return false
        }
        f.error = nil
        s.form = f
        return true
    }

    /// The new patient's form entered: the office is searched for the same person first.
    static func submitNew(_ s: inout AppState, _ f: Form) -> [Effect] {
        guard valid(&s, f) else { return [] }
        say(&s, "Looking for this patient first…")
        return [.findDuplicates(lName: f.value("LName"), fName: f.value("FName"), birthdate: parseBirthdate(f.value("Birthdate")))]
    }

    /// The contact form entered: only what changed is sent.
    static func submitContact(_ s: inout AppState, patNum: Int, _ f: Form) -> [Effect] {
        guard valid(&s, f) else { return [] }
        let changes = fields(f, onlyChanged: true)
        s.form = nil
        if changes == PatientFields() {
            say(&s, "Nothing changed")
            return []
        }
        return start(&s, .updatePatient(patNum: patNum, changes, shown: shown(f)))
    }

    /// The search before a new patient: nobody alike, it is created; else the user chooses.
    static func duplicates(_ s: inout AppState, _ rows: [PatientSelectRow]) -> [Effect] {
        guard let f = s.form, f.reply == newPatientReply else { return [] }
        if rows.isEmpty { return create(&s, knownMatches: []) }
        var entries = rows.prefix(20).map { r -> (label: String, value: Int) in
            let phone = [r.wirelessPhone, r.hmPhone, r.wkPhone].first { !$0.isEmpty } ?? ""
            let name = s.masked ? Privacy.initials(personName(r.lName, r.fName)) : personName(r.lName, r.fName)
            return ("\(name) · \(Privacy.detail(r.birthdate?.description ?? "no birthdate", s)) · \(Privacy.detail(phone, s)) · #\(r.patNum)", r.patNum)
        }
        entries.append(("None of these: create the new patient", 0))
        s.picker = Picker(title: "Already a patient? \(rows.count) alike", entries, current: nil, preselect: rows.first?.patNum,
                          reply: Reply("duplicate of \(rows.map(\.patNum))") { [known = rows.map(\.patNum)] in
                              .duplicateChosen(patNum: $0, knownMatches: known)
                          })
        say(&s, "Choose the patient, or create a new one")
        return []
    }

    static func chosen(_ s: inout AppState, patNum: Int, knownMatches: [Int]) -> [Effect] {
        guard patNum != 0 else { return create(&s, knownMatches: knownMatches) }
        s.form = nil
        say(&s, "Opened the existing patient; nothing was created")
        return PatientScreen.open(&s, patNum)
    }

    static func create(_ s: inout AppState, knownMatches: [Int]) -> [Effect] {
        guard let f = s.form else { return [] }
        s.form = nil
        return start(&s, .createPatient(fields(f, onlyChanged: false), knownMatches: knownMatches))
    }

    /// The office answered with the new patient: it opens.
    static func created(_ s: inout AppState, _ p: Patient) -> [Effect] {
        markOnline(&s)
        s.patientNames[p.patNum] = personName(p.lName, p.fName)
        say(&s, "Saved: new patient #\(p.patNum)")
        return PatientScreen.open(&s, p.patNum)
    }

    static let maskedRefusal = "Press P to show details before editing them"

    static let newPatientBinding = Binding([.char("N")], .newPatient, "new patient (checks for the same person first)", hint: true, short: "new",
                                           writes: true, refusal: { s in s.writeRefusal ?? (s.masked ? maskedRefusal : nil) }) { s in
        s.form = newPatient()
        return []
    }

    static let editBinding = Binding([.char("e")], .editContact, "edit contact details (phones, email, address, preferences)", writes: true,
                                     refusal: { s in
                                         if let why = s.writeRefusal { return why }
                                         if s.masked { return maskedRefusal }
                                         return s.patient.detail == nil ? PatientScreen.stillLoading : nil
                                     }) { s in
        s.form = editContact(s.patient.detail!.patient)
        return []
    }
}
