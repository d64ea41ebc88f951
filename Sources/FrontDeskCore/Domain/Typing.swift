import Foundation
import OpenDentalAPI
import TerminalUI

// MARK: parsing what people type

/// "smith", "smith, jo", "555-1234", "3/14/1980", "1980-03-14", "#1234" (chart number).
public func search(for text: String, hideInactive: Bool) -> PatientSearch {
    let t = text.trimmingCharacters(in: .whitespaces)
    var q = PatientSearch(hideInactive: hideInactive ? true : nil)
    if t.hasPrefix("#") {
        q.chartNumber = String(t.dropFirst())
        return q
    }
    if let d = parseBirthdate(t) {
        q.birthdate = d
        return q
    }
    let digits = t.filter(\.isNumber)
    if digits.count >= 4, t.allSatisfy({ $0.isNumber || "()-. +".contains($0) }) {
        q.phone = digits
        return q
    }
    let parts = t.split(separator: ",", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
    q.lName = parts[0].isEmpty ? nil : parts[0]
    if parts.count == 2, !parts[1].isEmpty { q.fName = parts[1] }
    return q
}

/// Birthdates as typed: yyyy-mm-dd, m/d/yyyy, m/d/yy, mmddyyyy.
public func parseBirthdate(_ t: String) -> LocalDate? {
    if t.count == 10, t.contains("-"), let d = LocalDate(t) { return d }
    let slash = t.split(separator: "/")
    if slash.count == 3, let m = Int(slash[0]), let d = Int(slash[1]), var y = Int(slash[2]) {
        if slash[2].count == 2 { y += y > 30 ? 1900 : 2000 }
        guard (1...12).contains(m), (1...31).contains(d) else { return nil }
        return LocalDate(year: y, month: m, day: d)
    }
    if t.count == 8, t.allSatisfy(\.isNumber), let m = Int(t.prefix(2)), let d = Int(t.dropFirst(2).prefix(2)), let y = Int(t.suffix(4)),
       (1...12).contains(m), (1...31).contains(d), y > 1900 {
        return LocalDate(year: y, month: m, day: d)
    }
    return nil
}

/// Schedule dates: yyyy-mm-dd, m/d (this year), +N / -N days.
public func parseDate(_ t: String, today: LocalDate, current: LocalDate) -> LocalDate? {
    if let n = Int(t), t.hasPrefix("+") || t.hasPrefix("-") { return current.adding(days: n) }
    if let d = parseBirthdate(t) { return d }
    let slash = t.split(separator: "/")
    if slash.count == 2, let m = Int(slash[0]), let d = Int(slash[1]), (1...12).contains(m), (1...31).contains(d) {
        return LocalDate(year: today.year, month: m, day: d)
    }
    return nil
}
