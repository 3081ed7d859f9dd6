/// The fixed tune / test split of `ecg eval rhythm`. Thresholds are set on the tune half only.
///
/// MIT-BIH: tune = DS1 of de Chazal et al. (2004) plus paced records 102 and 107; test = DS2 plus paced records 104
/// and 217 (the paced records are outside DS1/DS2, so two go to each half). PTB-XL: tune = records 1-50, test =
/// records 51-100 (`ecg_id`).
enum RhythmSplit: String, CaseIterable {
    case tune, test, all

    static let mitdbTune = [
        "101", "106", "108", "109", "112", "114", "115", "116", "118", "119", "122", "124", "201", "203", "205", "207",
        "208", "209", "215", "220", "223", "230", "102", "107",
    ]
    static let mitdbTest = [
        "100", "103", "105", "111", "113", "117", "121", "123", "200", "202", "210", "212", "213", "214", "219", "221",
        "222", "228", "231", "232", "233", "234", "104", "217",
    ]

    func includesMITBIH(_ record: String) -> Bool {
        switch self {
        case .tune: Self.mitdbTune.contains(record)
        case .test: Self.mitdbTest.contains(record)
        case .all: true
        }
    }

    func includesPTBXL(_ ecgID: Int) -> Bool {
        switch self {
        case .tune: (1...50).contains(ecgID)
        case .test: (51...100).contains(ecgID)
        case .all: true
        }
    }
}
