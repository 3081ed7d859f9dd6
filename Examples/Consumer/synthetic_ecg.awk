# Writes a synthetic, normal lead-II ECG as CSV (time in s, MLII in mV): Gaussian P, Q, R, S and T waves at BPM
# beats per minute (PR ≈ 160 ms, QRS ≈ 100 ms, QT ≈ 375 ms at 72 bpm), 360 Hz, SECONDS long, with a little
# deterministic noise. Usage: awk -v BPM=72 -v SECONDS=20 -f synthetic_ecg.awk
BEGIN {
    if (BPM == "") BPM = 72
    if (SECONDS == "") SECONDS = 20
    rate = 360; rr = 60 / BPM
    split("0.15 -0.10 1.20 -0.25 0.35", amp, " ")
    split("-0.160 -0.025 0 0.025 0.230", ctr, " ")
    split("0.020 0.008 0.010 0.009 0.040", wid, " ")
    print "time,MLII"
    seed = 12345
    n = int(SECONDS * rate)
    for (i = 0; i < n; i++) {
        t = i / rate
        x = 0
        for (r = 0.5; r < SECONDS; r += rr) {
            if (t < r - 0.4 || t > r + 0.6) continue
            for (k = 1; k <= 5; k++) { d = (t - r - ctr[k]) / wid[k]; x += amp[k] * exp(-0.5 * d * d) }
        }
        seed = (seed * 1103515245 + 12345) % 2147483648
        x += 0.01 * (seed / 2147483648 - 0.5)
        printf "%.5f,%.5f\n", t, x
    }
}
