import Foundation
import OpenDentalAPI
import TerminalUI

/// What bytes from the network may never do, as checks a fuzzer and a seeded mutation test share.
/// Decoding may throw; it may never trap. The escape filter's output may never hold ESC, a C0 or
/// C1 control or a bidi control, and what the grid draws is exactly as wide as the text.
public enum FuzzChecks {
    /// Decodes `data` as a page of every resource, and as every single record, through the
    /// client's own path (UTF-8 repair, then row-by-row decoding).
    public static func decoders(_ data: Data) {
        func page<Row>(_ p: PagedRequest<Row>) { _ = try? OpenDentalClient.decode(p.request(limit: 100, offset: 0), data) }
        page(Endpoints.appointments())
        page(Endpoints.patientsSimple())
        page(Endpoints.searchPatients(PatientSearch()))
        page(Endpoints.procedures(ProcedureFilter(patNum: 1)))
        page(Endpoints.commlogs(patNum: 1))
        page(Endpoints.definitions(category: 2))
        page(Endpoints.providers())
        page(Endpoints.operatories())
        page(Endpoints.clinics())
        page(Endpoints.schedules())
        page(Endpoints.appointmentTypes())
        page(Endpoints.recallList())
        _ = try? OpenDentalClient.decode(Endpoints.appointment(1), data)
        _ = try? OpenDentalClient.decode(Endpoints.patient(1), data)
        _ = try? OpenDentalClient.decode(Endpoints.procedure(1), data)
        _ = try? OpenDentalClient.decode(Endpoints.securityPerms(), data)
        _ = try? OpenDentalClient.decode(Endpoints.patientNote(1), data)
        _ = try? OpenDentalClient.decode(Endpoints.popups(patNum: 1), data)
        _ = try? OpenDentalClient.decode(Endpoints.createCommlog(NewCommlog(patNum: 1, note: "", commTypeName: "Misc", mode: .phone, sentOrReceived: .sent)), data)
        _ = OpenDentalError.message(fromBody: data)
    }

    /// nil when `text` passes the filter's promises, else what went wrong.
    public static func filter(_ text: String) -> String? {
        let cleaned = SafeText.clean(text)
        for u in cleaned.unicodeScalars {
            let v = u.value
            if v < 0x20 || (0x7F...0x9F).contains(v) { return "control U+\(String(v, radix: 16)) survived" }
            if SafeText.isBidiControl(u) || SafeText.isInvisibleFormat(u) { return "format U+\(String(v, radix: 16)) survived" }
        }
        var grid = Grid(width: 400, height: 1)
        let used = grid.put(0, 0, cleaned, maxWidth: 400)
        let width = TextWidth.width(cleaned)
        // The cells' own widths add up to the columns used (a wide character's right half is "").
        var cells = 0
        for x in 0..<min(used, grid.width) {
            let t = grid[x, 0].text
            if let c = t.first { cells += TextWidth.width(c) }
        }
        if width <= 400 && used != width { return "drawn \(used) columns for a text \(width) wide" }
        if cells != used { return "\(used) columns used but the cells add up to \(cells)" }
        return nil
    }
}
