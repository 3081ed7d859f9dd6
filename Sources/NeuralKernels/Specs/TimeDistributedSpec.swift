/// Applies the wrapped layer to every time step: `[batch, steps, …] → [batch, steps, …']`, by folding the time axis
/// into the batch axis. The wrapped layer must have one output.
public struct TimeDistributedSpec: Sendable {
    /// The wrapped layer's own name, for messages.
    public var innerName: String
    public var innerClassName: String
    public var layer: LayerSpec

    public init(layer: LayerSpec, name: String, className: String) {
        self.layer = layer
        self.innerName = name
        self.innerClassName = className
    }
}
