import Foundation
@testable import FrontDeskCore
import OpenDentalAPI
import Testing
import TerminalUI

/// Drives `update` as the runtime does, and makes a test say everything that happened (the model
/// is swift-composable-architecture's `TestStore`):
/// - `send(msg) { $0.field = … }`: the state after the message must be the state before with
///   exactly that change; anything else that changed fails the test, naming the fields.
/// - the effects a message returns must be checked (`effects(…)`) or waved through by name
///   (`ignoreEffects()`) before the next message and before the store goes away: an effect nobody
///   looked at is a request nobody checked. (`_ = update(…)` threw them away.)
/// - `TestStore(s, exhaustive: false)` (TCA's `exhaustivity = .off`): the change a message makes
///   is checked only in what `send`'s closure says, for tests that check the state with their own
///   `#expect`s; every effect is still checked. `store.field` reads and sets the state as a test
///   sets up a fixture (`store.schedule.cursor.selected = 104`).
@dynamicMemberLookup
final class TestStore {
    private(set) var state: AppState
    private var unchecked: [Effect] = []
    private var sentAt: SourceLocation?
    let exhaustive: Bool

    init(_ state: AppState, exhaustive: Bool = true) {
        self.state = state
        self.exhaustive = exhaustive
    }

    subscript<T>(dynamicMember path: KeyPath<AppState, T>) -> T { state[keyPath: path] }

    subscript<T>(dynamicMember path: WritableKeyPath<AppState, T>) -> T {
        get { state[keyPath: path] }
        set { state[keyPath: path] = newValue }
    }

    deinit {
        if !unchecked.isEmpty {
            Issue.record("effects left unchecked: \(Self.brief(unchecked))", sourceLocation: sentAt ?? #_sourceLocation)
        }
    }

    /// Sends `msg`; `change` is everything it may change in the state.
    func send(_ msg: Msg, sourceLocation: SourceLocation = #_sourceLocation, _ change: (inout AppState) -> Void = { _ in }) {
        if !unchecked.isEmpty {
            Issue.record("effects of the message before were not checked: \(Self.brief(unchecked))", sourceLocation: sentAt ?? sourceLocation)
        }
        var expected = state
        // The clock of the last key is the runtime's bookkeeping, not the test's subject.
        switch msg {
        case .key, .click: if !state.locked { expected.lastInput = state.clock }
        default: break
        }
        var actual = state
        unchecked = update(&actual, msg)
        sentAt = sourceLocation
        // Not exhaustive: what the closure says must hold of the new state, the rest may differ.
        if !exhaustive { expected = actual }
        change(&expected)
        let differing = Self.differences(expected, actual)
        if !differing.isEmpty {
            Issue.record("the state changed otherwise than the test says, in: \(differing.joined(separator: "; "))", sourceLocation: sourceLocation)
        }
        state = actual
    }

    /// The effects of the last message are exactly these.
    func effects(_ expected: [Effect], sourceLocation: SourceLocation = #_sourceLocation) {
        if unchecked != expected {
            Issue.record("effects were \(Self.brief(unchecked)), not \(Self.brief(expected))", sourceLocation: sourceLocation)
        }
        unchecked = []
    }

    /// The effects of the last message satisfy `check`.
    func effects(sourceLocation: SourceLocation = #_sourceLocation, _ check: ([Effect]) -> Bool) {
        if !check(unchecked) { Issue.record("unexpected effects: \(Self.brief(unchecked))", sourceLocation: sourceLocation) }
        unchecked = []
    }

    /// Types `text` into the open typing line, a key at a time: each key changes the line's text
    /// and nothing else, and asks for nothing.
    func type(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        var typed = state.prompt?.text ?? ""
        for c in text {
            typed.append(c)
            send(.key(.char(c)), sourceLocation: sourceLocation) { [typed] in $0.prompt?.text = typed }
            effects([], sourceLocation: sourceLocation)
        }
    }

    /// The start (`startEffects`) with what the cache held: its requests, for the test to check.
    func start(cache: CacheSnapshot?) -> [Effect] {
        if !unchecked.isEmpty { Issue.record("effects of the message before were not checked: \(Self.brief(unchecked))") }
        return startEffects(&state, cache: cache)
    }

    /// The effects of the last message, for a test that checks them itself (`#expect` on the
    /// result: the compiler refuses an unused one).
    func takeEffects() -> [Effect] {
        defer { unchecked = [] }
        return unchecked
    }

    /// Says, in the test, that the last message's effects do not matter to it.
    func ignoreEffects() { unchecked = [] }

    /// The top-level fields of AppState (and of a screen's state, one level down) that differ.
    static func differences(_ a: AppState, _ b: AppState) -> [String] {
        guard a != b else { return [] }
        var out: [String] = []
        for (x, y) in zip(Mirror(reflecting: a).children, Mirror(reflecting: b).children) {
            let name = x.label ?? "?"
            let left = String(reflecting: x.value), right = String(reflecting: y.value)
            guard left != right else { continue }
            let inner = zip(Mirror(reflecting: x.value).children, Mirror(reflecting: y.value).children)
                .filter { String(reflecting: $0.0.value) != String(reflecting: $0.1.value) }
                .compactMap { $0.0.label.map { "\(name).\($0)" } }
            out += inner.isEmpty ? ["\(name): expected \(cut(left)), got \(cut(right))"] : inner.map { "\($0)" }
        }
        return out.isEmpty ? ["(a difference Mirror does not show)"] : out
    }

    static func brief(_ effects: [Effect]) -> String {
        effects.isEmpty ? "none" : "[" + effects.map { cut(String(describing: $0)) }.joined(separator: ", ") + "]"
    }

    static func cut(_ text: String) -> String { text.count > 160 ? String(text.prefix(160)) + "…" : text }
}

/// The screen as drawn from the store's state.
func render(_ store: TestStore) -> Grid { render(store.state) }
