import Testing
@testable import ECGAnalysis

/// RR features against the training code's values for the same R-peak times (tools/train/mitdb.py, float32):
///     cd tools/train && python -c 'import mitdb, numpy as np; print(mitdb.rr_features(np.array(TIMES))[:, :5].astype(np.float32))'
@Suite struct RRFeaturesTests {
    /// The shipped sidecar's order: pre_rr_s, post_rr_s, local_rr_s, pre_rr_ratio, post_rr_ratio.
    static let sidecarOrder: [RRFeatures.Feature] = [.preRR, .postRR, .localRR, .preRatio, .postRatio]

    /// `features` (default: the sidecar's order) for `times` equal `expected` row by row, within a relative
    /// `tolerance`.
    static func expectMatchesTraining(
        times: [Double], features: [RRFeatures.Feature] = sidecarOrder, expected: [[Float]], tolerance: Float = 1e-6
    ) {
        let k = features.count
        let m = RRFeatures.matrix(times: times, features: features)
        #expect(m.count == expected.count * k)
        guard m.count == expected.count * k else { return }
        for (i, row) in expected.enumerated() {
            for (j, value) in row.enumerated() {
                let swift = m[i * k + j]
                #expect(abs(swift - value) <= tolerance * max(1, abs(value)), "beat \(i) \(features[j].rawValue): \(swift) vs \(value)")
            }
        }
    }

    /// An irregular 10-s strip.
    @Test func tenSecondUpload() {
        let times: [Double] = [0.0, 0.8, 1.5, 2.45, 3.2, 4.0, 4.6, 5.5, 6.3, 7.0, 7.9, 8.5, 9.4]
        let expected: [[Float]] = [
            [0.800000011920929, 0.800000011920929, 0.800000011920929, 1.0, 1.0],
            [0.800000011920929, 0.699999988079071, 0.800000011920929, 1.0, 0.875],
            [0.699999988079071, 0.949999988079071, 0.7666666507720947, 0.9130434989929199, 1.2391303777694702],
            [0.949999988079071, 0.75, 0.8125, 1.1692308187484741, 0.9230769276618958],
            [0.75, 0.800000011920929, 0.800000011920929, 0.9375, 1.0],
            [0.800000011920929, 0.6000000238418579, 0.800000011920929, 1.0, 0.75],
            [0.6000000238418579, 0.8999999761581421, 0.7714285850524902, 0.7777777910232544, 1.1666666269302368],
            [0.8999999761581421, 0.800000011920929, 0.7875000238418579, 1.1428571939468384, 1.0158730745315552],
            [0.800000011920929, 0.699999988079071, 0.7888888716697693, 1.0140844583511353, 0.8873239159584045],
            [0.699999988079071, 0.8999999761581421, 0.7799999713897705, 0.8974359035491943, 1.1538461446762085],
            [0.8999999761581421, 0.6000000238418579, 0.7900000214576721, 1.1392405033111572, 0.7594936490058899],
            [0.6000000238418579, 0.8999999761581421, 0.7699999809265137, 0.7792207598686218, 1.1688311100006104],
            [0.8999999761581421, 0.8999999761581421, 0.7900000214576721, 1.1392405033111572, 1.1392405033111572],
        ]
        Self.expectMatchesTraining(times: times, expected: expected)
    }

    /// Long pauses; the first beats average fewer than 10 intervals.
    @Test func pausesAndFewerThanTenPrecedingIntervals() {
        let times: [Double] = [0.0, 0.9, 1.7, 120.0, 149.5, 150.4, 151.0, 299.9, 300.6, 301.2, 460.0, 460.8]
        let expected: [[Float]] = [
            [0.8999999761581421, 0.8999999761581421, 0.8999999761581421, 1.0, 1.0],
            [0.8999999761581421, 0.800000011920929, 0.8999999761581421, 1.0, 0.8888888955116272],
            [0.800000011920929, 118.30000305175781, 0.8666666746139526, 0.9230769276618958, 136.5],
            [118.30000305175781, 29.5, 30.225000381469727, 3.9139785766601562, 0.9760132431983948],
            [29.5, 0.8999999761581421, 30.079999923706055, 0.9807180762290955, 0.029920212924480438],
            [0.8999999761581421, 0.6000000238418579, 25.21666717529297, 0.035690680146217346, 0.023793786764144897],
            [0.6000000238418579, 148.89999389648438, 21.700000762939453, 0.0276497695595026, 6.861751079559326],
            [148.89999389648438, 0.699999988079071, 37.599998474121094, 3.960106372833252, 0.018617020919919014],
            [0.699999988079071, 0.6000000238418579, 33.5, 0.020895522087812424, 0.017910446971654892],
            [0.6000000238418579, 158.8000030517578, 30.209999084472656, 0.019860973581671715, 5.256537437438965],
            [158.8000030517578, 0.800000011920929, 46.0, 3.452173948287964, 0.017391303554177284],
            [0.800000011920929, 0.800000011920929, 45.9900016784668, 0.017395086586475372, 0.017395086586475372],
        ]
        Self.expectMatchesTraining(times: times, expected: expected)
    }

    /// The recording-context features over the same pauses (H = 150 s reaches only part of the 461-s strip):
    ///     python -c 'import mitdb, numpy as np; print(mitdb.rr_features(np.array(TIMES))[:, 5:].astype(np.float32))'
    @Test func longRhythmFeaturesMatchTraining() {
        let times: [Double] = [0.0, 0.9, 1.7, 120.0, 149.5, 150.4, 151.0, 299.9, 300.6, 301.2, 460.0, 460.8]
        let expected: [[Float]] = [
            [30.079999923706055, 0.029920212924480438, 0.029920212924480438, 1.0],
            [25.21666717529297, 0.035690680146217346, 0.03172504901885986, 0.8888888955116272],
            [21.700000762939453, 0.036866359412670135, 5.451612949371338, 147.875],
            [21.700000762939453, 5.451612949371338, 1.3594470024108887, 0.24936601519584656],
            [21.700000762939453, 1.3594470024108887, 0.04147465527057648, 0.03050847537815571],
            [42.842857360839844, 0.021007003262639046, 0.014004668220877647, 0.6666666865348816],
            [42.81428527832031, 0.014014014042913914, 3.477811098098755, 248.1666717529297],
            [30.34000015258789, 4.907712459564209, 0.023071851581335068, 0.004701141733676195],
            [37.70000076293945, 0.018567638471722603, 0.015915120020508766, 0.8571428656578064],
            [50.06666564941406, 0.01198402140289545, 3.1717710494995117, 264.6666564941406],
            [79.80000305175781, 1.9899749755859375, 0.01002506259828806, 0.005037783179432154],
            [79.80000305175781, 0.01002506259828806, 0.01002506259828806, 1.0],
        ]
        Self.expectMatchesTraining(
            times: times, features: [.longRR, .preLongRatio, .postLongRatio, .postPreRatio], expected: expected,
            tolerance: 1e-5)
        // A shorter window changes the long mean: beat 0 then averages beats 0-2 only.
        var tenSeconds = RecordingContext.standard
        tenSeconds.longRRHalfWindowS = 10
        let narrow = RRFeatures.matrix(times: times, features: [.longRR], context: tenSeconds)
        #expect(abs(narrow[0] - Float((0.9 + 0.9 + 0.8) / 3)) < 1e-6)
    }

    /// The robust features (`mitdb.RR_FEATURE_SETS["robust"]` beyond the short set) against the training code:
    ///     python -c 'import mitdb, numpy as np; print(mitdb.rr_features(np.array(TIMES))[:, 9:].astype(np.float32))'
    /// over a regular strip with early beats (every window holds the whole strip) and over the long pauses (H = 150 s
    /// reaches part of it; K = 8 beats, an even count of intervals at the ends).
    @Test(arguments: [
        ([0.0, 0.8, 1.5, 2.45, 3.2, 4.0, 4.6, 5.5, 6.3, 7.0, 7.9, 8.5, 9.4], [
            [1.0, 0.8888888955116272, 0.8888888955116272, 1.0, 1.0, 0.1875],
            [1.0, 0.8888888955116272, 0.7777777910232544, 1.0, 0.875, 0.125],
            [0.875, 0.7777777910232544, 1.0555555820465088, 0.875, 1.1875, 0.1875],
            [1.1875, 1.0555555820465088, 0.8333333134651184, 1.1875, 0.9375, 0.25],
            [0.9375, 0.8333333134651184, 0.8888888955116272, 0.9375, 1.0, 0.25],
            [1.0, 0.8888888955116272, 0.6666666865348816, 1.0, 0.75, 0.25],
            [0.75, 0.6666666865348816, 1.0, 0.75, 1.125, 0.25],
            [1.125, 1.0, 0.8888888955116272, 1.125, 1.0, 0.25],
            [1.0, 0.8888888955116272, 0.7777777910232544, 1.0, 0.875, 0.25],
            [0.875, 0.7777777910232544, 1.0, 0.875, 1.125, 0.25],
            [1.125, 1.0, 0.6666666865348816, 1.125, 0.75, 0.25],
            [0.75, 0.6666666865348816, 1.0, 0.75, 1.125, 0.25],
            [1.125, 1.0, 1.0, 1.125, 1.125, 0.25],
        ] as [[Float]]),
        ([0.0, 0.9, 1.7, 120.0, 149.5, 150.4, 151.0, 299.9, 300.6, 301.2, 460.0, 460.8], [
            [1.0, 0.03050847537815571, 0.03050847537815571, 1.0, 1.0, 65.22222137451172],
            [1.0, 0.03050847537815571, 0.02711864374577999, 1.0, 0.8888888955116272, 31.77777862548828],
            [0.8888888955116272, 0.02711864374577999, 4.010169506072998, 0.8888888955116272, 131.44444274902344, 65.22222137451172],
            [131.44444274902344, 4.010169506072998, 1.0, 131.44444274902344, 32.77777862548828, 98.66666412353516],
            [32.77777862548828, 1.0, 0.03050847537815571, 32.77777862548828, 1.0, 98.66666412353516],
            [1.0, 0.0076077766716480255, 0.005071851424872875, 1.0, 0.6666666865348816, 98.66666412353516],
            [0.6666666865348816, 0.005071851424872875, 1.2586643695831299, 0.6666666865348816, 165.44444274902344, 98.66666412353516],
            [212.7142791748047, 165.44444274902344, 0.7777777910232544, 165.44444274902344, 0.7777777910232544, 98.66666412353516],
            [1.076923131942749, 1.0, 0.8571428656578064, 0.7777777910232544, 0.6666666865348816, 98.66666412353516],
            [0.8571428656578064, 0.8571428656578064, 226.85714721679688, 0.6666666865348816, 176.44444274902344, 98.66666412353516],
            [1.9899749755859375, 198.5, 1.0, 186.8235321044922, 0.9411764740943909, 121.35294342041016],
            [0.01002506259828806, 1.0, 1.0, 0.8888888955116272, 0.8888888955116272, 130.55555725097656],
        ] as [[Float]]),
    ])
    func robustFeaturesMatchTraining(times: [Double], expected: [[Float]]) {
        Self.expectMatchesTraining(
            times: times,
            features: [.preMedianRatio, .preUpperRatio, .postUpperRatio, .preLocalMedianRatio, .postLocalMedianRatio, .irregularity],
            expected: expected, tolerance: 1e-5)
    }

    @Test func requestedOrderIsKept() {
        let m = RRFeatures.matrix(times: [0.0, 1.0, 1.5, 2.5], features: [.postRatio, .preRR])
        #expect(m.count == 8)
        #expect(m[2 * 2 + 1] == 0.5)  // beat 2: pre RR
        #expect(m[2 * 2] == Float(1.0 / (2.5 / 3.0)))  // beat 2: post RR 1 s over the mean of pre RR 1, 1, 0.5 s
    }

    @Test func tooFewOrDisorderedTimesDoNotCrash() {
        #expect(RRFeatures.matrix(times: [1.0], features: Self.sidecarOrder).isEmpty)
        #expect(RRFeatures.matrix(times: [], features: Self.sidecarOrder).isEmpty)
        #expect(RRFeatures.matrix(times: [400.0, 0.0, 800.0, 1.0], features: Self.sidecarOrder).count == 20)
        #expect(RRFeatures.matrix(times: [400.0, 0.0, 800.0, 1.0], features: RRFeatures.Feature.allCases).count == 4 * RRFeatures.Feature.allCases.count)
    }
}
