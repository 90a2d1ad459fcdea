import Foundation
import SlipwayCore
import Testing

/// Markdown rendering for wiki pages, release notes and merge request descriptions (issue 16):
/// the common forms render as a reader expects, nothing a writer types runs in a reader's
/// browser, and hostile input renders in bounded time.
@Suite struct MarkdownHTMLTests {
    @Test func headingsParagraphsAndEmphasis() {
        #expect(
            MarkdownHTML.render("# Title\n\nSome *soft* and **strong** text, ~~gone~~ and `code`.")
                == "<h1>Title</h1>\n<p>Some <em>soft</em> and <strong>strong</strong> text, <del>gone</del> and <code>code</code>.</p>")
        #expect(MarkdownHTML.render("Setext\n===\n\nSecond\n---") == "<h1>Setext</h1>\n<h2>Second</h2>")
        #expect(MarkdownHTML.render("### Three ###") == "<h3>Three</h3>")
        #expect(MarkdownHTML.render("#hashtag") == "<p>#hashtag</p>")
        #expect(MarkdownHTML.render("line one  \nline two\\\nthree") == "<p>line one<br />\nline two<br />\nthree</p>")
        #expect(MarkdownHTML.render("snake_case_name and _em_") == "<p>snake_case_name and <em>em</em></p>")
        #expect(MarkdownHTML.render("a * b * c") == "<p>a * b * c</p>")
        #expect(MarkdownHTML.render("\\*not em\\*") == "<p>*not em*</p>")
        #expect(MarkdownHTML.render("") == "")
    }

    @Test func listsQuotesRulesAndCode() {
        #expect(
            MarkdownHTML.render("- one\n- two\n  - nested\n- three") == "<ul>\n<li>one</li>\n<li>two\n<ul>\n<li>nested</li>\n</ul></li>\n<li>three</li>\n</ul>")
        #expect(MarkdownHTML.render("3. c\n4. d") == "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>")
        #expect(MarkdownHTML.render("1. a\n\n2. b") == "<ol>\n<li><p>a</p></li>\n<li><p>b</p></li>\n</ol>")
        #expect(MarkdownHTML.render("> quoted\n> > deeper") == "<blockquote>\n<p>quoted</p>\n<blockquote>\n<p>deeper</p>\n</blockquote>\n</blockquote>")
        #expect(MarkdownHTML.render("above\n\n***\n\nbelow") == "<p>above</p>\n<hr />\n<p>below</p>")
        #expect(MarkdownHTML.render("```swift\nlet a = \"<b>\"\n```") == "<pre><code class=\"language-swift\">let a = &quot;&lt;b&gt;&quot;\n</code></pre>")
        #expect(MarkdownHTML.render("    indented <code>") == "<pre><code>indented &lt;code&gt;\n</code></pre>")
        #expect(MarkdownHTML.render("In 2021. we\n2022. shipped") == "<p>In 2021. we\n2022. shipped</p>")
    }

    @Test func linksAndImagesGoOnlyWhereItIsSafe() {
        #expect(
            MarkdownHTML.render("[docs](https://example.com/a?b=1&c=2 \"Docs\")")
                == "<p><a href=\"https://example.com/a?b=1&amp;c=2\" title=\"Docs\">docs</a></p>")
        #expect(
            MarkdownHTML.render("[page](../other.md) and <https://example.com>")
                == "<p><a href=\"../other.md\">page</a> and <a href=\"https://example.com\">https://example.com</a></p>")
        #expect(MarkdownHTML.render("![logo](/img/logo.png)") == "<p><img src=\"/img/logo.png\" alt=\"logo\" /></p>")
        #expect(MarkdownHTML.render("[x](javascript:alert(1))") == "<p><a href=\"#\">x</a>)</p>")
        #expect(MarkdownHTML.render("[x](JaVaScRiPt:alert)") == "<p><a href=\"#\">x</a></p>")
        #expect(MarkdownHTML.render("![x](data:text/html,boom)") == "<p><img src=\"#\" alt=\"x\" /></p>")
        #expect(MarkdownHTML.render("[x](\" onmouseover=\"alert)") == "<p><a href=\"&quot;\">x</a></p>")
        #expect(MarkdownHTML.render("<javascript:alert(1)>") == "<p>&lt;javascript:alert(1)&gt;</p>")
    }

    @Test func rawHTMLIsShownAsText() {
        let hostile = "<script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n**<b onclick=\"x\">bold</b>**"
        let html = MarkdownHTML.render(hostile)
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<b "))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("<strong>&lt;b onclick=&quot;x&quot;&gt;bold&lt;/b&gt;</strong>"))
    }

    /// Unclosed delimiters, deep nesting and oversized text: each renders in well under a second.
    @Test(arguments: [
        String(repeating: "*a ", count: 200_000), String(repeating: "[a](b ", count: 100_000), String(repeating: "`a ", count: 200_000),
        String(repeating: "[", count: 300_000) + "]", String(repeating: "> ", count: 50_000) + "deep",
        String(repeating: "- ", count: 20_000) + "deep", String(repeating: "  ", count: 1_000) + "x",
        String(repeating: "_a", count: 200_000), String(repeating: "x", count: MarkdownHTML.maxBytes + 10),
    ])
    func hostileInputRendersInBoundedTime(_ text: String) {
        let clock = ContinuousClock()
        let start = clock.now
        let html = MarkdownHTML.render(text)
        #expect(clock.now - start < .seconds(5))
        #expect(!html.isEmpty)
    }

    @Test func textPastTheLimitIsShownEscapedNotRendered() {
        let text = String(repeating: "a", count: MarkdownHTML.maxBytes) + "**<b>**"
        let html = MarkdownHTML.render(text)
        #expect(html.hasSuffix("<pre>**&lt;b&gt;**</pre>"))
    }
}
