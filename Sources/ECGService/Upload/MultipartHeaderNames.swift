#if Service
import NIOCore

/// A check run before MultipartKit's parser sees a body. MultipartKit 4.7.1 looks each byte of a part's header name
/// up in a 128-entry table, so a byte ≥ 0x80 where a header name is read traps and ends the process (found by the
/// `FuzzMultipart` libFuzzer target). This finds every place the parser could read a header name and refuses the
/// body first.
///
/// The parser enters a part's headers only right after a literal delimiter `--BOUNDARY`; a header section ends at
/// the first empty line (`CR LF CR LF`), and within it a name runs from the start of each line (lines end at
/// `CR LF`; a lone `CR` is a syntax error to the parser) to its first `:`. The check looks at exactly those bytes
/// after every occurrence of the delimiter (a superset of what the parser reads: the rest of the delimiter's own
/// line and an epilogue count as names too), so header values, such as a UTF-8 file name, and part bodies are not
/// restricted.
enum MultipartHeaderNames {
    /// True when a byte ≥ 0x80 sits where a part header name may be read in `body`.
    static func containNonASCII(_ body: ByteBuffer, boundary: String) -> Bool {
        let delimiter = Array("--\(boundary)".utf8)
        return body.withUnsafeReadableBytes { bytes in
            let n = bytes.count
            let d = delimiter.count
            var i = 0
            while i + d <= n {
                guard bytes[i] == delimiter[0], bytes[i + 1] == delimiter[1], matches(delimiter, in: bytes, at: i) else {
                    i += 1
                    continue
                }
                var j = i + d
                var inName = true
                while j < n {
                    let byte = bytes[j]
                    if byte == 0x0D, j + 1 < n, bytes[j + 1] == 0x0A {
                        if j + 3 < n, bytes[j + 2] == 0x0D, bytes[j + 3] == 0x0A { break }   // end of the headers
                        inName = true
                        j += 2
                        continue
                    }
                    if inName {
                        if byte == UInt8(ascii: ":") { inName = false } else if byte >= 0x80 { return true }
                    }
                    j += 1
                }
                i = max(j, i + 1)
            }
            return false
        }
    }

    private static func matches(_ delimiter: [UInt8], in bytes: UnsafeRawBufferPointer, at start: Int) -> Bool {
        for k in delimiter.indices where bytes[start + k] != delimiter[k] { return false }
        return true
    }
}
#endif
