import Foundation

/// Entry point for reading ECG recordings from files or uploaded bytes.
///
/// The format comes from the extension, checked against the content: `.csv`/`.txt`/`.tsv` (delimited text),
/// `.npy` (1-D or `[samples, leads]`), `.edf` (EDF, EDF+C, EDF+D), `.hea` (WFDB; its data files are found next to it)
/// or `.dat` with a `.hea` beside it, or an ECG image: `.png`, `.jpg`/`.jpeg`, `.bmp` (decoded, then digitized; see `ImageRecordingReader`).
/// Without a known extension the content decides (image, EDF or NPY signature, else text). Other image formats (GIF,
/// TIFF, WebP) are refused with `unsupportedFormat`.
public enum ECGFileReader {
    /// Files larger than this are refused before reading (a 2-million-row, 12-lead CSV is about 200 MB).
    public static let maxFileBytes = 512 << 20

    /// Image formats recognised by name but not decoded.
    static let otherImageExtensions: Set<String> = ["gif", "tif", "tiff", "webp"]

    /// Reads the recording at `path`.
    public static func read(path: String, options: ECGReadOptions = .init()) throws -> ECGRecording {
        try options.validate()
        let url = URL(fileURLWithPath: path)
        let ext = url.pathExtension.lowercased()
        if otherImageExtensions.contains(ext) { throw imageError(ext) }
        switch ext {
        case "hea":
            return try WFDBRecordReader.read(headerPath: path, options: options)
        case "dat":
            let header = url.deletingPathExtension().appendingPathExtension("hea")
            guard FileManager.default.fileExists(atPath: header.path) else {
                throw ECGAnalysisError.invalidInput("a WFDB .dat file needs its .hea header next to it")
            }
            return try WFDBRecordReader.read(headerPath: header.path, options: options)
        default:
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                  let size = (attributes[.size] as? NSNumber)?.intValue else {
                throw ECGAnalysisError.invalidInput("the file cannot be opened")
            }
            guard size <= maxFileBytes else {
                throw ECGAnalysisError.invalidInput("the file is larger than \(maxFileBytes >> 20) MB")
            }
            let data = try WFDBRecordReader.readFile(url, limit: maxFileBytes, what: "the file")
            return try read(data: data, fileName: url.lastPathComponent, options: options)
        }
    }

    /// Reads a WFDB record from bytes: the `.hea` header and its data files by the names the header gives them
    /// (e.g. `["100.dat": …]`). A data file the header names but `dataFiles` lacks is a typed error.
    public static func readWFDB(
        header: Data, dataFiles: [String: Data], options: ECGReadOptions = .init()
    ) throws -> ECGRecording {
        try options.validate()
        return try WFDBRecordReader.read(headerBytes: header, options: options) { fileName, limit in
            guard let data = dataFiles[fileName] else {
                throw ECGAnalysisError.invalidInput("WFDB data file '\(fileName)' is missing")
            }
            return data.prefix(max(limit, 0))
        }
    }

    /// Reads a recording from uploaded bytes: CSV, NPY, EDF or an image. WFDB needs two files: ``readWFDB``.
    public static func read(data: Data, fileName: String, options: ECGReadOptions = .init()) throws -> ECGRecording {
        try options.validate()
        let ext = URL(fileURLWithPath: fileName).pathExtension.lowercased()
        guard data.count <= maxFileBytes else {
            throw ECGAnalysisError.invalidInput("the file is larger than \(maxFileBytes >> 20) MB")
        }
        guard !data.isEmpty else { throw ECGAnalysisError.invalidInput("the file is empty") }
        // EDF files can be large: read in place, without a copy.
        if ext == "edf" || EDFHeader.looksLikeEDF([UInt8](data.prefix(EDFHeader.fixedBytes))) {
            return try EDFRecordReader.read(data: data, options: options)
        }
        let bytes = [UInt8](data)
        if let format = ImageFormat(sniffing: bytes) {
            return try ImageRecordingReader.read(bytes: bytes, format: format, options: options)
        }
        if ImageFormat(fileExtension: ext) != nil {
            throw ECGAnalysisError.imageDecoding(.unrecognizedFormat)
        }
        if otherImageExtensions.contains(ext) { throw imageError(ext) }
        if ext == "hea" || ext == "dat" {
            throw ECGAnalysisError.unsupportedFormat("WFDB records need their .hea and .dat files; read them from a path")
        }
        if ContentSniffer.isNPY(bytes) { return try NPYRecordingReader.read(data: data, options: options) }
        if ext == "npy" { throw ECGAnalysisError.invalidInput("the .npy file does not start with the NPY magic") }
        guard ContentSniffer.looksLikeText(bytes) else {
            // A file named as text that is not text is damaged input; anything else is a format we do not read.
            if ["csv", "txt", "tsv"].contains(ext) {
                throw ECGAnalysisError.invalidInput("the .\(ext) file is not readable text (binary content)")
            }
            throw ECGAnalysisError.unsupportedFormat("the file is neither delimited text (CSV) nor NPY")
        }
        return try CSVReader.read(bytes: bytes, options: options)
    }

    private static func imageError(_ ext: String) -> ECGAnalysisError {
        .unsupportedFormat("\(ext.uppercased()) images are not read: convert the image to PNG or JPEG, or upload the signal as CSV, NPY or WFDB")
    }
}

/// Magic-number checks on the first bytes of a file.
enum ContentSniffer {
    static func isNPY(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 6 && bytes[0] == 0x93 && bytes[1...5].elementsEqual("NUMPY".utf8)
    }

    /// No NUL bytes and mostly printable in the first 4 kB.
    static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        let head = bytes.prefix(4096)
        guard !head.contains(0) else { return false }
        let control = head.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }.count
        return control * 50 <= head.count
    }
}
