#if Service
import Foundation

/// `GET /debug/info` body: the backend's model description with the service's limits added as `service`,
/// `{"labels": […], "window_samples": 256, …, "service": {"workers": 2, "queue_depth": 64, …}}` (keys sorted).
struct DebugInfo: Encodable {
    var model: any Encodable & Sendable
    var service: ServiceLimits

    private enum CodingKeys: String, CodingKey {
        case service
    }

    /// Written by hand because the wire form is flat: the model description's members and `service` share one
    /// object.
    func encode(to encoder: any Encoder) throws {
        try model.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(service, forKey: .service)
    }
}
#endif
