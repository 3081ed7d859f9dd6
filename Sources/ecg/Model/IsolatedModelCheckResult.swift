/// What `ecg model check-isolated` reports on its standard output, one JSON object:
/// `{"layers": N}` when the model loaded, `{"error": "…"}` when it did not.
struct IsolatedModelCheckResult: Codable {
    var layers: Int?
    var error: String?
}
