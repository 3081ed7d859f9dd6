#if Service
/// The service's limits as shown by `/debug/info`.
struct ServiceLimits: Encodable {
    let workers: Int
    let queueDepth: Int
    let maxUploadBytes: Int
    let maxImagePixels: Int
    let maxImageDimension: Int
    let acceptedExtensions: [String]
    let resultStore: String
}
#endif
