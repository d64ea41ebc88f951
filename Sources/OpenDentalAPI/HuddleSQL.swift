import Foundation

/// The morning huddle's short queries (digest §8.3; desktop-workflows §A morning huddle). Each
/// answers one row per appointment or patient, so a day of up to 100 of them is one request.
/// Enumerations are numbers in an office's MySQL and text in the sandbox: both are named
/// (`IN (1, 'TP')`), as `openingFacts` does.
extension PortableSQL {
    static func list(_ nums: [Int]) -> String { nums.isEmpty ? "0" : nums.map(String.init).joined(separator: ",") }

    /// The fees of the procedures attached to these appointments, per appointment and per the
    /// procedure's provider (scheduled production: fee times units, deleted procedures left out).
    public static func huddleFees(_ aptNums: [Int]) -> String {
        "SELECT pl.AptNum, pl.ProvNum, COUNT(*) AS N, SUM(pl.ProcFee * (pl.UnitQty + pl.BaseUnits)) AS Fee FROM procedurelog pl "
            + "WHERE pl.AptNum IN (\(list(aptNums))) AND pl.ProcStatus NOT IN (6, 'D') GROUP BY pl.AptNum, pl.ProvNum ORDER BY pl.AptNum, pl.ProvNum"
    }

    /// What the huddle asks of each of the day's patients, one row each: their name, birthday, premedication,
    /// the family's balance (held on the guarantor), active popups (medical alerts), the soonest
    /// active recall, appointments booked after `day`, and treatment planned but on no appointment.
    public static func huddlePatients(_ patNums: [Int], day: LocalDate, now: LocalDateTime) -> String {
        let after = "'\(day.adding(days: 1)) 00:00:00'"
        let popup = "FROM popup pu WHERE pu.IsArchived = 0 AND (pu.DateTimeDisabled < '1900-01-01' OR pu.DateTimeDisabled > '\(now)') "
            + "AND (pu.PatNum = p.PatNum OR (pu.PopupLevel IN (1, 'Family') AND pu.PatNum IN (SELECT f.PatNum FROM patient f WHERE f.Guarantor = p.Guarantor)))"
        let planned = "FROM procedurelog tp WHERE tp.PatNum = p.PatNum AND tp.AptNum = 0 AND tp.ProcStatus IN (1, 'TP')"
        return "SELECT p.PatNum, p.LName, p.FName, p.Preferred, p.Birthdate, p.Guarantor, p.Premed, g.BalTotal AS FamBal, "
            + "(SELECT COUNT(*) \(popup)) AS Alerts, (SELECT MIN(pu.Description) \(popup)) AS Alert, "
            + "(SELECT MIN(r.DateDue) FROM recall r WHERE r.PatNum = p.PatNum AND r.IsDisabled = 0 AND r.DateDue > '1900-01-01') AS RecallDue, "
            + "(SELECT COUNT(*) FROM appointment a WHERE a.PatNum = p.PatNum AND a.AptDateTime >= \(after) AND a.AptStatus IN (1, 'Scheduled')) AS Future, "
            + "(SELECT COUNT(*) \(planned)) AS TpCount, (SELECT SUM(tp.ProcFee * (tp.UnitQty + tp.BaseUnits)) \(planned)) AS TpFee "
            + "FROM patient p LEFT JOIN patient g ON g.PatNum = p.Guarantor WHERE p.PatNum IN (\(list(patNums))) ORDER BY p.PatNum"
    }

    /// Every schedule of `day` (provider blocks and blockouts) with its operatories, in the
    /// columns `openingFacts` answers with, and a blockout type's flags (`Iv`: "NS" forbids
    /// scheduling), so no request for the blockout types is needed.
    public static func daySchedules(_ day: LocalDate) -> String {
        "SELECT 'S' AS K, s.ScheduleNum AS Num, so.OperatoryNum AS Op, s.SchedDate AS D, s.StartTime AS T1, s.StopTime AS T2, "
            + "s.ProvNum AS Prov, s.SchedType AS St, s.BlockoutType AS Bt, d.ItemValue AS Iv "
            + "FROM schedule s LEFT JOIN scheduleop so ON so.ScheduleNum = s.ScheduleNum LEFT JOIN definition d ON d.DefNum = s.BlockoutType "
            + "WHERE s.SchedDate = '\(day)' AND (s.ProvNum > 0 OR s.BlockoutType > 0) ORDER BY s.ScheduleNum"
    }

    /// Who could fill open time: the ASAP appointments from `today` on and the Unscheduled list,
    /// the most recent 99 (a huddle names a few per hole, not the whole list; a page of exactly
    /// 100 rows would make `shortQueryAll` ask for the next one), with their patients' names
    /// (else each would cost a request on a Remote office).
    public static func fillCandidates(today: LocalDate) -> String {
        "SELECT a.AptNum AS Num, a.PatNum, a.Op, a.AptDateTime AS D, a.ProvNum AS Prov, a.ProvHyg AS Hyg, a.IsHygiene AS IsHyg, "
            + "a.AptStatus AS St, a.Pattern, a.Priority AS Pri, p.LName, p.FName, p.Preferred FROM appointment a "
            + "INNER JOIN patient p ON p.PatNum = a.PatNum "
            + "WHERE a.AptStatus IN (3, 'UnschedList') OR a.AptStatus IN (4, 'ASAP') "
            + "OR (a.Priority IN (1, 'ASAP') AND a.AptStatus IN (1, 'Scheduled') AND a.AptDateTime >= '\(today) 00:00:00') "
            + "ORDER BY a.AptDateTime DESC, a.AptNum DESC LIMIT 99"
    }
}
