import Foundation

/// A small JSON Schema (draft 2020-12) checker for the subset `docs/result.schema.json` uses: `type` (string or
/// list), `properties`, `required`, `additionalProperties` (false or a schema), `items`, `enum`, `minimum`,
/// `maximum` and local `$ref`s. Returns one message per violation, with its JSON path.
struct SchemaChecker {
    let root: [String: Any]

    init(schemaURL: URL) throws {
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL))
        guard let root = object as? [String: Any] else { throw CocoaError(.fileReadCorruptFile) }
        self.root = root
    }

    func violations(of data: Data) throws -> [String] {
        let value = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        var problems: [String] = []
        check(value, against: root, path: "$", problems: &problems)
        return problems
    }

    private func resolve(_ schema: [String: Any]) -> [String: Any] {
        guard let ref = schema["$ref"] as? String, ref.hasPrefix("#/") else { return schema }
        var node: Any = root
        for part in ref.dropFirst(2).split(separator: "/") {
            guard let next = (node as? [String: Any])?[String(part)] else { return [:] }
            node = next
        }
        return node as? [String: Any] ?? [:]
    }

    private func typeName(_ value: Any) -> String {
        switch value {
        case is NSNull: return "null"
        case let number as NSNumber:
            if CFGetTypeID(number) == CFBooleanGetTypeID() { return "boolean" }
            return number.doubleValue == number.doubleValue.rounded() && !"\(number)".contains(".") ? "integer" : "number"
        case is String: return "string"
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        default: return "unknown"
        }
    }

    private func check(_ value: Any, against raw: [String: Any], path: String, problems: inout [String]) {
        let schema = resolve(raw)
        let actual = typeName(value)
        if let type = schema["type"] {
            let allowed = (type as? [String]) ?? [(type as? String) ?? ""]
            let ok = allowed.contains(actual) || (actual == "integer" && allowed.contains("number"))
            if !ok { problems.append("\(path): \(actual) is not \(allowed.joined(separator: "|"))"); return }
        }
        if let options = schema["enum"] as? [Any], let string = value as? String,
           !options.contains(where: { ($0 as? String) == string }) {
            problems.append("\(path): '\(string)' is not one of the enum values")
        }
        if let number = value as? NSNumber, actual != "boolean" {
            if let minimum = schema["minimum"] as? Double, number.doubleValue < minimum { problems.append("\(path): below minimum") }
            if let maximum = schema["maximum"] as? Double, number.doubleValue > maximum { problems.append("\(path): above maximum") }
        }
        if let object = value as? [String: Any] {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for key in schema["required"] as? [String] ?? [] where object[key] == nil {
                problems.append("\(path): missing required key '\(key)'")
            }
            for (key, child) in object {
                if let propertySchema = properties[key] as? [String: Any] {
                    check(child, against: propertySchema, path: "\(path).\(key)", problems: &problems)
                } else if let additional = schema["additionalProperties"] {
                    if let extra = additional as? [String: Any] {
                        check(child, against: extra, path: "\(path).\(key)", problems: &problems)
                    } else if (additional as? Bool) == false {
                        problems.append("\(path): key '\(key)' is not in the schema")
                    }
                }
            }
        }
        if let array = value as? [Any], let items = schema["items"] as? [String: Any] {
            for (i, element) in array.enumerated() { check(element, against: items, path: "\(path)[\(i)]", problems: &problems) }
        }
    }
}
