import Foundation
import GRDB

/// The sandbox's SQLite schema: Open Dental's own table and column names (digest §3, schema S3),
/// with dates stored as the text the API sends, so sorting and copying need no conversion.
enum SandboxSchema {
    static func migrator() -> DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
            CREATE TABLE definition (
              DefNum INTEGER PRIMARY KEY, Category INTEGER NOT NULL, ItemOrder INTEGER NOT NULL,
              ItemName TEXT NOT NULL, ItemValue TEXT NOT NULL DEFAULT '', ItemColor TEXT NOT NULL DEFAULT '',
              IsHidden INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX definition_cat ON definition(Category, ItemOrder);
            CREATE TABLE clinic (
              ClinicNum INTEGER PRIMARY KEY, Description TEXT, Address TEXT, Address2 TEXT, City TEXT, State TEXT,
              Zip TEXT, Phone TEXT, Abbr TEXT, IsHidden INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE provider (
              ProvNum INTEGER PRIMARY KEY, Abbr TEXT NOT NULL, LName TEXT, FName TEXT, MI TEXT, Suffix TEXT,
              FeeSched INTEGER, Specialty INTEGER, SSN TEXT, StateLicense TEXT, IsSecondary INTEGER, ProvColor TEXT,
              IsHidden INTEGER, UsingTIN INTEGER, SigOnFile INTEGER, NationalProvID TEXT, DateTStamp TEXT,
              IsNotPerson INTEGER, ProvStatus TEXT, IsHiddenReport INTEGER, Birthdate TEXT, SchedNote TEXT,
              PreferredName TEXT, ClinicNum INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE operatory (
              OperatoryNum INTEGER PRIMARY KEY, OpName TEXT, Abbrev TEXT, ItemOrder INTEGER, IsHidden INTEGER,
              ProvDentist INTEGER, ProvHygienist INTEGER, IsHygiene INTEGER, ClinicNum INTEGER, SetProspective INTEGER,
              IsWebSched INTEGER, OperatoryType INTEGER);
            CREATE TABLE patient (
              PatNum INTEGER PRIMARY KEY, LName TEXT NOT NULL, FName TEXT NOT NULL, MiddleI TEXT, Preferred TEXT,
              PatStatus TEXT, Gender TEXT, Position TEXT, Birthdate TEXT, SSN TEXT, Address TEXT, Address2 TEXT,
              City TEXT, State TEXT, Zip TEXT, HmPhone TEXT, WkPhone TEXT, WirelessPhone TEXT, Guarantor INTEGER,
              Email TEXT, EstBalance REAL, PriProv INTEGER, SecProv INTEGER, FeeSched INTEGER, BillingType TEXT,
              ImageFolder TEXT, FamFinUrgNote TEXT, ChartNumber TEXT, MedicaidID TEXT, BalTotal REAL,
              EmployerNum INTEGER, DateFirstVisit TEXT, ClinicNum INTEGER, Premed INTEGER, Ward TEXT,
              PreferConfirmMethod TEXT, PreferContactMethod TEXT, PreferRecallMethod TEXT, Language TEXT,
              AdmitDate TEXT, SiteNum INTEGER NOT NULL DEFAULT 0, DateTStamp TEXT, SuperFamily INTEGER, TxtMsgOk TEXT,
              SecDateEntry TEXT,
              -- search helpers, not API fields: names folded (lower case, no accents) and phone digits
              LNameFold TEXT, FNameFold TEXT, PhoneDigits TEXT);
            CREATE INDEX patient_lname ON patient(LNameFold);
            CREATE INDEX patient_guar ON patient(Guarantor);
            CREATE INDEX patient_stamp ON patient(DateTStamp);
            CREATE TABLE appointment (
              AptNum INTEGER PRIMARY KEY, PatNum INTEGER NOT NULL, AptStatus TEXT NOT NULL, Pattern TEXT NOT NULL,
              Confirmed INTEGER NOT NULL, TimeLocked INTEGER NOT NULL DEFAULT 0, Op INTEGER NOT NULL, Note TEXT NOT NULL DEFAULT '',
              ProvNum INTEGER NOT NULL, ProvHyg INTEGER NOT NULL DEFAULT 0, AptDateTime TEXT NOT NULL,
              NextAptNum INTEGER NOT NULL DEFAULT 0, UnschedStatus INTEGER NOT NULL DEFAULT 0,
              IsNewPatient INTEGER NOT NULL DEFAULT 0, ProcDescript TEXT NOT NULL DEFAULT '', ClinicNum INTEGER NOT NULL DEFAULT 0,
              IsHygiene INTEGER NOT NULL DEFAULT 0, DateTStamp TEXT NOT NULL,
              DateTimeArrived TEXT NOT NULL DEFAULT '0001-01-01 00:00:00', DateTimeSeated TEXT NOT NULL DEFAULT '0001-01-01 00:00:00',
              DateTimeDismissed TEXT NOT NULL DEFAULT '0001-01-01 00:00:00', InsPlan1 INTEGER NOT NULL DEFAULT 0,
              InsPlan2 INTEGER NOT NULL DEFAULT 0, DateTimeAskedToArrive TEXT NOT NULL DEFAULT '0001-01-01 00:00:00',
              ColorOverride TEXT NOT NULL DEFAULT '0,0,0', AppointmentTypeNum INTEGER NOT NULL DEFAULT 0,
              SecUserNumEntry INTEGER NOT NULL DEFAULT 0, SecDateTEntry TEXT NOT NULL, Priority TEXT NOT NULL DEFAULT 'Normal',
              PatternSecondary TEXT NOT NULL DEFAULT '', ItemOrderPlanned INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX appointment_date ON appointment(AptDateTime);
            CREATE INDEX appointment_pat ON appointment(PatNum);
            CREATE INDEX appointment_stamp ON appointment(DateTStamp);
            CREATE TABLE procedurecode (
              CodeNum INTEGER PRIMARY KEY, ProcCode TEXT NOT NULL UNIQUE, Descript TEXT NOT NULL, AbbrDesc TEXT NOT NULL,
              TreatArea TEXT NOT NULL, DefaultFee REAL NOT NULL, Minutes INTEGER NOT NULL);
            CREATE TABLE procedurelog (
              ProcNum INTEGER PRIMARY KEY, PatNum INTEGER NOT NULL, AptNum INTEGER NOT NULL DEFAULT 0, ProcDate TEXT NOT NULL,
              ProcFee REAL NOT NULL, Surf TEXT NOT NULL DEFAULT '', ToothNum TEXT NOT NULL DEFAULT '', ToothRange TEXT NOT NULL DEFAULT '',
              Priority INTEGER NOT NULL DEFAULT 0, ProcStatus TEXT NOT NULL, ProvNum INTEGER NOT NULL, Dx INTEGER NOT NULL DEFAULT 0,
              PlannedAptNum INTEGER NOT NULL DEFAULT 0, PlaceService TEXT NOT NULL DEFAULT 'Office', Prosthesis TEXT NOT NULL DEFAULT '',
              DateOriginalProsth TEXT NOT NULL DEFAULT '0001-01-01', ClaimNote TEXT NOT NULL DEFAULT '',
              DateEntryC TEXT NOT NULL DEFAULT '0001-01-01', ClinicNum INTEGER NOT NULL DEFAULT 0, CodeNum INTEGER NOT NULL,
              UnitQty INTEGER NOT NULL DEFAULT 1, BaseUnits INTEGER NOT NULL DEFAULT 0, DateTP TEXT NOT NULL DEFAULT '0001-01-01',
              SiteNum INTEGER NOT NULL DEFAULT 0, HideGraphics INTEGER NOT NULL DEFAULT 0, CanadianTypeCodes TEXT NOT NULL DEFAULT '',
              ProcTime TEXT NOT NULL DEFAULT '00:00:00', ProcTimeEnd TEXT NOT NULL DEFAULT '00:00:00', DateTStamp TEXT NOT NULL,
              Prognosis INTEGER NOT NULL DEFAULT 0, IsLocked INTEGER NOT NULL DEFAULT 0, BillingNote TEXT NOT NULL DEFAULT '',
              Discount REAL NOT NULL DEFAULT 0, IsDateProsthEst INTEGER NOT NULL DEFAULT 0, SecDateEntry TEXT NOT NULL);
            CREATE INDEX procedurelog_pat ON procedurelog(PatNum);
            CREATE INDEX procedurelog_apt ON procedurelog(AptNum);
            CREATE TABLE commlog (
              CommlogNum INTEGER PRIMARY KEY, PatNum INTEGER NOT NULL, CommDateTime TEXT NOT NULL, CommType INTEGER NOT NULL,
              Note TEXT NOT NULL, Mode_ TEXT NOT NULL, SentOrReceived TEXT NOT NULL, UserNum INTEGER NOT NULL DEFAULT 0,
              DateTStamp TEXT NOT NULL, CommSource TEXT NOT NULL DEFAULT 'User', ProgramNum INTEGER NOT NULL DEFAULT 0,
              DateTEntry TEXT NOT NULL, ReferralNum INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX commlog_pat ON commlog(PatNum);
            CREATE TABLE schedule (
              ScheduleNum INTEGER PRIMARY KEY, SchedDate TEXT NOT NULL, StartTime TEXT NOT NULL, StopTime TEXT NOT NULL,
              SchedType TEXT NOT NULL, ProvNum INTEGER NOT NULL DEFAULT 0, BlockoutType INTEGER NOT NULL DEFAULT 0,
              Note TEXT NOT NULL DEFAULT '', Operatories TEXT NOT NULL DEFAULT '', EmployeeNum INTEGER NOT NULL DEFAULT 0,
              DateTStamp TEXT NOT NULL);
            CREATE INDEX schedule_date ON schedule(SchedDate);
            CREATE TABLE scheduleop (
              ScheduleOpNum INTEGER PRIMARY KEY, ScheduleNum INTEGER NOT NULL, OperatoryNum INTEGER NOT NULL);
            CREATE INDEX scheduleop_sched ON scheduleop(ScheduleNum);
            CREATE TABLE recalltype (
              RecallTypeNum INTEGER PRIMARY KEY, Description TEXT NOT NULL, DefaultInterval TEXT NOT NULL, Procedures TEXT NOT NULL,
              TimePattern TEXT NOT NULL DEFAULT '', AppendToSpecial INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE recall (
              RecallNum INTEGER PRIMARY KEY, PatNum INTEGER NOT NULL, DateDue TEXT NOT NULL, DatePrevious TEXT NOT NULL,
              RecallInterval TEXT NOT NULL, RecallStatus INTEGER NOT NULL DEFAULT 0, Note TEXT NOT NULL DEFAULT '',
              IsDisabled INTEGER NOT NULL DEFAULT 0, DateTStamp TEXT NOT NULL, RecallTypeNum INTEGER NOT NULL,
              DateScheduled TEXT NOT NULL DEFAULT '0001-01-01', Priority TEXT NOT NULL DEFAULT 'Normal',
              NumRemind INTEGER NOT NULL DEFAULT 0, LastRemind TEXT NOT NULL DEFAULT '0001-01-01');
            CREATE INDEX recall_due ON recall(DateDue);
            CREATE TABLE popup (
              PopupNum INTEGER PRIMARY KEY, PatNum INTEGER NOT NULL, Description TEXT NOT NULL, IsDisabled INTEGER NOT NULL DEFAULT 0,
              PopupLevel TEXT NOT NULL DEFAULT 'Patient', DateTimeEntry TEXT NOT NULL, IsArchived INTEGER NOT NULL DEFAULT 0,
              PopupNumArchive INTEGER NOT NULL DEFAULT 0, DateTimeDisabled TEXT NOT NULL DEFAULT '0001-01-01 00:00:00');
            CREATE INDEX popup_pat ON popup(PatNum);
            CREATE TABLE patientnote (
              PatNum INTEGER PRIMARY KEY, FamFinancial TEXT NOT NULL DEFAULT '', Medical TEXT NOT NULL DEFAULT '',
              Service TEXT NOT NULL DEFAULT '', MedicalComp TEXT NOT NULL DEFAULT '', Treatment TEXT NOT NULL DEFAULT '',
              ICEName TEXT NOT NULL DEFAULT '', ICEPhone TEXT NOT NULL DEFAULT '', SecDateTEntry TEXT NOT NULL,
              SecDateTEdit TEXT NOT NULL);
            CREATE TABLE appointmenttype (
              AppointmentTypeNum INTEGER PRIMARY KEY, AppointmentTypeName TEXT NOT NULL, AppointmentTypeColor TEXT NOT NULL,
              IsHidden INTEGER NOT NULL DEFAULT 0, Pattern TEXT NOT NULL, CodeStr TEXT NOT NULL, CodeStrRequired TEXT NOT NULL DEFAULT '',
              RequiredProcCodesNeeded TEXT NOT NULL DEFAULT 'None', BlockoutTypes TEXT NOT NULL DEFAULT '');
            """)
        }
        m.registerMigration("v2-paging-index") { db in
            // Offset paging over patients scans this narrow covering index instead of whole rows.
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS patient_num_status ON patient(PatNum, PatStatus)")
        }
        m.registerMigration("v3-preferences") { db in
            // A few of the office's settings. This office links its own "Arrived" and "In Treatment
            // Room" statuses to the arrival and seating times, as a desktop office sets up in
            // Setup > Appointments (there are no stock ones); dismissal is not linked.
            try db.execute(sql: """
                CREATE TABLE preference (PrefNum INTEGER PRIMARY KEY, PrefName TEXT NOT NULL UNIQUE, ValueString TEXT NOT NULL);
                INSERT INTO preference (PrefNum, PrefName, ValueString) VALUES
                  (15, 'RecallDaysPast', '365'), (112, 'WaitingRoomAlertTime', '15'),
                  (601, 'AppointmentTimeArrivedTrigger', '22'), (602, 'AppointmentTimeSeatedTrigger', '25'),
                  (603, 'AppointmentTimeDismissedTrigger', '0');
                """)
        }
        m.registerMigration("v4-procedure-time") { db in
            // procedurecode.ProcTime: the code's time pattern (`X` provider, `/` assistant, 5
            // minutes a character), which the desktop adds up into an appointment's length.
            try db.execute(sql: "ALTER TABLE procedurecode ADD COLUMN ProcTime TEXT NOT NULL DEFAULT ''")
            for row in try Row.fetchAll(db, sql: "SELECT CodeNum, Minutes FROM procedurecode") {
                try db.execute(sql: "UPDATE procedurecode SET ProcTime = ? WHERE CodeNum = ?",
                               arguments: [procTime(minutes: row["Minutes"]), row["CodeNum"] as Int])
            }
        }
        return m
    }

    /// A code's pattern from its minutes: `/` then `X` then `/` (none for a code that takes no time).
    static func procTime(minutes: Int) -> String {
        let blocks = max(0, minutes / 5)
        if blocks <= 2 { return String(repeating: "X", count: blocks) }
        return "/" + String(repeating: "X", count: blocks - 2) + "/"
    }

    /// Lower case without accents or combining marks, for "nunez" to find "Núñez".
    static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
    }

    static func digits(_ s: String) -> String { String(s.unicodeScalars.filter { $0.properties.numericType == .decimal && $0.isASCII }.map(Character.init)) }
}
