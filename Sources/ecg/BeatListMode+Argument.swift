import ArgumentParser
import ECGAnalysis

extension BeatListMode: ExpressibleByArgument {}
