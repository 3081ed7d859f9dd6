/// The leads on which a sinus P wave is upright, by lead name.
///
/// The P-wave axis of sinus rhythm lies between 0° and +75°, so the sinus P wave is upright in I, II and aVF and in
/// V4-V6 (and in the modified limb leads MLI and MLII; D1 and D2 are I and II in European naming), inverted in aVR,
/// and may be flat, biphasic or inverted in III, aVL and V1-V3. An inverted P wave on a lead of the first group is
/// therefore not a sinus one (retrograde or ectopic atrial activity); on the others its polarity says nothing.
enum SinusPWaveLeads {
    /// Normalised names (upper case, without spaces, a leading "LEAD" dropped).
    static let upright: Set<String> = ["I", "II", "AVF", "V4", "V5", "V6", "MLI", "MLII", "D1", "D2"]
    static let inverted: Set<String> = ["AVR"]

    /// true on a lead where a sinus P wave is upright, false on aVR, nil on any other lead or an unknown name.
    static func upright(onLead name: String) -> Bool? {
        var key = name.uppercased().filter { !$0.isWhitespace }
        if key.hasPrefix("LEAD") { key.removeFirst(4) }
        if upright.contains(key) { return true }
        if inverted.contains(key) { return false }
        return nil
    }
}
