// ECGAnalysis module.
