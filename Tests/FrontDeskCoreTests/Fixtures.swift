import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import TerminalUI

let fixtureToday = LocalDate(year: 2026, month: 12, day: 1)
let fixtureNow = LocalDateTime(date: fixtureToday, time: LocalTime(hour: 9, minute: 20))

func appt(_ num: Int, pat: Int, time: String, pattern: String = "/XXXX/", status: String = "Scheduled", confirmed: Int = 19,
          confirmedName: String = "Not Called", op: Int = 1, prov: String = "DOC1", procs: String = "PerEx, Pro, 4BW",
          note: String = "", arrived: String = "0001-01-01 00:00:00", seated: String = "0001-01-01 00:00:00") -> Appointment {
    let json = """
    {"AptNum":\(num),"PatNum":\(pat),"AptStatus":"\(status)","Pattern":"\(pattern)","Confirmed":\(confirmed),"confirmed":"\(confirmedName)",
     "Op":\(op),"Note":\(jsonString(note)),"ProvNum":1,"provAbbr":"\(prov)","AptDateTime":"2026-12-01 \(time):00","ProcDescript":"\(procs)",
     "DateTimeArrived":"\(arrived)","DateTimeSeated":"\(seated)","DateTimeDismissed":"0001-01-01 00:00:00"}
    """
    return try! JSONDecoder().decode(Appointment.self, from: Data(json.utf8))
}

func jsonString(_ s: String) -> String {
    String(data: try! JSONSerialization.data(withJSONObject: [s]), encoding: .utf8)!.dropFirst().dropLast().description
}

func def(_ num: Int, _ name: String, order: Int) -> Definition {
    try! JSONDecoder().decode(Definition.self, from: Data(#"{"DefNum":\#(num),"Category":2,"ItemOrder":\#(order),"ItemName":"\#(name)","ItemValue":"","IsHidden":"false"}"#.utf8))
}

func selectRow(_ num: Int, _ last: String, _ first: String, birth: String = "1980-03-14", phone: String = "(503)555-0100", status: String = "Patient") -> PatientSelectRow {
    let json = """
    {"PatNum":\(num),"LName":\(jsonString(last)),"FName":\(jsonString(first)),"PatStatus":"\(status)","Birthdate":"\(birth)","WirelessPhone":"\(phone)","Email":"x\(num)@example.com","ChartNumber":"\(num)","priProvAbbr":"DOC1"}
    """
    return try! JSONDecoder().decode(PatientSelectRow.self, from: Data(json.utf8))
}

/// Names that break naive code: accents, combining marks, CJK, a name longer than its column,
/// and one carrying terminal escape sequences.
let hardNames: [Int: String] = [
    1: "Núñez, José",
    2: "Nguyễn, Thị Minh Khai",
    3: "山田, 太郎",
    4: "Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh, Maximiliana-Josephine",
    5: "Tables\u{1B}[2J\u{1B}[31m, Bobby\u{07}",
    6: "Nguye\u{0302}\u{0303}n, Anh",
]

func fixtureState(width: Int = 80, height: Int = 24) -> AppState {
    var s = AppState(today: fixtureToday, now: fixtureNow)
    s.width = width
    s.height = height
    s.demo = true
    s.connection = .online
    s.clock = 100
    s.confirmDefs = [def(19, "Not Called", order: 0), def(24, "Unconfirmed", order: 1), def(21, "Appointment Confirmed", order: 2),
                     def(20, "Left Msg", order: 3), def(22, "Arrived", order: 4)]
    s.opAbbr = [1: "OP-1", 2: "OP-2", 3: "HYG-1"]
    s.providerAbbr = [1: "DOC1"]
    s.patientNames = hardNames
    s.schedule.appointments = [
        appt(101, pat: 1, time: "08:00", status: "Complete", confirmed: 21, confirmedName: "Appointment Confirmed", procs: "#14-MO-C2"),
        appt(102, pat: 2, time: "08:30", confirmed: 22, confirmedName: "Arrived", op: 3, arrived: "2026-12-01 08:25:00"),
        appt(103, pat: 3, time: "09:00", confirmed: 21, confirmedName: "Appointment Confirmed", op: 2, note: "Prefers mornings"),
        appt(104, pat: 4, time: "09:30", confirmed: 20, confirmedName: "Left Msg", op: 1, procs: "#3-BU, #3-PFC"),
        appt(105, pat: 5, time: "10:00", op: 3, note: "Call first\u{1B}]0;pwned\u{07}"),
        appt(106, pat: 6, time: "10:40", status: "Broken", confirmed: 24, confirmedName: "Unconfirmed", op: 2),
        appt(107, pat: 99, time: "11:00", op: 1, procs: "LimEx, #19-PA"),
    ]
    s.schedule.load = .loaded(at: 95)
    s.schedule.cursor.selected = 103
    return s
}
