import Foundation
import OpenDentalAPI

/// What filling a hole needs of the schedule, as the schedule gives it when `H` (or `B` on free
/// time) opens the fill: the fill keeps its own copy and never reads the schedule's state.
public struct HoleFacts: Equatable, Sendable {
    /// The hole's day's schedules, when the schedule had them (else the fill asks for them).
    public var schedules: [Schedule]?
    /// The hole's day's appointments (the schedule shows that day: the hole is one of its rows).
    public var booked: [Appointment]
    /// The appointment sent away that left the hole (never offered back into it).
    public var source: Int?
}

extension ScheduleScreen {
    /// The hole to fill: the selected free row, else what is still ahead of the time the last
    /// appointment sent to the Unscheduled list left on the day shown.
    static func holeToFill(_ s: AppState) -> FreeTime? {
        selectedHole(s) ?? s.schedule.lastHole.flatMap { $0.date == s.schedule.day ? $0.fromNow(s.now) : nil }
    }

    /// Why there is no hole to fill, in words for the status line.
    static func noHoleReason(_ s: AppState) -> String {
        // The visit just sent away was earlier today: its time cannot be offered to anyone.
        if let left = s.schedule.lastHole, left.date == s.schedule.day { return "The time it left (\(left.span)) has passed" }
        return "Select free time first (F shows it), or send a visit to Unscheduled"
    }

    /// What the schedule knows of `hole`'s day, for the fill to judge who fits.
    /// The appointment that left the hole is not booked in it, though the day's rows still show
    /// it until the refresh after the write comes back (counted, it filled its own hole).
    static func holeFacts(_ s: AppState, _ hole: FreeTime) -> HoleFacts {
        let sc = s.schedule
        let source = sc.lastHole == nil ? nil : sc.lastHoleSource
        return HoleFacts(schedules: sc.schedulesDay == hole.date ? sc.daySchedules : nil,
                         booked: sc.day == hole.date ? sc.appointments.filter { $0.aptNum != source } : [],
                         source: source)
    }
}
