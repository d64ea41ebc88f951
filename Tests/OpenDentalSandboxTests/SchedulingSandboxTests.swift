import Foundation
import OpenDentalAPI
import OpenDentalSandbox
import Testing

/// What the sandbox answers for scheduling: recalls and their types, the recall status write and
/// its commlog, planned appointments, Slots as documented, blockout types that block scheduling.
@Suite struct SchedulingSandboxTests {
    let today = "2026-12-01"

    @Test func recallsCarryTheirNumberAndDateScheduledAndTypesTheirPattern() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let list = try await raw(s, .get, "/recalls/List?IncludeReminded=true")
        let pat = try #require(list.array.first?["PatNum"] as? Int)
        let recalls = try await raw(s, .get, "/recalls?PatNum=\(pat)")
        #expect(recalls.status == 200)
        #expect(recalls.keyOrder == ["RecallNum", "PatNum", "DateDue", "DatePrevious", "RecallInterval", "RecallStatus", "recallStatus", "Note",
                                     "IsDisabled", "DateTStamp", "RecallTypeNum", "DisableUntilBalance", "DisableUntilDate", "DateScheduled",
                                     "Priority", "TimePatternOverride"])
        #expect(recalls.array.allSatisfy { ($0["PatNum"] as? Int) == pat && ($0["RecallNum"] as? Int ?? 0) > 0 })
        // Someone with a hygiene visit on the book has a DateScheduled.
        let all = try await raw(s, .get, "/recalls?Limit=1000")
        #expect(all.array.contains { ($0["DateScheduled"] as? String ?? "0001-01-01") > today })
        #expect(all.array.contains { ($0["DateScheduled"] as? String) == "0001-01-01" })
        let types = try await raw(s, .get, "/recalltypes")
        #expect(types.keyOrder == ["RecallTypeNum", "Description", "DefaultInterval", "TimePattern", "Procedures", "AppendToSpecial"])
        #expect(types.array.map { $0["Description"] as? String } == ["Prophy", "Perio", "Child Prophy"])
        #expect(types.array.first?["TimePattern"] as? String == "/XXXXXX/")
        #expect(try await raw(s, .get, "/recalltypes/2").object["Description"] as? String == "Perio")
        #expect(try await raw(s, .get, "/recalltypes/99").status == 404)
    }

    @Test func aRecallStatusMakesOneRecallCommlogAndCountsTheReminder() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let recall = try #require(try await raw(s, .get, "/recalls?Limit=1000").array.first { ($0["RecallTypeNum"] as? Int) == 1 })
        let pat = try #require(recall["PatNum"] as? Int)
        let statuses = try await raw(s, .get, "/definitions?Category=13")
        let leftMessage = try #require(statuses.array.first { $0["ItemName"] as? String == "Left Message" }?["DefNum"] as? Int)
        let before = try await raw(s, .get, "/commlogs?PatNum=\(pat)").array.count
        let put = try await raw(s, .put, "/recalls/Status", body: #"{"PatNum":\#(pat),"recallType":"Prophy","RecallStatus":\#(leftMessage),"commlogMode":"Phone"}"#)
        #expect(put.status == 200)
        let logs = try await raw(s, .get, "/commlogs?PatNum=\(pat)").array
        #expect(logs.count == before + 1)
        let newest = try #require(logs.first { ($0["Note"] as? String)?.hasPrefix("Recall reminder.") == true })
        #expect(newest["Mode_"] as? String == "Phone")
        let after = try #require(try await raw(s, .get, "/recalls?PatNum=\(pat)").array.first { ($0["RecallTypeNum"] as? Int) == 1 })
        #expect(after["RecallStatus"] as? Int == leftMessage && after["recallStatus"] as? String == "Left Message")
        // The same day again: a second commlog, but the reminder count is by distinct days.
        let listed = { (n: Int) async throws -> String? in
            try await raw(s, .get, "/recalls/List?IncludeReminded=true&Limit=1000").array.first { ($0["PatNum"] as? Int) == n }?["NumRemind"] as? String
        }
        let once = try await listed(pat)
        _ = try await raw(s, .put, "/recalls/Status", body: #"{"PatNum":\#(pat),"recallType":"Prophy","commlogMode":"Phone"}"#)
        #expect(try await listed(pat) == once)
        #expect(try await raw(s, .put, "/recalls/Status", body: #"{"PatNum":\#(pat)}"#).status == 400)
        #expect(try await raw(s, .put, "/recalls/Status", body: #"{"PatNum":\#(pat),"recallType":"Prophy","RecallStatus":19}"#).status == 400)
    }

    @Test func aPlannedAppointmentIsScheduledAsANewOneThatPointsAtIt() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let planned = try await raw(s, .post, "/appointments/Planned", body: #"{"PatNum":3,"AppointmentTypeNum":1}"#)
        #expect(planned.status == 201)
        #expect(planned.object["AptStatus"] as? String == "Planned" && planned.object["Op"] as? Int == 0)
        let plannedNum = try #require(planned.object["AptNum"] as? Int)
        let when = "2026-12-09 07:00:00"
        let made = try await raw(s, .post, "/appointments/SchedulePlanned", body: #"{"AptNum":\#(plannedNum),"AptDateTime":"\#(when)","ProvNum":1,"Op":1}"#)
        #expect(made.status == 201)
        #expect(made.object["AptStatus"] as? String == "Scheduled" && made.object["NextAptNum"] as? Int == plannedNum)
        #expect(made.object["AptDateTime"] as? String == when && made.object["Pattern"] as? String == planned.object["Pattern"] as? String)
        // The planned one stays as it was.
        #expect(try await raw(s, .get, "/appointments/\(plannedNum)").object["AptStatus"] as? String == "Planned")
        // Only a planned appointment can be scheduled this way; Op and the rest are required.
        let scheduled = try #require(made.object["AptNum"] as? Int)
        #expect(try await raw(s, .post, "/appointments/SchedulePlanned", body: #"{"AptNum":\#(scheduled),"AptDateTime":"\#(when)","ProvNum":1,"Op":1}"#).status == 400)
        #expect(try await raw(s, .post, "/appointments/SchedulePlanned", body: #"{"AptNum":\#(plannedNum),"AptDateTime":"\#(when)","ProvNum":1}"#).status == 400)
        #expect(try await raw(s, .post, "/appointments/Planned", body: #"{"PatNum":3}"#).status == 400)
    }

    @Test func aBrokenAppointmentGoesBackOnTheBookOnlyWithATimeAndAnOperatory() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let broken = try #require(try await raw(s, .get, "/appointments?AptStatus=Broken&Limit=1").array.first?["AptNum"] as? Int)
        let bare = try await raw(s, .put, "/appointments/\(broken)", body: #"{"AptStatus":"Scheduled"}"#)
        #expect(bare.status == 400 && bare.text.contains("AptDateTime and Op are required"))
        let full = try await raw(s, .put, "/appointments/\(broken)", body: #"{"AptStatus":"Scheduled","AptDateTime":"2026-12-09 07:00:00","Op":1}"#)
        #expect(full.status == 200 && full.object["AptStatus"] as? String == "Scheduled")
    }

    @Test func slotsAreTheProvidersScheduleMinusTheProvidersOwnAppointments() async throws {
        let s = try await startSandbox()
        defer { Task { await s.stop() } }
        let day = "2026-12-02"
        let slots = try await raw(s, .get, "/appointments/Slots?date=\(day)&ProvNum=1")
        #expect(slots.status == 200)
        let theirs = try await raw(s, .get, "/appointments?date=\(day)&Limit=1000").array.filter {
            ($0["ProvNum"] as? Int == 1 || $0["ProvHyg"] as? Int == 1) && !["UnschedList", "Planned"].contains($0["AptStatus"] as? String ?? "")
        }
        func minutes(_ t: String) -> Int { Int(t.dropFirst(11).prefix(2))! * 60 + Int(t.dropFirst(14).prefix(2))! }
        for slot in slots.array {
            let a = minutes(slot["DateTimeStart"] as! String), b = minutes(slot["DateTimeEnd"] as! String)
            #expect(a < b)
            for apt in theirs {
                let start = minutes(apt["AptDateTime"] as! String), end = start + (apt["Pattern"] as! String).count * 5
                #expect(!(start < b && a < end), "\(slot) overlaps \(apt["AptNum"]!)")
            }
        }
        // Blockouts are ignored, as documented: lunch (a blockout that blocks scheduling) is inside a slot or the schedule's gap.
        let defs = try await raw(s, .get, "/definitions?Category=25")
        #expect(defs.keyOrder.contains("isHidden") && !defs.keyOrder.contains("IsHidden"))
        #expect(defs.array.first { $0["ItemName"] as? String == "Lunch" }?["ItemValue"] as? String == "NS")
        #expect(defs.array.first { $0["ItemName"] as? String == "Emergency Hold" }?["ItemValue"] as? String == "")
    }
}
