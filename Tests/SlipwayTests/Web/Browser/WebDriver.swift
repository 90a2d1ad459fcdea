import AsyncHTTPClient
import Foundation
import NIOCore
import Testing

/// Headless Chromium driven through chromedriver over the W3C WebDriver protocol (plain
/// HTTP/JSON), from Debian's `chromium` and `chromium-driver` packages (`scripts/test` installs
/// them).
///
/// Nothing here can hang a test: every WebDriver call has a short deadline (`callTimeout`),
/// pages load `eager`ly (DOMContentLoaded: a page's live-log event streams stay open for as long
/// as it is shown, and must not hold a navigation), the browser's own page-load and script
/// timeouts are below that deadline, and `withBrowser` always ends the session and chromedriver.
final class WebDriver: Sendable {
    static let driverPath = "/usr/bin/chromedriver"
    static let browserPath = "/usr/bin/chromium"
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"
    /// Longest a single WebDriver call may take.
    static let callTimeout: Int64 = 20
    /// Where screenshots of failed scenarios are kept (they outlive the test's scratch directory).
    static var screenshotDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["SLIPWAY_BROWSER_SCREENSHOTS"], !dir.isEmpty {
            return URL(fileURLWithPath: dir)
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("slipway-browser-screenshots")
    }

    private let driver: Process
    private let base: String
    let session: String
    /// chromedriver's log: kept beside the screenshot when a scenario fails, removed otherwise.
    let logPath: String

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private init(driver: Process, base: String, session: String, logPath: String) {
        self.driver = driver
        self.base = base
        self.session = session
        self.logPath = logPath
    }

    /// A browser for `body`; the session and chromedriver end however `body` ends. When `body`
    /// throws, a screenshot is kept and its path reported first.
    static func withBrowser(_ name: String, _ body: (WebDriver) async throws -> Void) async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: driverPath) && FileManager.default.isExecutableFile(atPath: browserPath),
            "the browser tests need Debian's chromium and chromium-driver: run ./scripts/test as root, or apt-get install chromium chromium-driver"
        )
        let browser = try await start()
        do {
            try await body(browser)
        } catch {
            let path = (try? await browser.screenshot(named: name)) ?? "(none could be taken)"
            let url = (try? await browser.currentURL) ?? "?"
            let message = "browser scenario \(name) failed at \(url); screenshot: \(path); chromedriver log: \(browser.logPath)"
            print(message)
            Issue.record(Comment(rawValue: message))
            await browser.quit()
            throw error
        }
        await browser.quit()
        try? FileManager.default.removeItem(atPath: browser.logPath)
    }

    /// Start chromedriver on a free loopback port and open a headless browser session.
    static func start() async throws -> WebDriver {
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: driverPath)
        try FileManager.default.createDirectory(at: screenshotDirectory, withIntermediateDirectories: true)
        let log = screenshotDirectory.appendingPathComponent("chromedriver-\(port).log").path
        process.arguments = ["--port=\(port)", "--allowed-ips=127.0.0.1", "--log-path=\(log)"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let base = "http://127.0.0.1:\(port)"
        do {
            let deadline = Date().addingTimeInterval(15)
            var ready = false
            while !ready {
                guard Date() < deadline else { throw Failure(description: "chromedriver did not become ready on port \(port)") }
                let status = try? await call(base, "GET", "/status", timeout: 2)
                ready = (status?["value"] as? [String: Any])?["ready"] as? Bool == true
                if !ready { try await Task.sleep(for: .milliseconds(100)) }
            }
            let capabilities: [String: Any] = [
                "capabilities": [
                    "alwaysMatch": [
                        "browserName": "chrome",
                        "pageLoadStrategy": "eager",
                        "timeouts": ["pageLoad": 15_000, "script": 5_000, "implicit": 0],
                        "goog:chromeOptions": [
                            "binary": browserPath,
                            // Root in a container: no sandbox; a small /dev/shm: no shared memory.
                            "args": [
                                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                                "--disable-extensions", "--disable-background-networking", "--window-size=1100,900",
                            ],
                        ],
                    ]
                ]
            ]
            let created = try await call(base, "POST", "/session", capabilities, timeout: 60)
            guard let session = (created["value"] as? [String: Any])?["sessionId"] as? String else {
                throw Failure(description: "no WebDriver session: \(created)")
            }
            return WebDriver(driver: process, base: base, session: session, logPath: log)
        } catch {
            _ = try? await call(base, "GET", "/shutdown", timeout: 5)
            await stop(process)
            throw Failure(description: "\(error) (chromedriver log: \(log))")
        }
    }

    /// A port nobody listens on now (the kernel picks it; chromedriver binds it right after).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "no socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw Failure(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// End the browser session (which closes Chromium), then chromedriver.
    func quit() async {
        _ = try? await Self.call(base, "DELETE", "/session/\(session)", timeout: 10)
        _ = try? await Self.call(base, "GET", "/shutdown", timeout: 5)
        await Self.stop(driver)
    }

    /// Stop chromedriver for good. Not with SIGTERM: the test process blocks it (the server's
    /// lifecycle waits for it on a signal source), children inherit the blocked mask, so
    /// chromedriver would never see it and `waitUntilExit` would wait forever. SIGKILL, after a
    /// short grace period for `/shutdown`, and never an unbounded wait.
    static func stop(_ process: Process) async {
        let grace = Date().addingTimeInterval(3)
        while process.isRunning, Date() < grace { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(20)) }
    }

    @discardableResult
    func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any? {
        let answer = try await Self.call(
            base, method, "/session/\(session)\(path)", body ?? (method == "POST" ? [:] : nil), timeout: Self.callTimeout)
        return answer["value"] ?? nil
    }

    func open(_ url: String) async throws { try await command("POST", "/url", ["url": url]) }

    var currentURL: String { get async throws { try await command("GET", "/url") as? String ?? "" } }

    /// The first element matching a CSS selector, waiting up to `seconds` for it to appear.
    func element(_ selector: String, seconds: Double = 10) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let found = try? await command("POST", "/element", ["using": "css selector", "value": selector])
            if let id = (found as? [String: Any])?[Self.elementKey] as? String { return id }
            guard Date() < deadline else { throw Failure(description: "no element matches \(selector)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func type(_ selector: String, _ text: String) async throws {
        let id = try await element(selector)
        try await command("POST", "/element/\(id)/clear")
        try await command("POST", "/element/\(id)/value", ["text": text])
    }

    func click(_ selector: String) async throws {
        try await command("POST", "/element/\(try await element(selector))/click")
    }

    func text(_ selector: String) async throws -> String {
        try await command("GET", "/element/\(try await element(selector, seconds: 0))/text") as? String ?? ""
    }

    /// Wait until `selector`'s text satisfies `done` (reloading the page between looks when
    /// `reload`); returns the text seen last.
    @discardableResult
    func waitForText(_ selector: String, seconds: Double = 30, reload: Bool = false, _ done: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while true {
            last = (try? await text(selector)) ?? ""
            if done(last) { return last }
            guard Date() < deadline else { throw Failure(description: "\(selector) never showed what was expected; last: \(last)") }
            try await Task.sleep(for: .milliseconds(150))
            if reload { try await command("POST", "/refresh") }
        }
    }

    /// Wait until the page's address satisfies `done`.
    @discardableResult
    func waitForURL(seconds: Double = 15, _ done: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while true {
            last = (try? await currentURL) ?? ""
            if done(last) { return last }
            guard Date() < deadline else { throw Failure(description: "the page never reached the expected address; last: \(last)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Save a screenshot of the page as PNG; returns its path.
    func screenshot(named name: String) async throws -> String {
        guard let encoded = try await command("GET", "/screenshot") as? String, let data = Data(base64Encoded: encoded) else {
            throw Failure(description: "no screenshot")
        }
        let dir = Self.screenshotDirectory
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).png")
        try data.write(to: file)
        return file.path
    }

    /// One WebDriver call, failing after `timeout` seconds.
    static func call(_ base: String, _ method: String, _ path: String, _ body: Any? = nil, timeout: Int64) async throws -> [String: Any] {
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(timeout))
        let data = try await response.body.collect(upTo: 32 * 1024 * 1024)
        let json = try JSONSerialization.jsonObject(with: Data(data.readableBytesView)) as? [String: Any] ?? [:]
        if response.status.code >= 400 { throw Failure(description: "\(method) \(path): \(response.status.code) \(json)") }
        return json
    }
}
