import Foundation
import OpenDentalAPI
import TerminalUI

/// I/O the runtime carries out; its result comes back as a `Msg`.
public enum Effect: Equatable, Sendable {
    /// `GET /securityperms`: may this key run short queries?
    case loadPermissions
    /// The day's patients' names in one `PUT /queries/ShortQuery` (offices that grant ApiQueries).
    case loadDayNames(LocalDate)
    case loadReference
    /// Page through the patient directory in the background (names for appointment rows).
    case crawlDirectory
    case loadDay(LocalDate)
    case resolvePatients([Int])
    /// Names from the local cache only (no request): after the directory caught up with the office.
    case namesFromCache([Int])
    case searchPatients(query: String, PatientSearch, offset: Int)
    /// Wait a moment, then send `.patients(.searchPause(generation))` back: typing pauses trigger the search.
    case debounce(generation: Int, seconds: Double)
    case loadDetail(Int)
    case loadList(ListKind, today: LocalDate)
    case confirm(aptNum: Int, Confirmation)
    case setTime(aptNum: Int, TimeField, LocalTime)
    /// The time and the confirmation status the office links to it, in one `PUT /appointments/{n}`.
    case checkIn(aptNum: Int, TimeField, LocalTime, status: Int)
    case appendNote(aptNum: Int, String)
    /// ASAP on or off: `PUT /appointments/{n}` with `Priority`.
    case setPriority(aptNum: Int, ApptPriority)
    case breakAppointment(aptNum: Int, toUnscheduledList: Bool, BreakType?)
    case addCommlog(patNum: Int, String)
    /// `GET /patients` by last name: who is alike before a new patient is created.
    case findDuplicates(lName: String, fName: String, birthdate: LocalDate?)
    /// `POST /patients`; `knownMatches`: the alike patients the user saw (not this one).
    case createPatient(PatientFields, knownMatches: [Int])
    /// `PUT /patients/{n}` with only the changed fields; `shown`: their values when the form
    /// opened, which the office must still hold (else nothing is sent and the user is told).
    case updatePatient(patNum: Int, PatientFields, shown: [String: String])
    /// Appointment types and blockout types (which of them block scheduling), for booking.
    case loadSchedulingReference
    /// The time patterns of these procedure codes (a treatment plan's length).
    case loadProcedurePatterns([Int])
    /// Schedules and what is booked for `days` days from `from`: the opening finder's facts.
    case loadOpenings(from: LocalDate, days: Int, provNum: Int)
    /// `POST /appointments` into an opening, after a fresh read of that operatory's day.
    case book(BookRequest)
    /// `PUT /appointments/{n}` to an opening (time, operatory, providers, status), after a fresh read.
    case move(MoveRequest)
    /// `POST /appointments/SchedulePlanned` into an opening: a new appointment from a Planned
    /// one (which stays, as Open Dental keeps it), after a fresh read; never sent twice.
    case schedulePlanned(MoveRequest)
    /// The day's schedules (provider blocks and blockouts), for free time.
    /// `background`: asked by nobody waiting (a start reads today's for open time).
    case loadDaySchedules(LocalDate, background: Bool = false)
    /// Who could fill a hole: the ASAP, Unscheduled and Planned lists and the recall list, with phones.
    case loadHoleCandidates(provNum: Int)
    /// The office's recall statuses (DefCat 13) and recall types.
    case loadRecallReference
    /// The patient and their recalls, before a recall is booked.
    case loadRecall(patNum: Int)
    /// `PUT /recalls/Status` with commlogMode Phone: the office adds the commlog (never sent twice).
    case setRecallStatus(patNum: Int, recallType: String, status: Int)
    /// The morning huddle of a day (`Screens/Huddle`): its parts posted as they come.
    case loadHuddle(LocalDate)
    /// Read the appointment first; send the write only if it is as it was shown.
    indirect case checked(Effect, shown: Appointment)
    /// Re-read the record a write was about and say whether the write is there.
    indirect case verifyWrite(Effect)
    /// Show configured office `n` (the runtime swaps the dashboard it drives).
    case switchOffice(Int)
    case cycleTheme
    case repaint
    case quit
}

/// Who asked for a read: the screen whose loading state its failure ends, or nobody on screen
/// (reference data, names, the directory).
public enum Origin: Sendable, Equatable {
    case schedule, patients, lists, huddle, patient, background

    /// The screen a read effect loads for (the one whose `loads` claims it).
    public init(_ effect: Effect) {
        self = AppState.screens.first { $0.loads(effect) }?.origin ?? .background
    }
}

public enum TimeField: String, Sendable, Equatable {
    case arrived = "Arrived", seated = "Seated", dismissed = "Dismissed"
}

public enum Msg: Sendable {
    case key(Key)
    /// A mouse click (only with --mouse): selects a row or a tab; a double click opens.
    case click(x: Int, y: Int, double: Bool)
    case resize(width: Int, height: Int)
    case tick(now: LocalDateTime, clock: Double)
    /// Background refresh of what is on screen.
    case refreshTick
    case reference(confirmDefs: [Definition], providers: [Provider], operatories: [Operatory])
    /// The statuses the office links to the check-in times.
    case checkInTriggers(CheckInTriggers)
    /// What the key may do: short queries or not.
    case permissions(queries: Bool)
    case dayNamesLoaded(LocalDate, [Int: String])
    /// The directory crawl saved another page into the cache (nil when it finished).
    case directoryProgress(DirectoryProgress?)
    /// The cache cannot be used (said once): the dashboard goes on without it.
    case cacheProblem(String)
    /// The short query failed: names come one by one after all.
    case queriesUnavailable
    case dayLoaded(LocalDate, [Appointment])
    /// Another dashboard on this host read the day moments ago: shown with its age, and it says
    /// nothing about whether the office answers this one.
    case dayShared(LocalDate, [Appointment], from: LocalDateTime)
    case patientsResolved([Int: String])
    /// Patients alike the one about to be created.
    case duplicates([PatientSelectRow])
    case patientCreated(Patient)
    case schedulingReference(types: [AppointmentType], blockoutDefs: [Definition])
    case procedurePatterns([Int: String])
    case openingFacts(from: LocalDate, days: Int, provNum: Int, OpeningFinder.Facts)
    case recallReference(statuses: [Definition], types: [RecallType])
    /// `shared`: a copy this host read moments ago, which says nothing of whether the office answers.
    case daySchedules(LocalDate, [Schedule], shared: Bool = false)
    case holeCandidates(HoleSources)
    case recallLoaded(Patient, [Recall])
    /// A booking or a move saved: the appointment as the office answered, and any other
    /// appointment found in the same time and operatory when it was read again after the write.
    case booked(Appointment, overlaps: [Appointment], moved: Bool)
    /// The read after a booking or move found others in the same time and operatory.
    case bookedOverlap(Appointment, overlaps: [Appointment])
    /// A screen's own message, routed to its reducer (`Components/Feature.swift`).
    case feature(any FeatureMessage)
    /// A confirmation status chosen for these appointments (the picker `c` opens).
    case confirmationChosen(status: Int, aptNums: [Int])
    /// Of the patients alike the new one: this one to open, or (0) the new one to create.
    case duplicateChosen(patNum: Int, knownMatches: [Int])
    /// A recall status chosen for these patients' recalls (of these types); 0 clears it.
    case recallStatusChosen(status: Int, patients: [Int], types: [String])
    /// The filter line (`/`) as typed, entered, or cleared (Esc).
    case filterTyped(String)
    /// Text to add to an appointment's note.
    case noteEntered(aptNum: Int, String)
    /// A call noted with a patient (a commlog).
    case callNoted(patNum: Int, String)
    /// The operator's initials, asked before the first write; then that write's key runs.
    case initialsEntered(String, then: Action)
    /// A note of the call just made, for each of these patients (a suffix each: their time).
    case callNoteEntered(String, patNums: [Int], suffixes: [Int: String])
    /// The new patient's form, entered.
    case newPatientEntered(Form)
    /// A patient's contact form, entered.
    case contactEntered(patNum: Int, Form)
    /// A request failed; which screen asked is not known (every loading screen stops loading).
    case failed(String, offline: Bool)
    /// A request failed: only the screen that asked stops loading.
    case loadFailed(Origin, String, offline: Bool)
    /// Saved, with what to tell the user and, when the office answered with it, the appointment
    /// as it now is.
    case writeDone(aptNum: Int?, String, updated: Appointment? = nil)
    /// The appointment changed at the office since it was shown: the write was not sent.
    case conflict(write: Effect, shown: Appointment, current: Appointment)
    case writeFailed(aptNum: Int?, String)
    /// The write is known not to have saved: `R` sends it again.
    case writeNotSaved(aptNum: Int?, String, resend: Effect)
    /// The office answered no for this record (400 but not the eConnector, 404, 410): sending it
    /// again as it is gets the same answer, but `R` may (the office may have changed since).
    case writeRefused(aptNum: Int?, String, resend: Effect)
    /// The office did not answer and the re-read failed too: `R` asks again.
    case writeUnknown(aptNum: Int?, String, recheck: Effect)
    case queue(Int)
    /// Seconds left of a wait the office asked for (429 with Retry-After); 0 when none.
    case officeWait(Int)
    /// An attempt did not reach the office (said at once; the request may still be retried).
    case officeNotReached(String)
    /// An attempt reached the office after one that did not.
    case officeAnswered
    case themeChanged(String)
    /// The action log could not be written (said once).
    case actionLogProblem(String)
}
