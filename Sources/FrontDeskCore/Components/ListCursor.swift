import Foundation
import TerminalUI

/// The selection and scroll of one list of rows, kept by record id (not by position), so it
/// survives a refresh that reorders, adds or removes rows. Every list screen has one.
public struct ListCursor: Equatable, Sendable {
    /// The selected row's id (AptNum, PatNum or a list row's id); nil when nothing is selected.
    public var selected: Int?
    /// The first row shown.
    public var scroll = 0

    public init(selected: Int? = nil, scroll: Int = 0) {
        self.selected = selected
        self.scroll = scroll
    }

    /// Moves the selection by `delta` rows (nothing selected: the first row), then scrolls so it shows.
    public mutating func move(by delta: Int, in ids: [Int], visible: Int) {
        if !ids.isEmpty {
            let i = selected.flatMap { ids.firstIndex(of: $0) } ?? 0
            selected = ids[max(0, min(ids.count - 1, i + (selected == nil ? 0 : delta)))]
        } else {
            selected = nil
        }
        clamp(to: ids, visible: visible)
    }

    /// Keeps the selected id if it is still there, else takes `fallback`; then scrolls so it shows.
    public mutating func keep(in ids: [Int], fallback: Int?, visible: Int) {
        selected = selected.flatMap { ids.contains($0) ? $0 : nil } ?? fallback
        clamp(to: ids, visible: visible)
    }

    /// Scrolls as little as possible to keep the selection on screen.
    public mutating func clamp(to ids: [Int], visible: Int) {
        let i = selected.flatMap { ids.firstIndex(of: $0) } ?? 0
        scroll = Widgets.scroll(selected: i, current: scroll, visible: visible, count: ids.count)
    }

    /// Reset to the top with nothing selected (a new day, query or list).
    public mutating func reset() {
        selected = nil
        scroll = 0
    }
}
