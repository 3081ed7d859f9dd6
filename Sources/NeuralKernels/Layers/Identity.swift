/// Layers that are the identity at inference (`LayerSpec.identity`): dropout, noise, activity regularisation.
/// Shape-preserving; weight-free.
struct IdentityLayer: UnaryOperation {
    let outputShape: [Int?]

    init(inputShape: [Int?]) {
        self.outputShape = inputShape
    }

    func forward(_ input: Tensor) throws -> Tensor { input }
}
