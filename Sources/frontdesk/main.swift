import ArgumentParser
import Foundation

// Synchronous entry point on purpose: the curses loop must own the main thread (design §10).
FrontDeskCommand.main()
