/// Where a digitized lead's name came from.
public enum LeadNameSource: String, Sendable, Codable, Equatable {
    /// Read from the label printed at the start of the lead (`LeadLabelReader`).
    case read
    /// Implied by the layout's standard order (or "strip N"): no printed name was read there.
    case assumed
}
