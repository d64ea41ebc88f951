import Foundation
import Testing
@testable import OpenDentalAPI

// Every example response of the digest (opendental-api.md §3), verbatim, plus each quirk of §1.4 and §6.
@Suite struct DigestExampleTests {
    @Test func appointmentGetSingle() throws {
        let a = try decode(Appointment.self, """
        {"serverDateTime":"2021-05-04 09:32:45","AptNum":18,"PatNum":17,"AptStatus":"Scheduled","Pattern":"//XXXX//","Confirmed":19,"confirmed":"Not Called","TimeLocked":"false","Op":3,"Note":"","ProvNum":1,"provAbbr":"DOC1","ProvHyg":0,"AptDateTime":"2020-07-31 08:30:00","NextAptNum":0,"UnschedStatus":0,"unschedStatus":"","IsNewPatient":"false","ProcDescript":"Seal, Seal","ClinicNum":0,"IsHygiene":"false","DateTStamp":"2021-05-03 08:30:12","DateTimeArrived":"0001-01-01 00:00:00","DateTimeSeated":"0001-01-01 00:00:00","DateTimeDismissed":"0001-01-01 00:00:00","InsPlan1":35,"InsPlan2":0,"DateTimeAskedToArrive":"0001-01-01 00:00:00","colorOverride":"0,0,0","AppointmentTypeNum":0,"SecUserNumEntry":0,"SecDateTEntry":"2020-07-04 09:12:05","Priority":"Normal","PatternSecondary":"//////X/","ItemOrderPlanned":0}
        """)
        #expect(a.serverDateTime == LocalDateTime("2021-05-04 09:32:45"))
        #expect(a.aptNum == 18 && a.patNum == 17)
        #expect(a.aptStatus == .scheduled)
        #expect(a.lengthMinutes == 40)
        #expect(a.confirmed == 19 && a.confirmedName == "Not Called")
        #expect(a.timeLocked == false)
        #expect(a.op == 3 && a.provNum == 1 && a.provAbbr == "DOC1")
        #expect(a.aptDateTime == LocalDateTime(date: LocalDate(year: 2020, month: 7, day: 31), time: LocalTime(hour: 8, minute: 30)))
        #expect(a.procDescript == "Seal, Seal")
        #expect(a.dateTimeArrived == nil && a.dateTimeSeated == nil && a.dateTimeDismissed == nil)
        #expect(a.dateTimeAskedToArrive == nil)
        #expect(a.insPlan1 == 35)
        #expect(a.priority == .normal)
        #expect(a.patternSecondary == "//////X/")
        #expect(a.isNewPatient == false && a.isHygiene == false)
    }

    @Test func patientGetSingle() throws {
        let p = try decode(Patient.self, """
        {"PatNum":48,"LName":"Smith","FName":"Jane","MiddleI":"","Preferred":"","PatStatus":"Patient","Gender":"Female","Position":"Single","Birthdate":"1976-05-24","SSN":"","Address":"125 Satin Heights","Address2":"","City":"San Jose","State":"CA","Zip":"97301","HmPhone":"(536)624-5871","WkPhone":"(536)987-4822","WirelessPhone":"(536)987-4822","Guarantor":48,"Email":"smithfam@yahoo.com","EstBalance":0.0,"PriProv":1,"priProvAbbr":"DOC","SecProv":0,"secProvAbbr":"","FeeSched":0,"BillingType":"Standard Account","ImageFolder":"SmithJane48","FamFinUrgNote":"CC on file expiring soon","ChartNumber":"","MedicaidID":"","BalTotal":111.9,"EmployerNum":0,"DateFirstVisit":"2021-12-16","ClinicNum":0,"clinicAbbr":"","Premed":"false","Ward":"","PreferConfirmMethod":"None","PreferContactMethod":"WirelessPh","PreferRecallMethod":"TextMessage","Language":"spa","AdmitDate":"0001-01-01","siteDesc":"","DateTStamp":"2021-12-08 15:34:34","SuperFamily":0,"TxtMsgOk":"Unknown","SecDateEntry":"2021-12-04"}
        """)
        #expect(p.patNum == 48 && p.lName == "Smith" && p.fName == "Jane")
        #expect(p.patStatus == .patient && p.gender == .female && p.position == .single)
        #expect(p.birthdate == LocalDate(year: 1976, month: 5, day: 24))
        #expect(p.zip == "97301")
        #expect(p.balTotal == Decimal(string: "111.9"))
        #expect(p.admitDate == nil)
        #expect(p.preferContactMethod == .wirelessPhone && p.preferRecallMethod == .textMessage)
        #expect(p.premed == false)
        #expect(p.txtMsgOk == .unknown)
        #expect(p.secDateEntry == LocalDate(year: 2021, month: 12, day: 4))
        #expect(p.serverDateTime == nil)
    }

    @Test func patientSelectRowWithNumericZip() throws {
        let rows = try decode([PatientSelectRow].self, """
        [{"PatNum":11,"LName":"Lopez","FName":"Ana","MiddleI":"","Preferred":"","PatStatus":"Patient","Birthdate":"1980-01-02","SSN":"","Address":"1 Main","Address2":"","City":"LA","State":"CA","Zip":90011,"HmPhone":"","WkPhone":"","WirelessPhone":"(555)123-4567","Email":"","priProvAbbr":"DOC","secProvAbbr":"","BillingType":"Standard Account","ChartNumber":"","ClinicNum":0,"clinicAbbr":"","siteDesc":"","TxtMsgOk":"Yes"}]
        """)
        #expect(rows.count == 1)
        #expect(rows[0].zip == "90011")
        #expect(rows[0].txtMsgOk == .yes)
    }

    @Test func procedureLogGetSingle() throws {
        let p = try decode(ProcedureLog.self, """
        {"ProcNum":20,"PatNum":12,"AptNum":1341,"ProcDate":"2022-05-05","ProcFee":"130.00","Surf":"MODL","ToothNum":"4","ToothRange":"","Priority":0,"priority":"","ProcStatus":"C","ProvNum":2,"provAbbr":"DOC2","Dx":0,"dxName":"","PlannedAptNum":0,"PlaceService":"Office","Prosthesis":"","DateOriginalProsth":"0001-01-01","ClaimNote":"","DateEntryC":"2022-04-17","ClinicNum":0,"CodeNum":2,"procCode":"D0120","descript":"periodic oral evaluation - established patient","UnitQty":1,"BaseUnits":0,"DateTP":"2022-04-17","SiteNum":0,"HideGraphics":"false","CanadianTypeCodes":"","ProcTime":"00:00:00","ProcTimeEnd":"00:00:00","DateTStamp":"2022-05-05 07:00:34","Prognosis":0,"IsLocked":"false","BillingNote":"","Discount":0.0,"IsDateProsthEst":"false","SecDateEntry":"2022-04-17 09:38:21","serverDateTime":"2025-06-17 09:00:34"}
        """)
        #expect(p.procNum == 20 && p.aptNum == 1341)
        #expect(p.procFee == Decimal(string: "130.00"))
        #expect(p.procStatus == .complete)
        #expect(p.placeService == .office)
        #expect(p.dateOriginalProsth == nil)
        #expect(p.procCode == "D0120")
        #expect(p.procTime == LocalTime(hour: 0, minute: 0))
        #expect(p.serverDateTime == LocalDateTime("2025-06-17 09:00:34"))
    }

    @Test func procedureLogOlderShapeWithStringFKs() throws {
        let p = try decode(ProcedureLog.self, """
        {"ProcNum":21,"PatNum":12,"AptNum":"1023","ProcDate":"2022-05-05","ProcFee":"250","Surf":"","ToothNum":"","ToothRange":"","Priority":0,"priority":"","ProcStatus":"TP","ProvNum":2,"provAbbr":"DOC2","Dx":0,"dxName":"","PlannedAptNum":"0","Prosthesis":"","DateOriginalProsth":"0001-01-01","ClinicNum":"0","CodeNum":2,"procCode":"D1110","descript":"prophylaxis - adult","UnitQty":1,"BaseUnits":0,"DateTStamp":"2022-05-05 07:00:34","IsDateProsthEst":"false","serverDateTime":"2025-06-17 09:00:34"}
        """)
        #expect(p.aptNum == 1023 && p.plannedAptNum == 0 && p.clinicNum == 0)
        #expect(p.procFee == 250)
        #expect(p.procStatus == .treatmentPlanned)
        #expect(p.placeService == nil && p.hideGraphics == nil && p.discount == nil)
    }

    @Test func definitionsBothShapes() throws {
        let new = try decode(Definition.self, #"{"DefNum":7,"Category":1,"category":"AdjTypes","ItemOrder":0,"ItemName":"Sales Tax","ItemValue":"+","IsHidden":"false","Supp":""}"#)
        let old = try decode(Definition.self, #"{"DefNum":293,"ItemName":"Sales Tax","ItemValue":"+","Category":1,"category":"AdjTypes","isHidden":"true"}"#)
        #expect(new.defNum == 7 && new.itemOrder == 0 && new.isHidden == false && new.supp == "")
        #expect(old.defNum == 293 && old.itemOrder == nil && old.isHidden == true && old.supp == nil)
        #expect(old.categoryName == "AdjTypes" && old.category == 1)
    }

    @Test func provider() throws {
        let p = try decode(Provider.self, """
        {"ProvNum":1,"Abbr":"DOC1","LName":"Albert","FName":"Brian","MI":"L","Suffix":"","FeeSched":53,"Specialty":263,"SSN":"1522864182","StateLicense":"D7601","IsSecondary":"false","provColor":"164,255,164","IsHidden":"false","UsingTIN":"true","SigOnFile":"true","NationalProvID":"1679608723","DateTStamp":"2021-08-04 08:33:01","IsNotPerson":"false","ProvStatus":"Active","IsHiddenReport":"false","Birthdate":"0001-01-01","SchedNote":"","PreferredName":"","serverDateTime":"2021-08-31 12:05:31"}
        """)
        #expect(p.abbr == "DOC1" && p.usingTIN && p.sigOnFile == true && !p.isHygienist)
        #expect(p.provStatus == .active && p.birthdate == nil)
    }

    @Test func operatory() throws {
        let o = try decode(Operatory.self, #"{"OperatoryNum":1,"OpName":"Dr. Brian Albert","Abbrev":"OP-1","ItemOrder":0,"IsHidden":"false","ProvDentist":1,"ProvHygienist":0,"IsHygiene":"false","ClinicNum":2,"SetProspective":"false","IsWebSched":"false","OperatoryType":0,"operatoryType":""}"#)
        #expect(o.operatoryNum == 1 && o.abbrev == "OP-1" && o.clinicNum == 2 && !o.isHidden)
    }

    @Test func clinics() throws {
        let c = try decode([Clinic].self, #"[{"ClinicNum":1,"Description":"Clinic1","Address":"333 Blackwood St","Address2":"","City":"Salem","State":"Oregon","Zip":"97301","BillingAddress":"333 Blackwood St ","BillingAddress2":"","BillingCity":" Salem ","BillingState":" Oregon ","BillingZip":"97301","PayToAddress":"","PayToAddress2":"","PayToCity":"","PayToState":"","PayToZip":"","Phone":"5105552005","Abbr":"Clinic1","IsHidden":"false"}]"#)
        #expect(c.first?.abbr == "Clinic1" && c.first?.phone == "5105552005")
    }

    @Test func commlogWithNumericStringCommType() throws {
        let c = try decode(Commlog.self, #"{"CommlogNum":14,"PatNum":30,"CommDateTime":"2025-01-21 11:15:00","CommType":"235","commType":"ApptRelated","Note":"Appointment confirmed for 9:15am.","Mode_":"Text","SentOrReceived":"Received","UserNum":0,"DateTStamp":"2025-01-21 11:23:27","CommSource":"User","ProgramNum":0,"DateTEntry":"2025-01-21 11:20:34","ReferralNum":0}"#)
        #expect(c.commType == 235 && c.commTypeName == "ApptRelated")
        #expect(c.mode == .text && c.sentOrReceived == .received && c.commSource == .user)
        let old = try decode(Commlog.self, #"{"CommlogNum":3,"PatNum":30,"CommDateTime":"2020-01-21 11:15:00","CommType":"235","commType":"Misc","Note":"x","Mode_":"In Person","SentOrReceived":"Sent"}"#)
        #expect(old.mode == .inPerson && old.userNum == nil && old.commSource == nil)
    }

    @Test func scheduleAllStrings() throws {
        let s = try decode(Schedule.self, #"{"ScheduleNum":"24420","SchedDate":"2022-03-07","StartTime":"14:00:00","StopTime":"18:00:00","SchedType":"Provider","ProvNum":"3","BlockoutType":"0","blockoutType":"","Note":"","operatories":"2","EmployeeNum":"0","DateTStamp":"2022-03-07 08:17:32"}"#)
        #expect(s.scheduleNum == 24420 && s.provNum == 3 && s.operatories == [2])
        #expect(s.startTime == LocalTime(hour: 14, minute: 0) && s.schedType == .provider)
        let multi = try decode(Schedule.self, #"{"ScheduleNum":"1","SchedDate":"2022-03-07","StartTime":"00:00:00","StopTime":"00:00:00","SchedType":"Practice","ProvNum":"0","BlockoutType":"0","blockoutType":"","Note":"Holiday","operatories":"5,6","EmployeeNum":"0"}"#)
        #expect(multi.operatories == [5, 6] && multi.dateTStamp == nil)
    }

    @Test func appointmentTypeWithNumericEnum() throws {
        let t = try decode(AppointmentType.self, #"{"AppointmentTypeNum":1,"AppointmentTypeName":"Crown","appointmentTypeColor":"0,0,0","IsHidden":"false","Pattern":"/XXX/","CodeStr":"D2740","CodeStrRequired":"","RequiredProcCodesNeeded":0,"BlockoutTypes":"TeleExam"}"#)
        #expect(t.requiredProcCodesNeeded == .none)
        let t2 = try decode(AppointmentType.self, #"{"AppointmentTypeNum":2,"AppointmentTypeName":"X","RequiredProcCodesNeeded":"AtLeastOne"}"#)
        #expect(t2.requiredProcCodesNeeded == .atLeastOne)
    }

    @Test func recallListRowUSDates() throws {
        let r = try decode(RecallListRow.self, #"{"DueDate":"3/7/2022","PatNum":38,"Patient":"Smith, John","Age":"45","Type":"Prophy","Interval":"6m","NumRemind":"2","LastRemind":"1/15/2022","Contact":"(555)555-1234","Status":"","ClinicNum":0,"Note":""}"#)
        #expect(r.dueDate == LocalDate(year: 2022, month: 3, day: 7))
        #expect(r.lastRemind == LocalDate(year: 2022, month: 1, day: 15))
        #expect(r.numRemind == 2)
    }

    @Test func slotsPermsNotesPopups() throws {
        let slot = try decode(Slot.self, #"{"DateTimeStart":"2022-03-07 08:00:00","DateTimeEnd":"2022-03-07 09:00:00","ProvNum":1,"OpNum":2}"#)
        #expect(slot.opNum == 2 && slot.dateTimeEnd == LocalDateTime("2022-03-07 09:00:00"))
        let perms = try decode([SecurityPerm].self, #"[{"Permission":"ApiReadAll","HasPermission":"true"},{"Permission":"ApiAllOthers","HasPermission":"false"},{"Permission":"ApiComm","HasPermission":"True"}]"#)
        #expect(perms.map(\.hasPermission) == [true, false, true])
        let note = try decode(PatientNote.self, #"{"PatNum":12,"FamFinancial":"","Medical":"Penicillin allergy","Service":"","MedicalComp":"","Treatment":"","ICEName":"Bob","ICEPhone":"555","SecDateTEntry":"2022-01-01 10:00:00","SecDateTEdit":"2022-01-02 10:00:00"}"#)
        #expect(note.medical == "Penicillin allergy" && note.iceName == "Bob")
        let oldNote = try decode(PatientNote.self, #"{"Medical":"x","ICEName":"","ICEPhone":"","Service":""}"#)
        #expect(oldNote.patNum == nil)
        let popup = try decode(Popup.self, #"{"PopupNum":5,"PatNum":12,"Description":"Needs premed","IsDisabled":"false","PopupLevel":"Family","DateTimeEntry":"2022-01-01 10:00:00","IsArchived":"false","PopupNumArchive":0,"DateTimeDisabled":"1/1/0001 12:00:00 AM"}"#)
        #expect(popup.popupLevel == .family && popup.dateTimeDisabled == nil)
    }
}

@Suite struct QuirkTests {
    @Test func booleansAnyCase() throws {
        let a = try decode(Appointment.self, #"{"AptNum":1,"IsHygiene":"True","IsNewPatient":"FALSE","TimeLocked":true}"#)
        #expect(a.isHygiene == true && a.isNewPatient == false && a.timeLocked == true)
    }

    @Test func numbersAsStrings() throws {
        let a = try decode(Appointment.self, #"{"AptNum":"77","PatNum":"5","Op":"3","Confirmed":"21"}"#)
        #expect(a.aptNum == 77 && a.patNum == 5 && a.op == 3 && a.confirmed == 21)
    }

    @Test func dateSentinelsAreNone() throws {
        let p = try decode(Patient.self, #"{"PatNum":1,"Birthdate":"0001-01-01","DateFirstVisit":"","DateTStamp":"0001-01-01 00:00:00"}"#)
        #expect(p.birthdate == nil && p.dateFirstVisit == nil && p.dateTStamp == nil)
    }

    @Test func unknownEnumValuesAreKept() throws {
        let a = try decode(Appointment.self, #"{"AptNum":1,"AptStatus":"Teleconsult","Priority":"Urgent"}"#)
        #expect(a.aptStatus.rawValue == "Teleconsult" && !a.aptStatus.isKnown)
        #expect(a.priority?.rawValue == "Urgent")
        let p = try decode(ProcedureLog.self, #"{"ProcNum":1,"ProcStatus":"Xq"}"#)
        #expect(p.procStatus.rawValue == "Xq" && !p.procStatus.isKnown)
    }

    @Test func enumsMatchCaseAndSpacingLeniently() throws {
        #expect(ApptStatus(wire: "scheduled") == .scheduled)
        #expect(CommItemMode(wire: "Email and Text") == .emailAndText)
        #expect(ProcStatus(wire: "TPi") == .treatmentPlanInactive)
        #expect(ProcStatus(wire: "TP") == .treatmentPlanned)
    }

    @Test func unknownKeysIgnoredAndNewerFieldsOptional() throws {
        let a = try decode(Appointment.self, #"{"AptNum":9,"SomethingNew":{"a":[1,2]},"FutureFlag":"true"}"#)
        #expect(a.aptNum == 9 && a.secUserNumEntry == nil && a.itemOrderPlanned == nil && a.priority == nil)
    }

    @Test func procFeeStringAndNumber() throws {
        #expect(try decode(ProcedureLog.self, #"{"ProcNum":1,"ProcFee":"99.50"}"#).procFee == Decimal(string: "99.5"))
        #expect(try decode(ProcedureLog.self, #"{"ProcNum":1,"ProcFee":99.5}"#).procFee == Decimal(string: "99.5"))
        #expect(try decode(ProcedureLog.self, #"{"ProcNum":1,"ProcFee":"-3.25"}"#).procFee == Decimal(string: "-3.25"))
        #expect(try decode(ProcedureLog.self, #"{"ProcNum":1,"ProcFee":"1e2"}"#).procFee == 100)
    }

    /// A fee in a shape the API never writes is an error naming the field, never the number read
    /// from its front ("1,234.50" is not 1).
    @Test func procFeeThatIsNotWholeANumberIsAnError() {
        for text in ["1,234.50", "12x", "1.2.3", "-", ".", "1e", "١٢"] {
            #expect(throws: DecodingError.self, "\(text)") { try decode(ProcedureLog.self, #"{"ProcNum":1,"ProcFee":"\#(text)"}"#) }
        }
    }

    @Test func missingPrimaryKeyIsAnError() {
        #expect(throws: DecodingError.self) { try decode(Appointment.self, #"{"PatNum":1}"#) }
    }

    @Test func badDateIsAnErrorNamingTheField() async throws {
        let transport = StubTransport { _, _ in json(#"{"AptNum":2,"AptDateTime":"yesterday","LName":"Secret"}"#) }
        let client = makeClient(transport: transport)
        do {
            _ = try await client.send(Endpoints.appointment(2))
            Issue.record("expected a decoding error")
        } catch let e as OpenDentalError {
            guard case .decoding(let path, _, let excerpt) = e else { Issue.record("wrong error \(e)"); return }
            #expect(path == "AptDateTime")
            #expect(excerpt.hasPrefix("{\"AptNum\":2"))
            // The excerpt is the office's data: it never reaches the text a user sees.
            #expect(!e.description.contains("Secret") && !e.description.contains("AptNum\":2"))
        }
    }

    @Test func aBadRowInAPageCostsThatRowOnly() async throws {
        let transport = StubTransport { _, _ in json(#"[{"AptNum":1},{"AptNum":2,"AptDateTime":"yesterday"},{"AptNum":3}]"#) }
        let client = makeClient(transport: transport)
        let rows = try await client.send(Endpoints.appointments().request(limit: 100, offset: 0))
        #expect(rows.map(\.aptNum) == [1, 3])
    }

    @Test func malformedJSONIsADecodingError() async throws {
        let transport = StubTransport { _, _ in json("[{\"AptNum\":1,") }
        let client = makeClient(transport: transport)
        await #expect(throws: OpenDentalError.self) {
            _ = try await client.send(Endpoints.appointment(1))
        }
    }

    @Test func localDateArithmetic() {
        let d = LocalDate(year: 2026, month: 11, day: 29)
        #expect(d.weekday == 0) // a Sunday
        #expect(d.adding(days: 3) == LocalDate(year: 2026, month: 12, day: 2))
        #expect(LocalDate(dayNumber: d.dayNumber) == d)
        #expect(LocalDateTime("2026-02-28 23:30:00")!.adding(seconds: 3600) == LocalDateTime("2026-03-01 00:30:00"))
    }
}
