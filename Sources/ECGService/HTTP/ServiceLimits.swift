#if Service
/// The service's limits as shown by `/debug/info`.
struct ServiceLimits: Encodable {
    let workers: Int
    let queueDepth: Int
    let maxUploadBytes: Int
    let maxImagePixels: Int
    let maxImageDimension: Int
    let maxImageDecodedBytes: Int
    let maxSamplesPerLead: Int
    let maxLeads: Int
    let maxCSVLineBytes: Int
    /// nil: analyses have no time limit.
    let analysisTimeoutSeconds: Double?
    let requestTimeoutSeconds: Double
    let acceptedExtensions: [String]
    let resultStore: String
}
#endif
