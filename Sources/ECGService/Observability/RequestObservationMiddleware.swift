#if Service
import Hummingbird
import Logging

/// Outermost middleware: gives each request an id, counts it in ``ServiceMetrics`` and logs it.
///
/// The id is the client's (or load balancer's) `X-Request-ID` when that is 1-64 characters of `A-Z a-z 0-9 . _ -`,
/// else the one Hummingbird generated; it goes into the `request_id` metadata of every log line written for the
/// request and back to the client in the response's `X-Request-ID` header (error responses included).
/// One `request` log line per request: at `debug` for answers below 500, at `error` for 5xx.
struct RequestObservationMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServiceMetrics

    static var requestIDField: HTTPFields.Element.Name { HTTPFields.Element.Name("X-Request-ID")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let started = clock.now
        let requestID = request.headers[Self.requestIDField].flatMap(Self.acceptable) ?? context.id
        var context = context
        context.logger[metadataKey: "request_id"] = .string(requestID)
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as any HTTPResponseError {
            response = try error.response(from: request, context: context)
        }
        response.headers[Self.requestIDField] = requestID
        let duration = clock.now - started
        let route = Self.route(context.endpointPath)
        let status = Int(response.status.code)
        metrics.requestFinished(method: request.method.rawValue, route: route, status: status, duration: duration)
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        context.logger.log(
            level: status >= 500 ? .error : .debug, "request",
            metadata: [
                "method": .string(request.method.rawValue), "route": .string(route), "status": .stringConvertible(status),
                "duration_ms": .string(String(Int((seconds * 1000).rounded()))),
            ])
        return response
    }

    /// The route label: the matched pattern, `static` for the web page's files, `unmatched` for everything else, so
    /// the label's values stay few whatever paths clients send.
    static func route(_ endpointPath: String?) -> String {
        switch endpointPath {
        case nil, "NotFound": return "unmatched"
        case "FileMiddleware": return "static"
        case let path?: return path
        }
    }

    /// The client's request id when it is short and plain, else nil.
    static func acceptable(_ candidate: String) -> String? {
        let utf8 = candidate.utf8
        guard (1...64).contains(utf8.count) else { return nil }
        let allowed = utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
        return allowed ? candidate : nil
    }
}
#endif
