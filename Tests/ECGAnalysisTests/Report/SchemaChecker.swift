import Foundation
import HDF5Reader
import KerasFormat

/// A small JSON Schema (draft 2020-12) checker for the subset `docs/result.schema.json` uses: `type` (string or
/// list), `properties`, `required`, `additionalProperties` (false or a schema), `items`, `enum`, `minimum`,
/// `maximum`, `maxItems`, `maxLength` and local `$ref`s. Returns one message per violation, with its JSON path.
struct SchemaChecker {
    let root: JSONValue

    init(schemaURL: URL) throws {
        root = try JSONValue(parsing: Data(contentsOf: schemaURL))
    }

    func violations(of data: Data) throws -> [String] {
        var problems: [String] = []
        check(try JSONValue(parsing: data), against: root, path: "$", problems: &problems)
        return problems
    }

    private func resolve(_ schema: JSONValue) -> JSONValue {
        guard let ref = schema["$ref"]?.stringValue, ref.hasPrefix("#/") else { return schema }
        var node = root
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = node[String(part)] else { return .object([:]) }
            node = next
        }
        return node
    }

    /// JSON Schema type name; integral numbers are integers (draft 2020-12).
    private func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number(let n): n.rounded() == n ? "integer" : "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    private func check(_ value: JSONValue, against raw: JSONValue, path: String, problems: inout [String]) {
        let schema = resolve(raw)
        let actual = typeName(value)
        if let type = schema["type"] {
            let allowed = type.arrayValue?.compactMap(\.stringValue) ?? [type.stringValue ?? ""]
            guard allowed.contains(actual) || (actual == "integer" && allowed.contains("number")) else {
                problems.append("\(path): \(actual) is not \(allowed.joined(separator: "|"))")
                return
            }
        }
        if let options = schema["enum"]?.arrayValue, !options.contains(value) {
            problems.append("\(path): \(value) is not one of the enum values")
        }
        if case .number(let n) = value {
            if let minimum = schema["minimum"]?.doubleValue, n < minimum { problems.append("\(path): \(n) below minimum") }
            if let maximum = schema["maximum"]?.doubleValue, n > maximum { problems.append("\(path): \(n) above maximum") }
        }
        if case .string(let text) = value, let limit = schema["maxLength"]?.doubleValue, Double(text.count) > limit {
            problems.append("\(path): string longer than \(Int(limit)) characters")
        }
        if let array = value.arrayValue, let limit = schema["maxItems"]?.doubleValue, Double(array.count) > limit {
            problems.append("\(path): more than \(Int(limit)) items")
        }
        if let object = value.objectValue {
            let properties = schema["properties"]?.objectValue ?? [:]
            for key in schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[key] == nil {
                problems.append("\(path): missing required key '\(key)'")
            }
            for (key, child) in object.sorted(by: { $0.key < $1.key }) {
                if let propertySchema = properties[key] {
                    check(child, against: propertySchema, path: "\(path).\(key)", problems: &problems)
                } else if let additional = schema["additionalProperties"] {
                    if case .bool(false) = additional {
                        problems.append("\(path): key '\(key)' is not in the schema")
                    } else if additional.objectValue != nil {
                        check(child, against: additional, path: "\(path).\(key)", problems: &problems)
                    }
                }
            }
        }
        if let array = value.arrayValue, let items = schema["items"] {
            for (i, element) in array.enumerated() { check(element, against: items, path: "\(path)[\(i)]", problems: &problems) }
        }
    }
}
