import ECGAnalysis
import Foundation
import FuzzSupport

/// Every recording parser behind `ECGFileReader.read(data:fileName:)`: the first byte picks the name the upload
/// claims (CSV, TXT, NPY, EDF or none), the rest is the file. Any typed `ECGAnalysisError` is a correct answer;
/// a crash, a trap or a sanitizer report is a bug.
@_cdecl("FuzzRecording_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
    runFuzzer(argc, argv) { start, count in fuzzRecording(start, count) }
}

func fuzzRecording(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let start else { return 0 }
    guard count > 0 else { return 0 }
    let names = ["upload.csv", "upload.txt", "upload.npy", "upload.edf", "upload"]
    let name = names[Int(start[0]) % names.count]
    let data = Data(bytes: start + 1, count: count - 1)
    // Small limits keep each run fast; the parsers' checks are the same at any limit.
    let options = ECGReadOptions(maxSamples: 200_000, maxLeads: 16, imageLimits: ImageDecodingLimits(maxPixels: 4_000_000))
    _ = try? ECGFileReader.read(data: data, fileName: name, options: options)
    return 0
}
