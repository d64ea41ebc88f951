import FrontDeskCore

extension EffectRunner {
    /// Effect names for the log: never patient data.
    static func kind(_ e: Effect) -> String {
        switch e {
        case .loadReference: return "loadReference"
        case .loadPermissions: return "loadPermissions"
        case .loadDayNames: return "loadDayNames"
        case .crawlDirectory: return "crawlDirectory"
        case .loadDay: return "loadDay"
        case .resolvePatients(let p): return "resolvePatients(\(p.count))"
        case .namesFromCache(let p): return "namesFromCache(\(p.count))"
        case .searchPatients: return "searchPatients"
        case .loadDetail(let p): return "loadDetail(\(p))"
        case .loadList(let k, _): return "loadList(\(k))"
        case .loadHuddle: return "loadHuddle"
        case .confirm(let a, _): return "confirm(\(a))"
        case .setTime(let a, let f, _): return "set\(f.rawValue)(\(a))"
        case .checkIn(let a, let f, _, _): return "checkIn\(f.rawValue)(\(a))"
        case .appendNote(let a, _): return "appendNote(\(a))"
        case .setPriority(let a, _): return "priority(\(a))"
        case .breakAppointment(let a, _, _): return "break(\(a))"
        case .addCommlog(let p, _): return "addCommlog(\(p))"
        case .findDuplicates: return "findDuplicates"
        case .createPatient: return "createPatient"
        case .updatePatient(let p, _, _): return "updatePatient(\(p))"
        case .verifyWrite(let w): return "verify(\(kind(w)))"
        case .checked(let w, _): return "checked(\(kind(w)))"
        case .debounce: return "debounce"
        case .loadSchedulingReference: return "loadSchedulingReference"
        case .loadProcedurePatterns: return "loadProcedurePatterns"
        case .loadOpenings(_, let days, _): return "loadOpenings(\(days))"
        case .book: return "book"
        case .move(let m): return "move(\(m.aptNum))"
        case .schedulePlanned(let m): return "schedulePlanned(\(m.aptNum))"
        case .loadRecallReference: return "loadRecallReference"
        case .loadDaySchedules: return "loadDaySchedules"
        case .loadHoleCandidates: return "loadHoleCandidates"
        case .loadRecall(let p): return "loadRecall(\(p))"
        case .setRecallStatus(let p, _, _): return "recallStatus(\(p))"
        default: return "ui"
        }
    }
}
