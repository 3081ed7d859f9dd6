import Testing
@testable import ECGAnalysis

@Suite struct HeartRateTests {
    @Test func meanMinMaxAndSeriesFromRegularBeats() {
        let times = stride(from: 0.0, through: 10.0, by: 0.8).map { $0 }
        let hr = HeartRateAnalysis.heartRate(beatTimes: times)
        #expect(hr.meanBPM == 75)
        #expect(hr.minBPM == 75 && hr.maxBPM == 75)
        #expect(hr.rrMs.count == times.count - 1)
        #expect(hr.rrMs.allSatisfy { abs($0 - 800) < 0.05 })
    }

    @Test func runningMedianIgnoresOneEctopicInterval() {
        // 1 s rhythm with one premature beat (0.5 s then 1.5 s).
        let times = [0, 1, 2, 3, 3.5, 5, 6, 7, 8, 9, 10.0]
        let hr = HeartRateAnalysis.heartRate(beatTimes: times)
        #expect(hr.maxBPM == 60 && hr.minBPM == 60)
        #expect(hr.meanBPM == 60)
    }

    @Test func noRateFromOneBeat() {
        let hr = HeartRateAnalysis.heartRate(beatTimes: [1])
        #expect(hr.meanBPM == nil && hr.rrMs.isEmpty)
    }

    @Test func hrvOnNormalToNormalIntervalsOnly() {
        // Alternating 0.8 / 0.9 s between normal beats: SDNN = 0.05 s·sqrt(n/(n−1)), RMSSD = 100 ms, pNN50 = 100 %.
        var times = [0.0]
        for i in 0..<40 { times.append(times[i] + (i % 2 == 0 ? 0.8 : 0.9)) }
        let beats = SyntheticECG.beats(times: times, labels: ["N"])
        let hrv = HeartRateAnalysis.hrv(beats)
        #expect(hrv.nnIntervals == 40)
        #expect(abs((hrv.rmssd.value ?? 0) - 100) < 0.1)
        #expect(hrv.pnn50.value == 100)
        let expectedSD = 50 * (40.0 / 39).squareRoot()
        #expect(abs((hrv.sdnn.value ?? 0) - expectedSD) < 0.1)

        // A V beat removes the two intervals around it and breaks adjacency.
        var labelled = beats
        labelled[10] = ClassifiedBeat(sample: 0, time: labelled[10].time, label: "V", probability: 1)
        let withV = HeartRateAnalysis.hrv(labelled)
        #expect(withV.nnIntervals == 38)
    }

    @Test func hrvNeedsTenIntervals() {
        let beats = SyntheticECG.beats(times: [0, 1, 2, 3, 4], labels: ["N"])
        let hrv = HeartRateAnalysis.hrv(beats)
        #expect(hrv.sdnn.value == nil)
        #expect(hrv.sdnn.reason?.contains("fewer than 10") == true)
    }
}
