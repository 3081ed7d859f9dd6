/// Which notable moment a ``StripEvent`` shows; one strip per kind.
enum StripEventKind: String, Equatable {
    case longestPause = "longest-pause"
    case fastestRun = "fastest-run"
    case firstAFOnset = "first-af-onset"
    case representativeNormal = "representative-normal"
}
