import Hummingbird

/// The stylesheet and the scripts (live logs, live task states), compiled into the binary (it
/// stays one file).
enum Assets {
    static let stylesheet = """
        :root { --fg: #1b1f24; --muted: #57606a; --bg: #ffffff; --line: #d0d7de; --accent: #0a58ca; --bad: #b42318; --good: #1a7f37; }
        * { box-sizing: border-box; }
        [hidden] { display: none !important; }
        body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); }
        a { color: var(--accent); }
        a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #ffbf47; outline-offset: 1px; }
        .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
        header.top { background: #f6f8fa; border-bottom: 1px solid var(--line); padding: 8px 16px; }
        header nav { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; }
        .brand { font-weight: 700; text-decoration: none; color: var(--fg); }
        .who { margin-left: auto; color: var(--muted); }
        main { max-width: 1100px; margin: 0 auto; padding: 16px; }
        form.inline { display: inline; margin: 0; }
        form.stack { display: grid; gap: 8px; max-width: 420px; }
        label { font-weight: 600; }
        input, select, textarea, button { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 4px; }
        button { background: var(--accent); color: #fff; border-color: var(--accent); cursor: pointer; }
        button.secondary { background: #fff; color: var(--accent); }
        button.danger { background: var(--bad); border-color: var(--bad); }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
        .table-wrap { overflow-x: auto; }
        .status { font-weight: 600; }
        .status-passed { color: var(--good); } .status-failed, .status-reject, .status-timeout { color: var(--bad); }
        .notice { padding: 8px 12px; border-radius: 4px; background: #eef6ff; border: 1px solid #b6d4fe; }
        .notice.error { background: #fdecea; border-color: #f5c2c0; }
        .secret { font-family: ui-monospace, monospace; word-break: break-all; }
        pre.log { background: #0d1117; color: #e6edf3; padding: 8px; max-height: 420px; overflow: auto; white-space: pre-wrap; word-break: break-word; }
        .stage { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 12px 0; }
        .actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
        @media (max-width: 600px) { th, td { padding: 4px; } .who { margin-left: 0; width: 100%; } }
        /* Repository and merge-request pages */
        .tabs { display: flex; flex-wrap: wrap; gap: 12px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
        .tabs a[aria-current], .actions a[aria-current] { font-weight: 700; color: var(--fg); }
        .crumbs { color: var(--muted); word-break: break-all; } .ref { font-family: ui-monospace, monospace; }
        .clone input { width: min(100%, 560px); font-family: ui-monospace, monospace; }
        pre.file, pre.diff, pre.message { background: #f6f8fa; border: 1px solid var(--line); padding: 8px; overflow: auto; }
        pre.message { white-space: pre-wrap; word-break: break-word; }
        pre.diff .add, h3 .add { color: var(--good); } pre.diff .del, h3 .del { color: var(--bad); } pre.diff .hunk { color: var(--muted); }
        pre.diff .add { background: #e6ffec; } pre.diff .del { background: #ffebe9; }
        .diff-file h3 { font-size: 1rem; word-break: break-all; } .sha { font-family: ui-monospace, monospace; }
        .note { white-space: pre-wrap; word-break: break-word; } .facts dt { font-weight: 600; } .facts dd { margin: 0 0 6px; }
        """

    /// Live logs: each `pre[data-log-src]` follows its job's event stream, appending lines as
    /// text, keeping to the bottom while the reader is there. The browser resumes a dropped
    /// stream after the last line it got (`Last-Event-ID`); a stream that keeps ending with
    /// nothing new (the job is over) is closed.
    static let liveLogScript = """
        "use strict";
        document.querySelectorAll("pre[data-log-src]").forEach(function (pre) {
          var source = new EventSource(pre.getAttribute("data-log-src"));
          var got = false, quiet = 0;
          pre.textContent = "";
          pre.setAttribute("aria-busy", "true");
          source.addEventListener("open", function () { got = false; });
          source.addEventListener("message", function (event) {
            got = true; quiet = 0;
            var atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 24;
            pre.appendChild(document.createTextNode(event.data + "\\n"));
            if (atBottom) { pre.scrollTop = pre.scrollHeight; }
          });
          source.addEventListener("error", function () {
            quiet = got ? 0 : quiet + 1; got = false;
            if (quiet >= 2) { source.close(); pre.setAttribute("aria-busy", "false"); pre.setAttribute("data-log-ended", "true"); }
          });
        });
        """

    static func response(_ text: String, type: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: type, .cacheControl: "public, max-age=300"],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
