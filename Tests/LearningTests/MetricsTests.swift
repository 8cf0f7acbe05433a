import ErrorDNA
import Foundation
import Learning
import Testing

@Suite struct MetricsTests {
    @Test func aucCountsPairsOrderedAndTiesAsHalf() throws {
        // Positives score 0.35, 0.8 and 0.4; negatives 0.1 and 0.4. Of the 6 pairs, 0.35 beats 0.1,
        // 0.8 beats both, 0.4 beats 0.1 and ties 0.4: (1 + 2 + 1.5) / 6.
        let auc = try Metrics.auc(labels: [0, 1, 0, 1, 1], scores: [0.1, 0.35, 0.4, 0.8, 0.4])
        #expect(abs(auc - 4.5 / 6) < 1e-12)
        #expect(try Metrics.auc(labels: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8]) == 0.75)
        #expect(try Metrics.auc(labels: [0, 1], scores: [0.9, 0.1]) == 0)
        #expect(try Metrics.auc(labels: [0, 1, 0, 1], scores: [0.5, 0.5, 0.5, 0.5]) == 0.5)
    }

    @Test func aucNeedsBothClasses() {
        #expect(throws: TradehubError.self) { try Metrics.auc(labels: [1, 1], scores: [0.2, 0.3]) }
    }

    @Test func logLossIsTheMeanNegativeLogLikelihoodClipped() throws {
        let loss = try Metrics.logLoss(labels: [1, 0, 1], probabilities: [0.9, 0.2, 0.6])
        #expect(abs(loss - (-(log(0.9) + log(0.8) + log(0.6)) / 3)) < 1e-7)
        // p = 0 for a positive is clipped to 1e-15: −ln(1e-15) ≈ 34.5388.
        let clipped = try Metrics.logLoss(labels: [1], probabilities: [0])
        #expect(abs(clipped - 34.538776394910684) < 1e-9)
        #expect(try Metrics.logLoss(labels: [0], probabilities: [0]) < 1e-14)
    }

    @Test func accuracyCountsClassOneAboveOneHalf() throws {
        #expect(try Metrics.accuracy(labels: [1, 0, 1, 0], probabilities: [0.9, 0.2, 0.4, 0.5]) == 0.75)
        #expect(try Metrics.accuracy(labels: [1, 0], probabilities: [0.51, 0.49]) == 1)
    }

    @Test func labelsMustBeZeroOrOne() {
        #expect(throws: TradehubError.self) { try Metrics.accuracy(labels: [2], probabilities: [0.5]) }
        #expect(throws: TradehubError.self) { try Metrics.logLoss(labels: [1, 0], probabilities: [0.5]) }
    }
}
