/// One of the recurrent layers (what `Bidirectional` wraps).
public enum RecurrentSpec: Sendable {
    case lstm(LSTMSpec)
    case gru(GRUSpec)
    case simpleRNN(SimpleRNNSpec)

    public var options: RecurrentOptions {
        get {
            switch self {
            case .lstm(let spec): spec.options
            case .gru(let spec): spec.options
            case .simpleRNN(let spec): spec.options
            }
        }
        set {
            switch self {
            case .lstm(var spec): spec.options = newValue; self = .lstm(spec)
            case .gru(var spec): spec.options = newValue; self = .gru(spec)
            case .simpleRNN(var spec): spec.options = newValue; self = .simpleRNN(spec)
            }
        }
    }

    /// The Keras class name (for messages and summaries).
    public var className: String {
        switch self {
        case .lstm: "LSTM"
        case .gru: "GRU"
        case .simpleRNN: "SimpleRNN"
        }
    }

    var parameterCount: Int {
        switch self {
        case .lstm(let s): s.kernel.values.count + s.recurrentKernel.values.count + (s.bias?.values.count ?? 0)
        case .gru(let s): s.kernel.values.count + s.recurrentKernel.values.count + (s.bias?.values.count ?? 0)
        case .simpleRNN(let s): s.kernel.values.count + s.recurrentKernel.values.count + (s.bias?.values.count ?? 0)
        }
    }
}
