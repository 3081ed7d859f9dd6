import Foundation

// Times KerasFormat's JSON parser against Foundation's JSONDecoder (JSON5 mode, for Python's NaN and Infinity) on
// one Keras model config. Build and run from the repository root:
//   swiftc -O Sources/KerasFormat/JSON/*.swift tools/bench/json_parse/*.swift -o /tmp/json_parse
//   /tmp/json_parse Tests/Fixtures/keras/conv_lstm_bn_tfkeras_weights/model.json

let path = CommandLine.arguments.dropFirst().first ?? "Tests/Fixtures/keras/conv_lstm_bn_tfkeras_weights/model.json"
let data = try Data(contentsOf: URL(fileURLWithPath: path))
let decoder = JSONDecoder()
decoder.allowsJSON5 = true
let handWritten = try JSONValue(parsing: data)
let foundation = try decoder.decode(JSONValue.self, from: data)
print("\(path): \(data.count) bytes; same value from both: \(handWritten == foundation)")

func median(_ body: () throws -> Void) rethrows -> Double {
    var samples: [Double] = []
    for _ in 0..<300 {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        samples.append(Double(elapsed.components.attoseconds) / 1e12 + Double(elapsed.components.seconds) * 1e6)
    }
    return samples.sorted()[samples.count / 2]
}

let parser = try median { _ = try JSONValue(parsing: data) }
let json5 = try median { _ = try decoder.decode(JSONValue.self, from: data) }
print(String(format: "hand-written parser: %.0f µs, JSONDecoder (JSON5): %.0f µs, ratio %.1f", parser, json5, json5 / parser))
