#if Service
/// Which uploads `/predict` accepts before handing them to the analysis engine.
public enum UploadPolicy {
    /// Lower-case extensions accepted by the type check: traces (CSV/TXT, NPY, EDF/EDF+) and ECG images (PNG, JPEG,
    /// BMP), which the engine decodes and digitizes.
    public static let acceptedExtensions = ["csv", "txt", "npy", "edf", "png", "jpg", "jpeg", "bmp"]

    /// The lower-cased extension of a client file name ("" when there is none).
    static func fileExtension(of fileName: String) -> String {
        guard let dot = fileName.lastIndex(of: "."), dot != fileName.startIndex else { return "" }
        return fileName[fileName.index(after: dot)...].lowercased()
    }

    /// Throws ``ServiceError/unsupportedFileType(_:)`` unless the name ends in an accepted extension.
    static func checkType(of fileName: String) throws(ServiceError) {
        let ext = fileExtension(of: fileName)
        guard acceptedExtensions.contains(ext) else { throw .unsupportedFileType(ext) }
    }
}
#endif
