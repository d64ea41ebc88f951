import Foundation
import OpenDentalAPI

/// Time free for a query: in `op`, with `provNum`, any 5-minute start from `start` to `latestStart`.
public struct Opening: Equatable, Hashable, Sendable {
    public var date: LocalDate
    /// First and last valid start, in 5-minute blocks of the day.
    public var startBlock: Int
    public var latestBlock: Int
    public var op: Int
    public var provNum: Int
    /// The length looked for, in blocks.
    public var blocks: Int

    init(date: LocalDate, start: Int, latestStart: Int, op: Int, provNum: Int, blocks: Int) {
        self.date = date
        startBlock = start
        latestBlock = latestStart
        self.op = op
        self.provNum = provNum
        self.blocks = blocks
    }

    static func time(_ block: Int) -> LocalTime {
        let m = block * OpeningFinder.blockMinutes
        return LocalTime(hour: m / 60, minute: m % 60)
    }

    public var start: LocalTime { Opening.time(startBlock) }
    public var latestStart: LocalTime { Opening.time(latestBlock) }
    /// Where the free time ends (the latest start plus the length), "HH:mm", 24:00 at midnight.
    public var freeUntil: String {
        let m = (latestBlock + blocks) * OpeningFinder.blockMinutes
        return LocalDate.pad(m / 60, 2) + ":" + LocalDate.pad(m % 60, 2)
    }
    public var minutes: Int { blocks * OpeningFinder.blockMinutes }
    public var dateTime: LocalDateTime { LocalDateTime(date: date, time: start) }
}

/// A hole on the book: free time in one operatory, under one provider's schedule.
public struct FreeTime: Equatable, Hashable, Sendable {
    public var date: LocalDate
    public var op: Int
    public var startBlock: Int
    public var endBlock: Int
    public var provNum: Int

    public init(date: LocalDate, op: Int, startBlock: Int, endBlock: Int, provNum: Int) {
        self.date = date
        self.op = op
        self.startBlock = startBlock
        self.endBlock = endBlock
        self.provNum = provNum
    }

    /// A row id that no appointment has (negative), stable while the hole is (by its end: the
    /// start moves with the clock today).
    public var id: Int { -(op * 1000 + endBlock) - 1 }

    /// What is left of it from `now` on (nil when nothing worth filling is).
    public func fromNow(_ now: LocalDateTime, minBlocks: Int = 2) -> FreeTime? {
        guard date == now.date else { return date > now.date ? self : nil }
        var f = self
        f.startBlock = max(startBlock, (now.time.secondsOfDay + OpeningFinder.blockMinutes * 60 - 1) / (OpeningFinder.blockMinutes * 60))
        return f.endBlock - f.startBlock >= minBlocks ? f : nil
    }
    public var minutes: Int { (endBlock - startBlock) * OpeningFinder.blockMinutes }
    public var start: LocalTime { Opening.time(startBlock) }
    public var dateTime: LocalDateTime { LocalDateTime(date: date, time: start) }
    /// "10:40–11:20".
    public var span: String {
        func hm(_ b: Int) -> String { let m = b * OpeningFinder.blockMinutes; return LocalDate.pad(m / 60, 2) + ":" + LocalDate.pad(m % 60, 2) }
        return hm(startBlock) + "–" + hm(endBlock)
    }
    /// The hole as an opening of its own length at its start.
    public var opening: Opening { Opening(date: date, start: startBlock, latestStart: startBlock, op: op, provNum: provNum, blocks: endBlock - startBlock) }
}
