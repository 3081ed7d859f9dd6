#if Service
import Hummingbird
import Logging
import ServiceLifecycle

extension ECGHTTPService {
    /// Prepares the store, serves until SIGTERM or SIGINT, then shuts down gracefully and stops the workers.
    ///
    /// On the signal the listening socket closes at once (new connections are refused), idle keep-alive connections
    /// are closed, and requests already received run to completion, their results saved, and are answered with
    /// `Connection: close`. After `shutdownGrace` whatever is still open is cancelled. Then the worker pool drains
    /// and the store finishes its queued saves and closes, and the call returns.
    /// - Parameter onListening: called once the server accepts connections (with the bound port).
    public func run(
        shutdownGrace: Duration, logger: Logger = Logger(label: "ecg"), onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) async throws {
        try await prepare()
        let application = buildApplication(logger: logger, onListening: onListening)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.maximumGracefulShutdownDuration = shutdownGrace
        let group = ServiceGroup(configuration: groupConfiguration)
        defer { shutdown() }
        try await group.run()
        logger.info("server stopped; draining the workers and the result store")
    }
}
#endif
