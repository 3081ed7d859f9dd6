/// The size of one strip's ECG paper and where its baseline lies, millimetres (``ECGPaper/layout(_:)``); `upMV` and
/// `downMV` are the drawn range above and below the baseline, mV.
struct PaperLayout: Equatable {
    var widthMM: Double
    var heightMM: Double
    var baselineMM: Double
    var upMV: Double
    var downMV: Double
}
