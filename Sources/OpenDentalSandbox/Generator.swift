import Foundation
import GRDB

/// Builds a believable dental practice, deterministic from a seed and relative to "today", so the
/// demo always opens on a busy day: providers, operatories, stock definitions, families,
/// appointments from 60 days back to 60 days ahead, procedures with real CDT codes, commlogs,
/// schedules, recalls, popups and notes. Names include accents, combining marks and CJK.
struct PracticeGenerator {
    var seed: UInt64
    var patients: Int
    var clinics: Int
    /// Day number (days since 1970-01-01) that counts as today.
    var today: Int
    /// Wall-clock "now" used for DateTStamp of generated rows.
    var now: String

    // MARK: reference data

    /// Stock ApptConfirmed list of a fresh Open Dental database (digest §8.1).
    static let confirmDefs: [(Int, String, String, String)] = [
        (19, "Not Called", "NotCalled", "255,255,255"), (24, "Unconfirmed", "Unconfirmed", "255,0,0"),
        (21, "Appointment Confirmed", "Confirmed", "162,236,117"), (20, "Left Msg", "LeftMsg", "255,255,0"),
        (22, "Arrived", "Arrived", "255,150,100"), (23, "Ready to go back", "Ready", "150,126,194"),
        (25, "In Treatment Room", "In Room", "111,111,255"), (246, "Front Desk", "FrontDesk", "201,199,205"),
        (252, "E-mailed", "E-mailed", ""), (255, "Texted", "Texted", ""), (289, "eConfirmSent", "eConfirmSent", ""),
        (290, "eConfirmCallBack", "eConfirmCallBack", ""), (291, "eConfirmFailure", "eConfirmFailure", ""),
        (295, "Created from Web Sched", "WebSched", ""),
    ]

    /// Other categories the client reads, numbered from 300 in this order.
    static let otherDefs: [(Int, [String])] = [
        (1, ["Sales Tax", "Discount", "Insurance Writeoff"]),
        (4, ["Standard Account", "Insurance Only", "Finance Charge"]),
        (13, ["Called - No Answer", "Left Message", "Will Call Back", "Too Soon"]),
        (16, ["None", "Caries", "Fractured Tooth", "Periodontitis"]),
        (20, ["1", "2", "3"]),
        (25, ["Lunch", "Staff Meeting", "Emergency Hold"]),
        (27, ["ApptRelated", "Insurance", "Misc", "Recall", "Financial"]),
        (30, ["Good", "Fair", "Poor"]),
        (35, ["General", "Hygienist", "Endodontics", "Orthodontics"]),
        (55, ["Restorative", "Hygiene"]),
    ]

    /// Blockout types' flags (ItemValue): `NS` is "Block appointment scheduling". An emergency
    /// hold is time kept free that the front desk may still book into.
    static let blockoutFlags = ["Lunch": "NS", "Staff Meeting": "NS"]

    /// (code, description, abbreviation, treatment area, fee, minutes)
    static let codes: [(String, String, String, String, Double, Int)] = [
        ("D0120", "periodic oral evaluation - established patient", "PerEx", "Mouth", 58, 10),
        ("D0140", "limited oral evaluation - problem focused", "LimEx", "Mouth", 85, 15),
        ("D0150", "comprehensive oral evaluation - new or established patient", "CompEx", "Mouth", 105, 20),
        ("D0210", "intraoral - comprehensive series of radiographic images", "FMX", "Mouth", 140, 20),
        ("D0220", "intraoral - periapical first radiographic image", "PA", "Tooth", 32, 5),
        ("D0274", "bitewings - four radiographic images", "4BW", "Mouth", 68, 10),
        ("D1110", "prophylaxis - adult", "Pro", "Mouth", 110, 40),
        ("D1120", "prophylaxis - child", "ChPro", "Mouth", 80, 30),
        ("D1206", "topical application of fluoride varnish", "Flo", "Mouth", 42, 5),
        ("D4341", "periodontal scaling and root planing - four or more teeth per quadrant", "SRP", "Quad", 265, 45),
        ("D4910", "periodontal maintenance", "PerioMaint", "Mouth", 165, 50),
        ("D2391", "resin-based composite - one surface, posterior", "C1", "Surf", 195, 30),
        ("D2392", "resin-based composite - two surfaces, posterior", "C2", "Surf", 250, 40),
        ("D2740", "crown - porcelain/ceramic", "PFC", "Tooth", 1250, 90),
        ("D2950", "core buildup, including any pins when required", "BU", "Tooth", 285, 20),
        ("D3330", "endodontic therapy, molar tooth (excluding final restoration)", "RCTMolar", "Tooth", 1150, 90),
        ("D7140", "extraction, erupted tooth or exposed root", "Ext", "Tooth", 195, 30),
        ("D9986", "missed appointment", "Missed", "None", 0, 0),
        ("D9987", "cancelled appointment", "Cancelled", "None", 0, 0),
    ]

    /// Visit kinds: codes, pattern, whether hygiene.
    static let visits: [(kind: String, codes: [String], pattern: String, hygiene: Bool, weight: Int)] = [
        ("recare", ["D0120", "D1110", "D0274"], "/XXXXXX/", true, 34),
        ("recare-child", ["D0120", "D1120", "D1206"], "/XXXX/", true, 8),
        ("perio", ["D4910", "D0120"], "/XXXXXXXX/", true, 6),
        ("srp", ["D4341", "D4341"], "//XXXXXXXXXX//", true, 3),
        ("newpt", ["D0150", "D0210", "D1110"], "//XXXXXXXXXX//", true, 6),
        ("filling", ["D2391"], "/XXXX/", false, 14),
        ("filling2", ["D2392", "D2391"], "/XXXXXX/", false, 9),
        ("crown", ["D2950", "D2740"], "//XXXXXXXXXXXXXX//", false, 7),
        ("endo", ["D3330"], "//XXXXXXXXXXXXXX//", false, 3),
        ("ext", ["D7140", "D0220"], "/XXXXX/", false, 4),
        ("emergency", ["D0140", "D0220"], "/XXX/", false, 6),
    ]

    static let lastNames: [String] = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Martinez", "Lopez",
        "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
        "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott",
        "Núñez", "Peña", "Muñoz", "Ibáñez", "Gómez", "Hernández", "Domínguez", "Sánchez", "Álvarez", "Castaño",
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Nguye\u{0302}\u{0303}n", "Müller", "Schröder", "Øster",
        "O'Brien", "McAllister", "Van der Berg", "St. Clair", "Kowalczyk", "Papadopoulos", "Okonkwo", "Haddad",
        "山田", "田中", "佐藤", "김", "이", "王", "李", "Björk", "Dvořák", "Wolfeschlegelsteinhausenbergerdorff",
    ]

    static let firstNames: [String] = [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David", "Elizabeth",
        "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah", "Charles", "Karen",
        "José", "María", "Zoë", "Chloé", "Renée", "André", "Noël", "Inés", "Sofía", "Raúl", "Thị Minh Khai",
        "Văn Đức", "Anh", "太郎", "花子", "Jürgen", "Siobhán", "Aoife", "Dmitri", "Olumide", "Priya", "Ethan",
        "Olivia", "Liam", "Emma", "Noah", "Ava", "Mia", "Lucas", "Amelia", "Harper", "Jack", "Ella", "Leo",
    ]

    static let streets = ["Oak St", "Maple Ave", "Cedar Ln", "Pine St", "Elm St", "Washington Blvd", "Lake Dr", "Hillcrest Rd", "Sunset Blvd", "Calle Real"]
    static let cities: [(String, String, String)] = [("Salem", "OR", "97301"), ("Portland", "OR", "97205"), ("Eugene", "OR", "97401"), ("Vancouver", "WA", "98660"), ("Bend", "OR", "97701")]

    // MARK: generation

    /// Weekdays, and always today: the demo must open on a working day whatever the calendar says.
    func isOpen(_ day: Int) -> Bool { day == today || (1...5).contains(SandboxCalendar.weekday(day: day)) }

    func generate(into db: Database) throws {
        var rng = SeededRandom(seed: seed)
        try db.execute(sql: "INSERT OR REPLACE INTO meta(key, value) VALUES ('seed', ?), ('today', ?), ('patients', ?)",
                       arguments: [String(seed), SandboxCalendar.date(day: today), String(patients)])

        // Definitions.
        var defNum = 300
        var defsByCat: [Int: [Int]] = [:]
        let insertDef = try db.makeStatement(sql: "INSERT INTO definition(DefNum, Category, ItemOrder, ItemName, ItemValue, ItemColor, IsHidden) VALUES (?,?,?,?,?,?,0)")
        for (order, d) in Self.confirmDefs.enumerated() {
            try insertDef.insert([d.0, 2, order, d.1, d.2, d.3])
            defsByCat[2, default: []].append(d.0)
        }
        for (cat, names) in Self.otherDefs {
            for (order, name) in names.enumerated() {
                try insertDef.insert([defNum, cat, order, name, cat == 25 ? Self.blockoutFlags[name, default: ""] : "", ""])
                defsByCat[cat, default: []].append(defNum)
                defNum += 1
            }
        }
        let commTypeFor = Dictionary(uniqueKeysWithValues: zip(Self.otherDefs.first { $0.0 == 27 }!.1, defsByCat[27]!))

        // Clinics.
        let clinicNums = clinics > 0 ? Array(1...clinics) : []
        for c in clinicNums {
            let city = Self.cities[(c - 1) % Self.cities.count]
            try db.execute(sql: "INSERT INTO clinic VALUES (?,?,?,?,?,?,?,?,?,0)",
                           arguments: [c, "\(city.0) Family Dental", "\(100 + c * 11) Main St", "", city.0, city.1, city.2,
                                       "503555\(SandboxCalendar.pad(1000 + c, 4))", "\(city.0.prefix(3).uppercased())\(c)"])
        }

        // Providers: dentists then hygienists.
        let dentistCount = patients > 20_000 ? 5 : patients > 2000 ? 3 : 2
        let hygienistCount = dentistCount + (patients > 20_000 ? 2 : 0)
        let provNames: [(String, String)] = [("Albert", "Brian"), ("Okafor", "Grace"), ("Tanaka", "Kenji"), ("Reyes", "Lucía"),
                                             ("Whitfield", "Margaret"), ("Lindqvist", "Erik"), ("Chen", "Wei"), ("Moreau", "Céline"),
                                             ("Haas", "Daniel"), ("Patel", "Anika"), ("Brooks", "Nora"), ("Silva", "Tomás")]
        var dentists: [Int] = []
        var hygienists: [Int] = []
        let insertProv = try db.makeStatement(sql: """
            INSERT INTO provider VALUES (?,?,?,?,?,'',53,?,?,?,?,?,0,1,1,?,?,0,'Active',0,'0001-01-01','',?,?)
            """)
        for i in 0..<(dentistCount + hygienistCount) {
            let provNum = i + 1
            let hyg = i >= dentistCount
            let (l, f) = provNames[i % provNames.count]
            let abbr = hyg ? "HYG\(i - dentistCount + 1)" : "DOC\(i + 1)"
            let colors = ["164,255,164", "255,210,140", "170,200,255", "255,170,200", "200,255,255", "230,200,255"]
            try insertProv.insert([provNum, abbr, l, f, hyg ? "" : "J", defsByCat[35]![hyg ? 1 : 0],
                                               String(500_000_000 + provNum * 7919), hyg ? "RDH\(4000 + provNum)" : "D\(7600 + provNum)",
                                               hyg, colors[i % colors.count], String(1_679_600_000 + provNum * 31), now,
                                               hyg ? "" : f, clinicNums.isEmpty ? 0 : clinicNums[i % clinicNums.count]])
            if hyg { hygienists.append(provNum) } else { dentists.append(provNum) }
        }

        // Operatories: one or two per dentist, one per hygienist.
        var ops: [(num: Int, prov: Int, hygiene: Bool, clinic: Int)] = []
        let insertOp = try db.makeStatement(sql: "INSERT INTO operatory VALUES (?,?,?,?,0,?,?,?,?,0,?,?)")
        var opNum = 1
        for (i, d) in dentists.enumerated() {
            for k in 0..<(i < 2 || patients > 20_000 ? 2 : 1) {
                let clinic = clinicNums.isEmpty ? 0 : clinicNums[i % clinicNums.count]
                try insertOp.insert([opNum, "Dr. \(provNames[d - 1].1) \(provNames[d - 1].0)\(k > 0 ? " 2" : "")",
                                                 "OP-\(opNum)", opNum - 1, d, 0, false, clinic, opNum == 1, defsByCat[55]![0]])
                ops.append((opNum, d, false, clinic))
                opNum += 1
            }
        }
        for (i, h) in hygienists.enumerated() {
            let clinic = clinicNums.isEmpty ? 0 : clinicNums[i % clinicNums.count]
            try insertOp.insert([opNum, "Hygiene \(i + 1)", "HYG-\(i + 1)", opNum - 1, dentists[i % dentists.count], h,
                                             true, clinic, true, defsByCat[55]![1]])
            ops.append((opNum, h, true, clinic))
            opNum += 1
        }

        // Procedure codes.
        var codeNum: [String: Int] = [:]
        var codeInfo: [String: (abbr: String, area: String, fee: Double, desc: String)] = [:]
        for (i, c) in Self.codes.enumerated() {
            try db.execute(sql: "INSERT INTO procedurecode (CodeNum, ProcCode, Descript, AbbrDesc, TreatArea, DefaultFee, Minutes, ProcTime) VALUES (?,?,?,?,?,?,?,?)",
                           arguments: [i + 1, c.0, c.1, c.2, c.3, c.4, c.5, SandboxSchema.procTime(minutes: c.5)])
            codeNum[c.0] = i + 1
            codeInfo[c.0] = (c.2, c.3, c.4, c.1)
        }
        try db.execute(sql: "INSERT INTO recalltype VALUES (1,'Prophy','6m','D0120,D1110,D0274','/XXXXXX/',0), (2,'Perio','3m','D4910','/XXXXXXXX/',0), (3,'Child Prophy','6m','D0120,D1120,D1206','/XXXX/',0)")
        try db.execute(sql: """
            INSERT INTO appointmenttype VALUES (1,'Recare','128,200,255',0,'/XXXXXX/','D0120,D1110,D0274','','None',''),
              (2,'New Patient','255,200,128',0,'//XXXXXXXXXX//','D0150,D0210,D1110','','AtLeastOne',''),
              (3,'Crown Seat','200,128,255',0,'//XXXXXX//','D2740','','None',''),
              (4,'Emergency','255,96,96',0,'/XXX/','D0140,D0220','','None','')
            """)

        // Patients in families.
        let insertPat = try db.makeStatement(sql: """
            INSERT INTO patient VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,?,?,?,?,?,?,0,?,?,?,?,?,?,?,?,?,0,?,0,?,?,?,?,?)
            """)
        let todayYear = Int(SandboxCalendar.date(day: today).prefix(4))!
        var patNum = 0
        var patientMeta: [(num: Int, age: Int, prov: Int, clinic: Int, status: String)] = []
        patientMeta.reserveCapacity(patients)
        while patNum < patients {
            let familySize = min(patients - patNum, rng.weighted([(1, 40), (2, 25), (3, 15), (4, 13), (5, 7)]))
            let lName = rng.pick(Self.lastNames)
            let city = rng.pick(Self.cities)
            let address = "\(rng.int(in: 10...9999)) \(rng.pick(Self.streets))"
            let hmPhone = "(503)555-\(SandboxCalendar.pad(rng.int(10_000), 4))"
            let guarantor = patNum + 1
            let famProv = dentists[rng.int(dentists.count)]
            let clinic = clinicNums.isEmpty ? 0 : rng.pick(clinicNums)
            for member in 0..<familySize {
                patNum += 1
                var first = rng.pick(Self.firstNames)
                var last = lName
                // A few deliberately hard names for screens to cope with.
                switch patNum {
                case 3: (last, first) = ("Núñez", "José")
                case 4: (last, first) = ("Nguyễn", "Thị Minh Khai")
                case 5: (last, first) = ("山田", "太郎")
                case 6: (last, first) = ("Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh", "Maximiliana-Josephine")
                case 7: (last, first) = ("Tables\u{1B}[2J\u{1B}[31m", "Bobby\u{07}")
                default: break
                }
                let age: Int
                let position: String
                if member == 0 {
                    age = rng.int(in: 24...86)
                    position = familySize > 1 ? "Married" : rng.pick(["Single", "Single", "Divorced", "Widowed"])
                } else if member == 1 {
                    age = rng.int(in: 24...80)
                    position = "Married"
                } else {
                    age = rng.int(in: 2...19)
                    position = "Child"
                }
                let birthDay = SandboxCalendar.day("\(SandboxCalendar.pad(todayYear - age, 4))-01-01")! + rng.int(365)
                let gender = rng.weighted([("Female", 50), ("Male", 48), ("Unknown", 2)])
                let status = rng.weighted([("Patient", 90), ("Inactive", 5), ("NonPatient", 2), ("Archived", 2), ("Deceased", 1)])
                let wireless = rng.chance(0.85) ? "(503)\(rng.int(in: 200...999))-\(SandboxCalendar.pad(rng.int(10_000), 4))" : ""
                let email = rng.chance(0.7) ? "\(SandboxSchema.fold(first).filter(\.isLetter).prefix(8)).\(patNum)@example.com" : ""
                let lang = last == "Núñez" || rng.chance(0.08) ? "spa" : (rng.chance(0.03) ? "vie" : "eng")
                let estBalance = rng.chance(0.25) ? Double(rng.int(in: 1...90_000)) / 100 : 0
                let hyg = hygienists.isEmpty ? 0 : hygienists[rng.int(hygienists.count)]
                let firstVisitDay = today - rng.int(in: 30...3650)
                let confirmMethod = rng.weighted([("None", 30), ("TextMessage", 35), ("WirelessPh", 15), ("Email", 12), ("HmPhone", 8)])
                let args: [(any DatabaseValueConvertible)?] = [
                    patNum, last, first, rng.chance(0.2) ? String(rng.pick(Array("ABCDEJKLMRST"))) : "",
                    rng.chance(0.1) ? String(first.prefix(3)) : "", status, gender, position,
                    SandboxCalendar.date(day: birthDay), "", address, rng.chance(0.1) ? "Apt \(rng.int(in: 1...40))" : "",
                    city.0, city.1, city.2, hmPhone, rng.chance(0.3) ? "(503)555-\(SandboxCalendar.pad(rng.int(10_000), 4))" : "",
                    wireless, guarantor, email, estBalance, famProv, hyg,
                    rng.weighted([("Standard Account", 80), ("Insurance Only", 15), ("Finance Charge", 5)]),
                    "\(SandboxSchema.fold(last).filter(\.isLetter).prefix(10))\(SandboxSchema.fold(first).filter(\.isLetter).prefix(6))\(patNum)",
                    member == 0 && rng.chance(0.05) ? "Card on file expires soon" : "",
                    rng.chance(0.3) ? SandboxCalendar.pad(patNum, 5) : "", "", member == 0 ? estBalance * 1.4 : 0,
                    SandboxCalendar.date(day: firstVisitDay), clinic, rng.chance(0.04), "",
                    confirmMethod, confirmMethod, rng.weighted([("None", 40), ("TextMessage", 40), ("Email", 20)]),
                    lang, SandboxCalendar.noDate, now, rng.weighted([("Unknown", 30), ("Yes", 60), ("No", 10)]),
                    SandboxCalendar.date(day: firstVisitDay - rng.int(30)),
                    SandboxSchema.fold(last), SandboxSchema.fold(first),
                    SandboxSchema.digits(hmPhone) + " " + SandboxSchema.digits(wireless),
                ]
                try insertPat.insert(args)
                patientMeta.append((patNum, age, famProv, clinic, status))
            }
        }

        // Schedules: provider blocks on weekdays, a lunch blockout per op, one practice note.
        let insertSched = try db.makeStatement(sql: "INSERT INTO schedule(SchedDate, StartTime, StopTime, SchedType, ProvNum, BlockoutType, Note, Operatories, EmployeeNum, DateTStamp) VALUES (?,?,?,?,?,?,?,?,0,?)")
        let days = (today - 60)...(today + 60)
        for day in days where isOpen(day) {
            let date = SandboxCalendar.date(day: day)
            for op in ops {
                try insertSched.insert([date, "08:00:00", "12:00:00", "Provider", op.prov, 0, "", String(op.num), now])
                try insertSched.insert([date, "13:00:00", "17:00:00", "Provider", op.prov, 0, "", String(op.num), now])
                try insertSched.insert([date, "12:00:00", "13:00:00", "Blockout", 0, defsByCat[25]![0], "Lunch", String(op.num), now])
            }
            // Friday afternoons: the first operatory holds its last hour for emergencies (bookable).
            if SandboxCalendar.weekday(day: day) == 5, let first = ops.first {
                try insertSched.insert([date, "16:00:00", "17:00:00", "Blockout", 0, defsByCat[25]![2], "Emergency Hold", String(first.num), now])
            }
        }
        try insertSched.insert([SandboxCalendar.date(day: today + 24), "00:00:00", "00:00:00", "Practice", 0, 0, "Office closed: staff training", "", now])
        // Open Dental keeps a schedule's operatories in scheduleop (what a short query joins); the
        // API's "operatories" text is made from it. Both are kept here.
        let insertSchedOp = try db.makeStatement(sql: "INSERT INTO scheduleop(ScheduleNum, OperatoryNum) VALUES (?,?)")
        for row in try Row.fetchAll(db, sql: "SELECT ScheduleNum, Operatories FROM schedule WHERE Operatories != ''") {
            for op in (row[1] as String).split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) {
                try insertSchedOp.insert([row[0] as Int, op])
            }
        }

        // Appointments with their procedures.
        let insertApt = try db.makeStatement(sql: """
            INSERT INTO appointment(AptNum, PatNum, AptStatus, Pattern, Confirmed, Op, Note, ProvNum, ProvHyg, AptDateTime,
              UnschedStatus, IsNewPatient, ProcDescript, ClinicNum, IsHygiene, DateTStamp, DateTimeArrived, DateTimeSeated,
              DateTimeDismissed, InsPlan1, SecDateTEntry, Priority, PatternSecondary, AppointmentTypeNum)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let insertProc = try db.makeStatement(sql: """
            INSERT INTO procedurelog(PatNum, AptNum, ProcDate, ProcFee, Surf, ToothNum, ProcStatus, ProvNum, Dx, ClinicNum,
              CodeNum, DateEntryC, DateTP, DateTStamp, SecDateEntry, PlannedAptNum)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let insertComm = try db.makeStatement(sql: "INSERT INTO commlog(PatNum, CommDateTime, CommType, Note, Mode_, SentOrReceived, DateTStamp, CommSource, DateTEntry) VALUES (?,?,?,?,?,?,?,?,?)")
        let active = patientMeta.filter { $0.status == "Patient" }
        let nowMinutes = SandboxCalendar.minutes(ofTime: Substring(now.suffix(8)))
        var aptNum = 0
        let confirmNear: [(Int, Int)] = [(19, 22), (24, 10), (21, 30), (20, 12), (255, 12), (252, 6), (289, 8)]
        let confirmFar: [(Int, Int)] = [(19, 70), (24, 10), (289, 12), (21, 8)]
        var lastHygiene: [Int: Int] = [:]
        // The next hygiene visit on the book: the recall's DateScheduled.
        var nextHygiene: [Int: Int] = [:]

        for day in days where isOpen(day) {
            let date = SandboxCalendar.date(day: day)
            let ahead = day - today
            let fill = ahead < 0 ? 0.85 : ahead == 0 ? 0.92 : max(0.25, 0.9 - Double(ahead) * 0.012)
            for op in ops {
                var minute = 8 * 60
                while minute < 17 * 60 {
                    if minute >= 12 * 60 && minute < 13 * 60 { minute = 13 * 60; continue }
                    let visit = op.hygiene
                        ? rng.weighted(Self.visits.filter(\.hygiene).map { ($0, $0.weight) })
                        : rng.weighted(Self.visits.filter { !$0.hygiene }.map { ($0, $0.weight) })
                    let length = visit.pattern.count * 5
                    let end = minute + length
                    if (minute < 12 * 60 && end > 12 * 60) || end > 17 * 60 {
                        minute += 10
                        continue
                    }
                    guard rng.chance(fill), let pat = active.isEmpty ? nil : active[rng.int(active.count)] else {
                        minute += rng.pick([10, 20, 30])
                        continue
                    }
                    aptNum += 1
                    // Status by time: the past is done (mostly), today moves through the day.
                    var status = "Scheduled"
                    var confirmed = 19
                    var arrived = SandboxCalendar.noDateTime, seated = SandboxCalendar.noDateTime, dismissed = SandboxCalendar.noDateTime
                    let startText = date + " " + SandboxCalendar.time(minutes: minute)
                    if ahead < 0 || (ahead == 0 && end <= nowMinutes) {
                        status = rng.weighted([("Complete", 88), ("Broken", 6), ("UnschedList", 4), ("Scheduled", 2)])
                        confirmed = status == "Complete" ? 21 : 24
                        if status == "Complete" {
                            arrived = date + " " + SandboxCalendar.time(minutes: minute - rng.int(in: 0...12))
                            seated = date + " " + SandboxCalendar.time(minutes: minute + rng.int(in: 0...8))
                            dismissed = date + " " + SandboxCalendar.time(minutes: end + rng.int(in: 0...10))
                        }
                    } else if ahead == 0 && minute <= nowMinutes + 10 {
                        // Around now: some waiting, some in the chair.
                        let arrivedAt = minute - rng.int(in: 0...15)
                        if arrivedAt <= nowMinutes, rng.chance(0.85) {
                            arrived = date + " " + SandboxCalendar.time(minutes: arrivedAt)
                            confirmed = 22
                            if minute + 5 <= nowMinutes, rng.chance(0.6) {
                                seated = date + " " + SandboxCalendar.time(minutes: minute + rng.int(in: 0...5))
                                confirmed = 25
                            }
                        } else {
                            confirmed = 21
                        }
                    } else if ahead <= 3 {
                        confirmed = rng.weighted(confirmNear)
                    } else {
                        confirmed = rng.weighted(confirmFar)
                    }
                    let priority = status == "Scheduled" && ahead > 3 && rng.chance(0.03) ? "ASAP"
                        : status == "UnschedList" && rng.chance(0.3) ? "ASAP" : "Normal"
                    let note = rng.chance(0.12) ? rng.pick(["Prefers morning appointments", "Nervous patient - offer headphones",
                                                            "Needs premed", "Bring insurance card", "Spanish speaker - Sofía can help",
                                                            "Running late often; call 15 min before", "Wheelchair access"]) : ""
                    // Procedures and ProcDescript.
                    var descript: [String] = []
                    var procRows: [[(any DatabaseValueConvertible)?]] = []
                    let procStatus = status == "Complete" ? "C" : "TP"
                    let tooth = String(rng.pick([2, 3, 14, 15, 18, 19, 30, 31, 8, 9]))
                    for code in visit.codes {
                        let info = codeInfo[code]!
                        var surf = "", toothNum = ""
                        switch info.area {
                        case "Surf":
                            toothNum = tooth
                            surf = code == "D2392" ? rng.pick(["MO", "DO", "OL", "OB"]) : rng.pick(["O", "M", "D", "B"])
                            descript.append("#\(toothNum)-\(surf)-\(info.abbr)")
                        case "Tooth":
                            toothNum = tooth
                            descript.append("#\(toothNum)-\(info.abbr)")
                        case "Quad":
                            surf = rng.pick(["UR", "UL", "LR", "LL"])
                            descript.append("\(surf)-\(info.abbr)")
                        default:
                            descript.append(info.abbr)
                        }
                        procRows.append([pat.num, aptNum, date, info.fee, surf, toothNum, procStatus, op.prov,
                                         defsByCat[16]![0], op.clinic, codeNum[code]!,
                                         procStatus == "C" ? date : SandboxCalendar.noDate,
                                         SandboxCalendar.date(day: min(day, today) - rng.int(20)), now, startText, 0])
                    }
                    let aptType = visit.kind.hasPrefix("recare") ? 1 : visit.kind == "newpt" ? 2 : visit.kind == "emergency" ? 4 : 0
                    try insertApt.insert([
                        aptNum, pat.num, status, visit.pattern, confirmed, op.num, note,
                        op.hygiene ? pat.prov : op.prov, op.hygiene ? op.prov : 0, startText,
                        status == "UnschedList" || status == "Broken" ? defsByCat[13]![rng.int(4)] : 0,
                        visit.kind == "newpt", descript.joined(separator: ", "), op.clinic, op.hygiene, now,
                        arrived, seated, dismissed, rng.chance(0.7) ? 30 + rng.int(40) : 0,
                        SandboxCalendar.date(day: min(day, today) - rng.int(in: 1...90)) + " 09:\(SandboxCalendar.pad(rng.int(60), 2)):00",
                        priority, String(repeating: "/", count: visit.pattern.count), aptType,
                    ])
                    for row in procRows { try insertProc.insert(row) }
                    if op.hygiene, status == "Complete" { lastHygiene[pat.num] = max(lastHygiene[pat.num] ?? 0, day) }
                    if op.hygiene, status == "Scheduled", day >= today { nextHygiene[pat.num] = min(nextHygiene[pat.num] ?? Int.max, day) }
                    // Confirmation calls leave commlogs.
                    if status == "Scheduled", [20, 21, 255, 252].contains(confirmed) {
                        let mode = confirmed == 255 ? "Text" : confirmed == 252 ? "Email" : "Phone"
                        let text = confirmed == 20 ? "Left message to confirm appt on \(date)" : "Appointment confirmed for \(SandboxCalendar.time(minutes: minute).prefix(5))"
                        let when = SandboxCalendar.date(day: min(today, day - 1)) + " 1\(rng.int(in: 0...6)):\(SandboxCalendar.pad(rng.int(60), 2)):00"
                        try insertComm.insert([pat.num, when, commTypeFor["ApptRelated"]!, text, mode, confirmed == 21 ? "Received" : "Sent", now, "User", when])
                    }
                    minute = end
                }
            }
        }

        // Planned appointments (treatment to schedule) for a slice of patients.
        for pat in active.prefix(max(3, patients / 60)) where rng.chance(0.5) {
            aptNum += 1
            let visit = rng.pick(Self.visits.filter { !$0.hygiene && $0.kind != "emergency" })
            var descript: [String] = []
            let tooth = String(rng.pick([3, 14, 19, 30]))
            for code in visit.codes {
                let info = codeInfo[code]!
                descript.append(info.area == "Mouth" ? info.abbr : "#\(tooth)-\(info.abbr)")
                try insertProc.insert([pat.num, 0, SandboxCalendar.date(day: today - rng.int(60)), info.fee, "", info.area == "Mouth" ? "" : tooth,
                                                   "TP", pat.prov, defsByCat[16]![1], pat.clinic, codeNum[code]!, SandboxCalendar.noDate,
                                                   SandboxCalendar.date(day: today - rng.int(60)), now, now, aptNum])
            }
            try insertApt.insert([aptNum, pat.num, "Planned", visit.pattern, 19, 0, "", pat.prov, 0, SandboxCalendar.noDateTime,
                                              0, false, descript.joined(separator: ", "), pat.clinic, false, now,
                                              SandboxCalendar.noDateTime, SandboxCalendar.noDateTime, SandboxCalendar.noDateTime, 0, now,
                                              "Normal", String(repeating: "/", count: visit.pattern.count), 0])
        }

        // Treatment plans not yet on any appointment (what the desktop books from the chart), for
        // another slice of patients. A random sequence of its own: the rest of the practice is the
        // same as before they were added.
        var planRng = SeededRandom(seed: seed ^ 0x7472_6561_746D_6E74)
        for pat in active.dropFirst(max(3, patients / 60)).prefix(max(5, patients / 20)) where planRng.chance(0.6) {
            let visit = planRng.pick(Self.visits.filter { !$0.hygiene && $0.kind != "emergency" })
            let tooth = String(planRng.pick([2, 3, 14, 15, 18, 19, 30, 31]))
            for code in visit.codes {
                let info = codeInfo[code]!
                try insertProc.insert([pat.num, 0, SandboxCalendar.date(day: today - planRng.int(90)), info.fee, "", info.area == "Mouth" ? "" : tooth,
                                                   "TP", pat.prov, defsByCat[16]![1], pat.clinic, codeNum[code]!, SandboxCalendar.noDate,
                                                   SandboxCalendar.date(day: today - planRng.int(90)), now, now, 0])
            }
        }

        // Recalls, a few commlogs, popups and medical notes.
        let insertRecall = try db.makeStatement(sql: "INSERT INTO recall(PatNum, DateDue, DatePrevious, RecallInterval, RecallStatus, Note, DateTStamp, RecallTypeNum, DateScheduled, NumRemind, LastRemind) VALUES (?,?,?,?,?,?,?,?,?,?,?)")
        let insertPopup = try db.makeStatement(sql: "INSERT INTO popup(PatNum, Description, PopupLevel, DateTimeEntry) VALUES (?,?,?,?)")
        let insertNote = try db.makeStatement(sql: "INSERT INTO patientnote(PatNum, Medical, Service, ICEName, ICEPhone, SecDateTEntry, SecDateTEdit) VALUES (?,?,?,?,?,?,?)")
        for pat in active {
            let previous = lastHygiene[pat.num] ?? (today - rng.int(in: 60...400))
            let child = pat.age < 14
            let interval = 182
            let reminded = rng.chance(0.3) ? rng.int(in: 1...3) : 0
            try insertRecall.insert([
                pat.num, SandboxCalendar.date(day: previous + interval), SandboxCalendar.date(day: previous), "6m",
                reminded > 0 ? defsByCat[13]![rng.int(3)] : 0, "", now, child ? 3 : 1,
                // Scheduled when the next hygiene visit is the one booked for this recall (within
                // a month of its due date); a visit far from it answers no recall.
                nextHygiene[pat.num].flatMap { abs($0 - (previous + interval)) <= 30 ? SandboxCalendar.date(day: $0) : nil } ?? SandboxCalendar.noDate,
                reminded,
                reminded > 0 ? SandboxCalendar.date(day: today - rng.int(in: 1...40)) : SandboxCalendar.noDate,
            ])
            if rng.chance(0.05) {
                let when = SandboxCalendar.date(day: today - rng.int(in: 1...200)) + " 11:\(SandboxCalendar.pad(rng.int(60), 2)):00"
                try insertComm.insert([pat.num, when, commTypeFor[rng.pick(["Insurance", "Misc", "Financial"])]!,
                                                   rng.pick(["Called about insurance coverage", "Asked about payment plan", "Updated address"]),
                                                   rng.pick(["Phone", "Email", "InPerson"]), rng.pick(["Sent", "Received"]), now, "User", when])
            }
            if rng.chance(0.02) {
                try insertPopup.insert([pat.num, rng.pick(["Premedicate before treatment", "Balance due - see front desk", "Latex allergy"]),
                                                    rng.pick(["Patient", "Family"]), now])
            }
            if rng.chance(0.1) {
                try insertNote.insert([pat.num, rng.pick(["Penicillin allergy", "Type 2 diabetes", "Hypertension - takes lisinopril", "Blood thinner (warfarin)"]),
                                                   "", rng.chance(0.5) ? "Pat \(rng.pick(Self.firstNames))" : "", rng.chance(0.5) ? "(503)555-0199" : "", now, now])
            }
        }
        // The escape-sequence patient also carries hostile text in a note and a popup.
        if patients >= 7 {
            try db.execute(sql: "UPDATE appointment SET Note = ? WHERE AptNum = (SELECT MIN(AptNum) FROM appointment WHERE PatNum = 7)",
                           arguments: ["Call first\u{1B}]0;pwned\u{07}\u{1B}[H\u{08}\u{08}"])
            try insertPopup.insert([7, "Alert\u{1B}[5m blinking\u{1B}[0m text", "Patient", now])
        }
    }
}
