import Foundation
import OpenDentalAPI
import TerminalUI

func clean(_ s: String) -> String { SafeText.clean(s) }

/// "Last, First" for the screen, each part made safe before the two are joined.
public func personName(_ last: String, _ first: String) -> String {
    SafeText.clean(last) + ", " + SafeText.clean(first)
}

func hhmm(_ t: LocalTime) -> String { LocalDate.pad(t.hour, 2) + ":" + LocalDate.pad(t.minute, 2) }

func weekdayName(_ d: LocalDate) -> String {
    ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][d.weekday]
}

func money(_ d: Decimal) -> String {
    let n = NSDecimalNumber(decimal: d).doubleValue
    return String(format: "$%.2f", n)
}

/// 1200 -> "1,200".
func grouped(_ n: Int) -> String {
    let digits = Array(String(n))
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}

/// "$4,310": whole dollars, grouped (cents rounded).
func wholeMoney(_ d: Decimal) -> String {
    var v = d
    var r = Decimal()
    NSDecimalRound(&r, &v, 0, .plain)
    let n = NSDecimalNumber(decimal: r).intValue
    return (n < 0 ? "-$" : "$") + grouped(abs(n))
}

/// "$10,237.61": dollars and cents, grouped.
func groupedMoney(_ d: Decimal) -> String {
    var v = d
    var r = Decimal()
    NSDecimalRound(&r, &v, 2, .plain)
    let cents = NSDecimalNumber(decimal: r * 100).intValue
    let whole = abs(cents) / 100
    return (cents < 0 ? "-$" : "$") + grouped(whole) + "." + LocalDate.pad(abs(cents) % 100, 2)
}
