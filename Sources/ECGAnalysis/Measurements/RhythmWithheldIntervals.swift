extension IntervalSummary {
    /// The intervals with those the rhythm makes meaningless withheld.
    ///
    /// With ventricular (or dual-chamber) pacing the QRS is the paced complex, not the heart's own conduction, and QT
    /// and QTc follow it: QRS, QT and QTc become not measurable. With atrial (or dual-chamber) pacing the PR interval
    /// is the device's programmed AV delay: PR becomes not measurable. A paced rhythm whose chamber is not known
    /// withholds all of them. A rhythm without a PR interval (``noPRInterval(_:)``: atrial fibrillation, atrial
    /// flutter, complete AV block) withholds the PR: a "P wave" the delineator found before a QRS there is a
    /// fibrillatory or flutter wave, or a P wave the QRS does not follow. Any other rhythm returns the intervals as
    /// measured. Withheld intervals keep their rule and carry the rhythm as their reason, so they add nothing to the
    /// findings or the risk score.
    func withheld(for rhythm: RhythmCode) -> IntervalSummary {
        let ventricular = rhythm.pacesVentricles, atrial = rhythm.pacesAtria
        let unconducted = Self.noPRInterval(rhythm)
        guard ventricular || atrial || unconducted != nil else { return self }
        var summary = self
        let name = rhythm.labelInSentence
        if ventricular {
            let reason = "\(name): the QRS is the paced complex"
            summary.qrs = summary.qrs.withheld(reason)
            summary.quality.qrs = summary.quality.qrs.withheld(reason)
            let qtReason = "\(name): the QT follows the paced QRS"
            summary.qt = summary.qt.withheld(qtReason)
            summary.quality.qt = summary.quality.qt.withheld(qtReason)
            summary.qtcBazett = summary.qtcBazett.withheld("QT not measurable: " + qtReason)
            summary.qtcFridericia = summary.qtcFridericia.withheld("QT not measurable: " + qtReason)
        }
        if atrial {
            let reason = "\(name): the PR interval is the pacemaker's AV delay"
            summary.pr = summary.pr.withheld(reason)
            summary.quality.pr = summary.quality.pr.withheld(reason)
        }
        if let unconducted {
            let reason = "\(name): \(unconducted), so there is no PR interval"
            summary.pr = summary.pr.withheld(reason)
            summary.quality.pr = summary.quality.pr.withheld(reason)
        }
        return summary
    }

    /// Why `rhythm` has no PR interval, nil when it has one.
    static func noPRInterval(_ rhythm: RhythmCode) -> String? {
        switch rhythm {
        case .atrialFibrillation: "fibrillatory waves, not P waves, precede the QRS complexes"
        case .atrialFlutter: "flutter waves, not P waves, precede the QRS complexes"
        case .completeAVBlock: "the P waves are not conducted to the ventricles"
        default: nil
        }
    }
}

extension MeasuredValue {
    /// This value's unit and rule without a value, for `reason`.
    func withheld(_ reason: String) -> MeasuredValue {
        .unmeasured(unit: unit, rule: rule, reason: reason)
    }
}

extension IntervalQuality {
    /// This quality, not measurable for `reason` (the beats and leads it rested on kept).
    func withheld(_ reason: String) -> IntervalQuality {
        var quality = self
        quality.status = .notMeasurable
        quality.reason = reason
        return quality
    }
}
