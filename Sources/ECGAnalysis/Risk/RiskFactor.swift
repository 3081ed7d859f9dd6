/// A finding the risk score weighs: one ``RiskComponent`` each, in this order.
public enum RiskFactor: String, Sendable, Encodable, CaseIterable {
    case rhythm
    case heartRate = "heart_rate"
    case ventricularEctopy = "ventricular_ectopy"
    case ventricularRuns = "ventricular_runs"
    case supraventricularEctopy = "supraventricular_ectopy"
    case pauses
    case qtc
    case qrs
    case pr
}
