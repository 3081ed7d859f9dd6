import ECGAnalysis

/// One evidence row for `--dump`.
enum EvidenceRow {
    static let header = "rate\tnrmssd\tentropy\tnn_range\tp_median\tp_amp\tp_lead_upright\tp_ratio\tp_other\tpr_mean\tpr_sd\tqrs\tv_frac\ts_frac\tpaced\tstim_a\tstim_v\tbig\ttrig\tdropped\tpr_change\tflutter_hz\tflutter_org\tav_ratio\tpm_wide\tpm_consistency\tpm_fixed\tpm_rr\tpm_p_ratio\tpm_pr_sd\tblocked_pairs\tblocked_frac\tblocked_r\tgap_pairs\tgap_frac"
    static let empty = Array(repeating: "", count: header.split(separator: "\t").count).joined(separator: "\t")

    static func line(_ e: RhythmEvidence) -> String {
        func t(_ v: Double?) -> String { v.map { "\($0)" } ?? "" }
        func b(_ v: Bool?) -> String { v.map { $0 ? "1" : "0" } ?? "" }
        return [
            t(e.rateBPM), t(e.rrIrregularity.normalisedRMSSD), t(e.rrIrregularity.shannonEntropy), t(e.nnRangeMs),
            b(e.pWaveOnMedianBeat), t(e.medianPAmplitudeMv), b(e.sinusPUprightOnLead), t(e.pWaveRatio),
            t(e.pWaveOtherLeadRatio), t(e.prMeanMs), t(e.prSDMs), t(e.qrsMedianMs),
            t(e.ventricularFraction), t(e.supraventricularFraction), t(e.pacedFraction), t(e.atrialStimulusFraction),
            t(e.ventricularStimulusFraction), t(e.bigeminyFraction), t(e.trigeminyFraction), "\(e.droppedBeats)",
            t(e.prChangeAcrossDropsMs), t(e.flutterWaves?.frequencyHz), t(e.flutterWaves?.organisation), t(e.flutterWaves?.avRatio),
            t(e.pacedMorphology.wideQRSFraction), t(e.pacedMorphology.consistency), t(e.pacedMorphology.fixedRateFraction),
            t(e.pacedMorphology.rrMedianMs), t(e.pacedMorphology.pWaveRatio), t(e.pacedMorphology.prSDMs),
            e.blockedPWaves.map { "\($0.pairs)" } ?? "", t(e.blockedPWaves?.fraction), t(e.blockedPWaves?.medianCorrelation),
            e.pWavesInGaps.map { "\($0.pairs)" } ?? "", t(e.pWavesInGaps?.fraction),
        ].joined(separator: "\t")
    }
}
