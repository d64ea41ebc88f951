import Foundation

/// Whether sending a request twice can change the result twice.
public enum RepeatSafety: Sendable {
    /// GETs, PUT Confirm, plain field PUTs: the same request again leaves the same state.
    case repeatable
    /// POSTs, PUT Note (appends), PUT Break (a second one fails because the first worked):
    /// re-sent only when the first attempt provably never reached the server.
    case once
}

/// What went wrong with one attempt, as far as the retry decision cares.
public enum AttemptFailure: Sendable, Equatable {
    case status(Int, retryAfter: Double?)
    case transport(reachedServer: Bool)
}

public enum RetryDecision: Sendable, Equatable {
    case retry(after: Double)
    case fail
    /// Stop, and tell the caller the write may or may not have happened.
    case outcomeUnknown
}

/// Retries with exponential back-off for 429, 5xx and timeouts; never re-sends a one-shot write
/// that may have reached the server.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 4, baseDelay: Double = 0.5, maxDelay: Double = 8) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    public static let none = RetryPolicy(maxAttempts: 1)

    func backoff(_ attempt: Int) -> Double {
        min(maxDelay, baseDelay * pow(2, Double(max(0, attempt - 1))))
    }

    /// `attempt` counts from 1 (the attempt that just failed).
    public func decide(_ failure: AttemptFailure, attempt: Int, safety: RepeatSafety) -> RetryDecision {
        let mayRetry = attempt < maxAttempts
        switch failure {
        case .status(429, let retryAfter):
            // Throttled: the office did not process it, so even a one-shot write may go again.
            return mayRetry ? .retry(after: retryAfter ?? backoff(attempt)) : .fail
        case .status(let s, _) where s >= 500:
            if safety == .once { return .outcomeUnknown }
            return mayRetry ? .retry(after: backoff(attempt)) : .fail
        case .status:
            return .fail
        case .transport(reachedServer: false):
            return mayRetry ? .retry(after: backoff(attempt)) : .fail
        case .transport(reachedServer: true):
            if safety == .once { return .outcomeUnknown }
            return mayRetry ? .retry(after: backoff(attempt)) : .fail
        }
    }
}
