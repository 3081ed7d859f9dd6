#if Service
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1

/// Outermost middleware: every error leaves as `{"error": {"code", "message"}}`. Framework errors (unknown route,
/// body over the limit, bad percent-encoding) are translated; anything unexpected is logged and answered with a
/// generic 500 that leaks nothing.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Body limit in bytes, quoted in the 413 message.
    let uploadLimit: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as ServiceError {
            if error.status == .internalServerError {
                context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            throw error
        } catch is NIOTooManyBytesError {
            throw ServiceError.uploadTooLarge(limit: uploadLimit)
        } catch is HTTPParserError {
            throw ServiceError.malformedRequest
        } catch let error as HTTPError {
            throw translate(error, request: request, context: context)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
            throw ServiceError.internalError
        }
    }

    private func translate(_ error: HTTPError, request: Request, context: Context) -> ServiceError {
        switch error.status {
        case .notFound:
            return .routeNotFound(method: request.method.rawValue, path: request.uri.path)
        case .contentTooLarge:
            return .uploadTooLarge(limit: uploadLimit)
        case .badRequest:
            return .invalidPath
        case .rangeNotSatisfiable:
            return .rangeNotSatisfiable
        default:
            context.logger.error("framework error", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return .internalError
        }
    }
}
#endif
