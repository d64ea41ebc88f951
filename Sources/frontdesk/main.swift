import ArgumentParser
import Foundation
import FrontDeskApp

// Synchronous entry point on purpose: the curses loop must own the main thread (design §10).
Memory.limitArenas()
FrontDeskCommand.main()
