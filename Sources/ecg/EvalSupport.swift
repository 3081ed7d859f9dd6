import ArgumentParser
import Foundation

/// Shared helpers of the evaluation commands.
enum EvalSupport {
    /// Fails the command (one line on stderr, exit 1) unless `folder` is a directory: an evaluation that scored
    /// nothing must not look like one that passed.
    static func requireDataFolder(_ folder: String) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            FileHandle.standardError.write(Data("error: data folder '\(folder)' not found (pass --data DIR)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// Record names (NAME of NAME.hea with a NAME.atr) in `folder`, sorted; or the given comma-separated list.
    static func recordNames(in folder: String, only: String?) throws -> [String] {
        if let only { return only.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        let files: [String]
        do { files = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw ValidationError("cannot list the data folder '\(folder)'")
        }
        let set = Set(files)
        let names = files.filter { $0.hasSuffix(".hea") }.map { String($0.dropLast(4)) }.filter { set.contains($0 + ".atr") }
        guard !names.isEmpty else { throw ValidationError("no WFDB records with .atr annotations in '\(folder)'") }
        return names.sorted()
    }
}
