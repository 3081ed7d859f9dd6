#!/usr/bin/env python3
"""Browser test of the web page: drives headless Chromium over the DevTools protocol against a live `ecg serve`.

Uploads a CSV through the real file input, waits for the result, asserts on the DOM and on the drawn canvas,
saves a full-page screenshot; uploads an ECG image and checks the digitized traces drawn over it; then checks
drag-and-drop and the error display. Last, `ecg report` writes the HTML report of a small EDF+ fixture, which is
opened from disk and checked: sections present, the strips' and the trend's SVG laid out with a size, no console
error, no request beyond the file itself. Standard library only (the
WebSocket client below is the minimal RFC 6455 subset the DevTools protocol needs).

    apt-get install -y chromium            # Debian's browser
    swift build -c release
    python3 tools/browser/browser_test.py  # starts .build/release/ecg serve on a free port

Options: --url URL (use a running server instead), --ecg PATH, --model PATH, --labels PATH, --csv PATH,
--image PATH, --report-edf PATH, --screenshot PATH, --image-screenshot PATH, --report-screenshot PATH,
--chromium PATH.
Exit status 0 only when every check passed.
"""

import argparse
import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class WebSocket:
    """Client side of RFC 6455: masked text frames out, text/continuation/ping/close frames in."""

    def __init__(self, url: str, timeout: float = 30):
        assert url.startswith("ws://"), url
        host_port, _, path = url[5:].partition("/")
        host, _, port = host_port.partition(":")
        self.sock = socket.create_connection((host, int(port or 80)), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("websocket handshake: connection closed")
            head += chunk
        status_line = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status_line:
            raise ConnectionError(f"websocket handshake refused: {status_line!r}")
        self.buffer = head.split(b"\r\n\r\n", 1)[1]

    def _read(self, count: int) -> bytes:
        while len(self.buffer) < count:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("websocket closed")
            self.buffer += chunk
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        header = bytes([0x80 | opcode])
        length = len(payload)
        if length < 126:
            header += bytes([0x80 | length])
        elif length < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", length)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", length)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, text: str) -> None:
        self._send_frame(0x1, text.encode())

    def receive(self) -> str:
        message = b""
        while True:
            first, second = self._read(2)
            opcode, length = first & 0x0F, second & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if second & 0x80 else None
            payload = self._read(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode == 0x8:
                raise ConnectionError("websocket closed by the browser")
            message += payload
            if first & 0x80:
                return message.decode()


class DevTools:
    """Commands over one page target; events are skipped while waiting for a command's answer."""

    def __init__(self, ws_url: str):
        self.ws = WebSocket(ws_url)
        self.next_id = 0
        self.events = []  # every event received while waiting for answers: (method, params)

    def call(self, method: str, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if "method" in message and "id" not in message:
                self.events.append((message["method"], message.get("params", {})))
                continue
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page script failed: {result['exceptionDetails'].get('text')}: {expression[:80]}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        raise TimeoutError(f"timed out waiting for {expression}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} did not answer within {timeout} s")


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, condition: bool, what: str) -> None:
        if condition:
            self.passed += 1
            print(f"ok    {what}")
        else:
            self.failed += 1
            print(f"FAIL  {what}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="base URL of a running server (default: start one)")
    parser.add_argument("--ecg", default=str(ROOT / ".build/release/ecg"), help="ecg executable to start")
    parser.add_argument("--csv", default=str(ROOT / "samples/sample_ecg.csv"))
    parser.add_argument("--image", default=str(ROOT / "samples/sample_ecg.png"))
    parser.add_argument("--report-edf", default=str(ROOT / "Tests/Fixtures/edf/mitdb202_af_onset.edf"))
    parser.add_argument("--screenshot", default=str(ROOT / "docs/screenshot.png"))
    parser.add_argument("--report-screenshot", help="save a full-page screenshot of the HTML report here")
    parser.add_argument("--image-screenshot", default=str(ROOT / "docs/screenshot_image.png"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    parser.add_argument("--model", help="--model for the started server (default: its own default)")
    parser.add_argument("--labels", help="--labels for the started server")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="ecg-browser-"))
    processes = []
    checks = Checks()
    try:
        base = args.url
        if not base:
            port = free_port()
            command = [args.ecg, "serve", "--port", str(port), "--outputs", str(workdir / "json_outputs")]
            command += ["--model", args.model] if args.model else []
            command += ["--labels", args.labels] if args.labels else []
            server = subprocess.Popen(
                command,
                cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(workdir / "server.log", "w"))
            processes.append(server)
            base = f"http://127.0.0.1:{port}"
        base = base.rstrip("/")
        wait_http(base + "/healthz")

        devtools_port = free_port()
        browser = subprocess.Popen(
            [args.chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-dev-shm-usage", f"--remote-debugging-port={devtools_port}",
             f"--user-data-dir={workdir / 'profile'}", "--window-size=1280,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(browser)
        wait_http(f"http://127.0.0.1:{devtools_port}/json/version")
        request = urllib.request.Request(f"http://127.0.0.1:{devtools_port}/json/new?about:blank", method="PUT")
        with urllib.request.urlopen(request) as response:
            target = json.load(response)
        page = DevTools(target["webSocketDebuggerUrl"])
        page.call("Page.enable")
        page.call("Runtime.enable")
        page.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)

        # 1. Upload through the real <input type=file>.
        page.call("Page.navigate", url=base + "/")
        page.wait_for("document.body && document.body.dataset.state === 'ready'")
        checks.check(page.evaluate("document.title") == "ECG analysis", "page loads with its title")
        document = page.call("DOM.getDocument")
        node = page.call("DOM.querySelector", nodeId=document["root"]["nodeId"], selector="#file-input")
        page.call("DOM.setFileInputFiles", files=[str(Path(args.csv).resolve())], nodeId=node["nodeId"])
        state = page.wait_for("['done','error'].includes(document.body.dataset.state) && document.body.dataset.state")
        error_text = page.evaluate("document.getElementById('error').textContent")
        checks.check(state == "done", f"upload finishes without an error (state {state}, error {error_text!r})")
        if state == "done":
            text = lambda selector: page.evaluate(f"document.querySelector({json.dumps(selector)}).textContent.trim()")
            checks.check(len(text("#diagnosis")) > 3, f"diagnosis shown: {text('#diagnosis')!r}")
            checks.check(text("#heart-rate").endswith("bpm") and text("#heart-rate")[0].isdigit(),
                         f"heart rate shown: {text('#heart-rate')!r}")
            checks.check("/100" in text("#risk-value"), f"risk score shown: {text('#risk-value')!r} {text('#risk-level')!r}")
            beats = int(text("#beat-count").split()[0])
            checks.check(5 <= beats <= 30, f"beat count plausible for 10 s: {beats}")
            checks.check(page.evaluate("document.querySelectorAll('#intervals dd').length") == 5, "five intervals listed")
            checks.check(len(text("#notes")) > 20, "doctor's notes shown")
            signal_text = page.evaluate("document.getElementById('signal').textContent")
            checks.check("Beat labels" in signal_text and "model on MLII" in signal_text,
                         f"the lead the model read is shown: {signal_text!r}")
            checks.check("not a medical device" in text("#disclaimer"), "disclaimer shown")
            checks.check(page.evaluate("document.querySelectorAll('#legend .legend-item').length") >= 1,
                         "beat-class legend drawn")
            checks.check(page.evaluate("document.querySelectorAll('#risk-components tbody tr').length") >= 1,
                         "risk components listed with reasons")
            ink = page.evaluate("""(() => {
                const c = document.getElementById('trace');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let dark = 0, coloured = 0;
                for (let i = 0; i < d.length; i += 4) {
                    if (d[i] < 80 && d[i + 1] < 80 && d[i + 2] < 80) dark++;
                    if (Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 90) coloured++;
                }
                return {width: c.width, dark, coloured};
            })()""")
            checks.check(ink["width"] >= 1000 and ink["dark"] > 2000, f"trace drawn on the canvas: {ink}")
            checks.check(ink["coloured"] > 50, "R-peak markers drawn in class colours")
            saved = page.evaluate("document.getElementById('saved-link').textContent")
            checks.check(saved.endswith(".json") and "sample_ecg" not in saved, f"saved-file name shown: {saved!r}")
            with urllib.request.urlopen(base + "/" + page.evaluate("document.getElementById('saved-link').getAttribute('href')")) as r:
                checks.check(json.load(r).get("saved_as") == saved, "the saved result is served back by its link")

            height = page.evaluate("Math.ceil(document.documentElement.scrollHeight)")
            page.call("Emulation.setDeviceMetricsOverride", width=1280, height=height, deviceScaleFactor=1, mobile=False)
            time.sleep(0.3)
            shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
            Path(args.screenshot).parent.mkdir(parents=True, exist_ok=True)
            Path(args.screenshot).write_bytes(base64.b64decode(shot["data"]))
            checks.check(Path(args.screenshot).stat().st_size > 10_000, f"screenshot saved to {args.screenshot}")
            page.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)

        # 2. Upload an ECG image: the image is shown with the digitized traces drawn over it, then the result.
        page.call("Page.navigate", url=base + "/")
        page.wait_for("document.body && document.body.dataset.state === 'ready'")
        document = page.call("DOM.getDocument")
        node = page.call("DOM.querySelector", nodeId=document["root"]["nodeId"], selector="#file-input")
        page.call("DOM.setFileInputFiles", files=[str(Path(args.image).resolve())], nodeId=node["nodeId"])
        state = page.wait_for("['done','error'].includes(document.body.dataset.state) && document.body.dataset.state", timeout=60)
        error_text = page.evaluate("document.getElementById('error').textContent")
        checks.check(state == "done", f"image upload finishes without an error (state {state}, error {error_text!r})")
        if state == "done":
            text = lambda selector: page.evaluate(f"document.querySelector({json.dumps(selector)}).textContent.trim()")
            checks.check(not page.evaluate("document.getElementById('image-figure').hidden"), "image figure shown")
            overlay = page.evaluate("""(() => {
                const c = document.getElementById('image-overlay');
                const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let orange = 0, pink = 0;
                for (let i = 0; i < d.length; i += 4) {
                    if (d[i] > 200 && d[i + 1] > 50 && d[i + 1] < 140 && d[i + 2] < 60) orange++;
                    if (d[i] > 230 && d[i + 1] > 150 && d[i + 1] < 235 && d[i + 2] > 160 && d[i] - d[i + 1] > 15) pink++;
                }
                return {width: c.width, height: c.height, orange, pink};
            })()""")
            checks.check(overlay["width"] >= 800 and overlay["pink"] > 1000, f"uploaded image drawn (paper grid visible): {overlay}")
            checks.check(overlay["orange"] > 800, f"digitized trace drawn over the image: {overlay['orange']} trace pixels")
            note = text("#image-note")
            checks.check(note.startswith("1 of 1 digitized leads") and "single_strip" in note, f"digitization described: {note!r}")
            hr = text("#heart-rate")
            checks.check(hr.endswith("bpm") and 65 <= float(hr.split()[0]) <= 85,
                         f"heart rate from the image matches the CSV's ~74 bpm: {hr!r}")
            checks.check("Digitized" in page.evaluate("document.getElementById('signal').textContent"),
                         "digitization listed under signal and model")
            height = page.evaluate("Math.ceil(document.documentElement.scrollHeight)")
            page.call("Emulation.setDeviceMetricsOverride", width=1280, height=height, deviceScaleFactor=1, mobile=False)
            time.sleep(0.3)
            shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
            Path(args.image_screenshot).parent.mkdir(parents=True, exist_ok=True)
            Path(args.image_screenshot).write_bytes(base64.b64decode(shot["data"]))
            checks.check(Path(args.image_screenshot).stat().st_size > 10_000, f"screenshot saved to {args.image_screenshot}")
            page.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)

        # 3. Drag and drop a file onto the drop zone.
        csv_text = Path(args.csv).read_text()
        drop = """((name, text) => {
            const transfer = new DataTransfer();
            transfer.items.add(new File([text], name, {type: 'text/csv'}));
            const zone = document.getElementById('drop-zone');
            zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: transfer, bubbles: true, cancelable: true}));
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
            return true;
        })"""
        page.call("Page.navigate", url=base + "/")
        page.wait_for("document.body && document.body.dataset.state === 'ready'")
        page.evaluate(f"{drop}('dropped.csv', {json.dumps(csv_text)})")
        state = page.wait_for("['done','error'].includes(document.body.dataset.state) && document.body.dataset.state")
        checks.check(state == "done" and page.evaluate("!document.getElementById('result').hidden"),
                     "drag-and-drop upload shows a result")

        # 4. Errors are shown plainly.
        page.evaluate(f"{drop}('notes.pdf', 'not an ecg')")
        state = page.wait_for("document.body.dataset.state === 'error' && 'error'")
        message = page.evaluate("document.getElementById('error').textContent")
        checks.check("415" in message and "unsupported file type" in message, f"415 shown plainly: {message!r}")
        checks.check(page.evaluate("document.getElementById('result').hidden"), "no stale result next to the error")
        page.evaluate(f"{drop}('flat.csv', 'time_s,MLII\\n' + Array.from({{length: 3600}}, (_, i) => (i / 360) + ',0').join('\\n'))")
        state = page.wait_for("['done','error'].includes(document.body.dataset.state) && document.body.dataset.state")
        message = page.evaluate("document.getElementById('error').textContent")
        checks.check(state == "error" and ("422" in message or "400" in message), f"a flat signal is refused plainly: {message!r}")
        cut_png = """(() => {
            const bytes = new Uint8Array([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], 'cut.png', {type: 'image/png'}));
            const zone = document.getElementById('drop-zone');
            zone.dispatchEvent(new DragEvent('drop', {dataTransfer: transfer, bubbles: true, cancelable: true}));
            return true;
        })()"""
        page.evaluate(cut_png)
        state = page.wait_for("['done','error'].includes(document.body.dataset.state) && document.body.dataset.state")
        message = page.evaluate("document.getElementById('error').textContent")
        checks.check(state == "error" and "422" in message and "truncated" in message,
                     f"a truncated image is refused plainly: {message!r}")
        checks.check(page.evaluate("document.getElementById('result').hidden"), "no stale image next to the error")

        # 5. The HTML report of `ecg report`, opened from disk.
        report_html = workdir / "report.html"
        made = subprocess.run([args.ecg, "report", args.report_edf, "--html", str(report_html)]
                              + (["--model", args.model] if args.model else [])
                              + (["--labels", args.labels] if args.labels else []),
                              cwd=ROOT, capture_output=True, text=True, timeout=300)
        checks.check(made.returncode == 0 and report_html.exists(),
                     f"ecg report writes the page (status {made.returncode}, {made.stderr.strip()!r})")
        if report_html.exists():
            page.call("Log.enable")
            page.call("Network.enable")
            page.events.clear()
            page.call("Page.navigate", url=report_html.resolve().as_uri())
            page.wait_for("document.readyState === 'complete'")
            checks.check(page.evaluate("document.title").startswith("ECG report: "), "report page loads with its title")
            sections = page.evaluate("Array.from(document.querySelectorAll('section')).map(s => s.id)")
            checks.check(all(s in sections for s in ["summary", "trend", "episodes", "hrv", "events", "strips"]),
                         f"report sections present: {sections}")
            sizes = page.evaluate("""Array.from(document.querySelectorAll('svg.strip')).map(s => {
                const r = s.getBoundingClientRect();
                return {w: r.width, h: r.height, points: s.querySelector('polyline.trace').points.numberOfItems,
                        labels: s.querySelectorAll('text.beat').length};
            })""")
            checks.check(len(sizes) >= 1 and all(z["w"] > 100 and z["h"] > 40 and z["points"] > 100 for z in sizes),
                         f"strips drawn with a size and a trace: {sizes}")
            checks.check(all(z["labels"] >= 1 for z in sizes), "beat labels on every strip")
            # 25 mm/s: the page is laid out at 96 px per inch, so one second of paper is 25 / 25.4 * 96 px wide.
            px_per_mm = page.evaluate("(() => { const d = document.createElement('div'); d.style.width = '100mm';"
                                      " document.body.appendChild(d); const w = d.getBoundingClientRect().width;"
                                      " d.remove(); return w / 100; })()")
            first_width_mm = page.evaluate("parseFloat(document.querySelector('svg.strip').getAttribute('width'))")
            checks.check(sizes and abs(sizes[0]["w"] - first_width_mm * px_per_mm) < 1,
                         f"strip laid out at paper scale ({first_width_mm} mm, {px_per_mm:.3f} px/mm)")
            trend = page.evaluate("(() => { const r = document.querySelector('svg.trend').getBoundingClientRect();"
                                  " return {w: r.width, h: r.height, mean: document.querySelectorAll('svg.trend polyline.mean').length}; })()")
            checks.check(trend["w"] > 500 and trend["h"] > 100 and trend["mean"] >= 1, f"heart-rate trend drawn: {trend}")
            annotations = page.evaluate("document.querySelectorAll('#events tr.annotation').length")
            checks.check(annotations >= 1, f"the file's EDF+ annotations listed: {annotations}")
            time.sleep(0.2)
            page.evaluate("1")  # collect events that arrived after the load
            errors = [p for m, p in page.events
                      if m == "Runtime.exceptionThrown"
                      or (m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"))
                      or (m == "Log.entryAdded" and p.get("entry", {}).get("level") == "error")]
            checks.check(not errors, f"no console errors: {errors[:3]}")
            requests = [p["request"]["url"] for m, p in page.events if m == "Network.requestWillBeSent"]
            checks.check(all(url.startswith("file://") for url in requests) and len(requests) <= 1,
                         f"the page requests nothing beyond itself: {requests}")
            if args.report_screenshot:
                height = page.evaluate("Math.ceil(document.documentElement.scrollHeight)")
                page.call("Emulation.setDeviceMetricsOverride", width=1280, height=height, deviceScaleFactor=1, mobile=False)
                time.sleep(0.3)
                shot = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
                Path(args.report_screenshot).parent.mkdir(parents=True, exist_ok=True)
                Path(args.report_screenshot).write_bytes(base64.b64decode(shot["data"]))
                checks.check(Path(args.report_screenshot).stat().st_size > 10_000,
                             f"report screenshot saved to {args.report_screenshot}")
    except Exception as error:  # a crash of the harness is a failed check, reported as such
        checks.check(False, f"test harness: {type(error).__name__}: {error}")
    finally:
        for process in reversed(processes):
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(workdir, ignore_errors=True)

    print(f"{checks.passed} passed, {checks.failed} failed")
    return 0 if checks.failed == 0 and checks.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
