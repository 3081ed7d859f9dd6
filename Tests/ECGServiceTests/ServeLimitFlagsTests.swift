#if Service
import Foundation
import Testing

/// `ecg serve`'s limit flags reach the service: a real process started with small values reports them in
/// `/debug/info` and refuses an upload over them; out-of-range values are refused at start with one line.
/// The processes are driven from their own thread (``offThePool(_:)``): waiting on them must not hold a cooperative
/// thread that in-process servers of other tests need.
@Suite("ecg serve limit flags", .serialized)
struct ServeLimitFlagsTests {
    @Test("small limit flags are reported by /debug/info and enforced on /predict")
    func flagsReachTheService() async throws {
        let folder = try TemporaryFolder()
        let outputs = folder.path + "/json_outputs"
        let page = folder.path
        let (info, reply) = try await offThePool { () -> Result<(String, String), ServeProcessError> in
            let server: ServeProcess
            do {
                server = try ServeProcess(arguments: [
                    "--outputs", outputs, "--public", page, "--workers", "1",
                    "--max-samples", "1000", "--max-leads", "3", "--max-csv-line-kb", "2", "--max-image-megapixels", "0.5",
                    "--max-image-decoded-mb", "5", "--analysis-timeout", "7.5", "--request-timeout", "3",
                ], timeout: 300)
            } catch let error as ServeProcessError { return .failure(error) } catch { return .failure(.notBuilt) }
            let info = (try? rawExchange(port: server.port, Data("GET /debug/info HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), timeout: 60)) ?? ""
            var multipart = MultipartBody()
            multipart.file(sampleCSV(count: 3600), fileName: "long.csv")
            let upload = Data(multipart.closed.readableBytesView)
            let request = Data(("POST /predict HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: multipart/form-data; boundary=\(MultipartBody.boundary)\r\n"
                + "Content-Length: \(upload.count)\r\n\r\n").utf8) + upload
            let reply = (try? rawExchange(port: server.port, request, timeout: 60)) ?? ""
            return .success((info, reply))
        }.get()
        withExtendedLifetime(folder) {}

        let body = try #require(info.range(of: "\r\n\r\n").map { Data(info[$0.upperBound...].utf8) })
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let service = try #require(json["service"] as? [String: Any])
        #expect(service["max_samples_per_lead"] as? Int == 1000)
        #expect(service["max_leads"] as? Int == 3)
        #expect(service["max_csv_line_bytes"] as? Int == 2048)
        #expect(service["max_image_pixels"] as? Int == 500_000)
        #expect(service["max_image_decoded_bytes"] as? Int == 5 << 20)
        #expect(service["analysis_timeout_seconds"] as? Double == 7.5)
        #expect(service["request_timeout_seconds"] as? Double == 3)
        #expect(firstStatus(reply) == 400, "\(reply.prefix(300))")
        #expect(reply.contains("\"invalid_input\"") && reply.contains("more than 1000 rows"))
    }

    @Test("an out-of-range limit flag stops ecg serve at start with one line naming the flag")
    func outOfRange() async throws {
        let executable = try #require(ServeProcess.executable)
        let cases = [("--max-samples", "0"), ("--max-leads", "2000"), ("--max-csv-line-kb", "0"),
                     ("--max-image-decoded-mb", "0"), ("--analysis-timeout", "-1"), ("--request-timeout", "0")]
        let outcomes = await offThePool { () -> [(status: Int32, text: String)] in
            cases.map { flag, value in
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = ["serve", "--port", "0", flag, value]
                let errors = Pipe()
                process.standardError = errors
                process.standardOutput = FileHandle.nullDevice
                guard (try? process.run()) != nil else { return (-1, "") }
                let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                return (process.terminationStatus, text)
            }
        }
        for ((flag, value), outcome) in zip(cases, outcomes) {
            #expect(outcome.status > 0, "\(flag) \(value)")
            #expect(outcome.text.contains(flag), "\(flag) \(value): \(outcome.text.prefix(200))")
        }
    }
}
#endif
