import Foundation
import SlipwayCore
import Testing

/// The JUnit report parser: the layouts test tools write, and hostile inputs refused within bounds.
@Suite struct JUnitReportTests {
    static func parse(_ text: String, limits: JUnitReport.Limits = .standard) throws -> JUnitReport {
        try JUnitReport.parse(Array(text.utf8), limits: limits)
    }

    static func refusal(_ text: String, limits: JUnitReport.Limits = .standard) -> String? {
        do {
            _ = try parse(text, limits: limits)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func surefireStyleReport() throws {
        let report = try Self.parse(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- written by a test tool -->
            <testsuites name="all" tests="5">
              <testsuite name="calc.AddTest" tests="3" time="1,234.5">
                <properties><property name="java.version" value="21"/></properties>
                <testcase name="adds" classname="calc.AddTest" time="0.25"/>
                <testcase name="overflows" classname="calc.AddTest" time="0.5">
                  <failure message="expected &lt;1&gt; but was &lt;2&gt;" type="AssertionError">at calc.AddTest:12 &amp; more&#10;<![CDATA[raw <text> & stuff]]></failure>
                  <system-out>ignored output</system-out>
                </testcase>
                <testcase name="ignored" classname="calc.AddTest"><skipped message="not today"/></testcase>
              </testsuite>
              <testsuite name="calc.DivTest">
                <testcase name="by zero" classname="calc.DivTest" time="0.125"><error message="boom" type="java.lang.ArithmeticException">trace</error></testcase>
                <testcase name="both" classname="calc.DivTest"><error message="e"/><failure message="f" type="T">ft</failure></testcase>
              </testsuite>
            </testsuites>
            """)
        #expect(report.suites.map(\.name) == ["calc.AddTest", "calc.DivTest"])
        #expect(report.suites[0].time == 1234.5)
        let cases = report.cases
        #expect(cases.map(\.name) == ["adds", "overflows", "ignored", "by zero", "both"])
        #expect(cases.map(\.outcome) == [.passed, .failed, .skipped, .error, .failed])
        #expect(cases[1].message == "expected <1> but was <2>")
        #expect(cases[1].type == "AssertionError")
        #expect(cases[1].text == "at calc.AddTest:12 & more\nraw <text> & stuff")
        #expect(cases[2].message == "not today")
        #expect(cases[3].type == "java.lang.ArithmeticException")
        #expect(cases[4].message == "f")
        #expect(cases[4].text == "ft")
        #expect(report.totals == JUnitTotals(total: 5, passed: 1, failed: 2, errors: 1, skipped: 1, time: 0.875))
    }

    @Test func bareSuiteNestedSuitesAndLooseCases() throws {
        let bare = try Self.parse(#"<testsuite name="s"><testcase name="a" time="x"/></testsuite>"#)
        #expect(bare.cases == [JUnitCase(name: "a")])
        let nested = try Self.parse(
            """
            <testsuites><testsuite name="outer"><testcase name="o1"/>
              <testsuite name="inner"><testcase name="i1"/></testsuite><testcase name="o2"/></testsuite>
              <testcase name="loose"/></testsuites>
            """)
        #expect(nested.suites.map(\.name) == ["outer", "inner", ""])
        #expect(nested.suites.map { $0.cases.map(\.name) } == [["o1", "o2"], ["i1"], ["loose"]])
        let namespaced = try Self.parse("\u{FEFF}<ns:testsuite xmlns:ns='urn:x'><ns:testcase name='n'><ns:skipped/></ns:testcase></ns:testsuite>")
        #expect(namespaced.cases.first?.outcome == .skipped)
        let merged = JUnitReport.merging([bare, namespaced])
        #expect(merged.totals.total == 2)
        #expect(try Self.parse("<testsuites/>").suites.isEmpty)
    }

    @Test func refusesDTDsAndEntities() {
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <testsuite><testcase name="&lol2;"/></testsuite>
            """
        #expect(Self.refusal(laughs)?.contains("document type declarations and entity definitions are not accepted") == true)
        #expect(Self.refusal(#"<testsuite><!ENTITY x SYSTEM "file:///etc/passwd"></testsuite>"#)?.contains("not accepted") == true)
        #expect(Self.refusal(#"<testsuite><testcase name="&xxe;"/></testsuite>"#) == "line 1: unknown entity &xxe;")
        #expect(Self.refusal(#"<testsuite><testcase name="&#0;"/></testsuite>"#) == "line 1: unknown entity &#0;")
    }

    @Test func refusesMalformedDocuments() {
        #expect(Self.refusal("") == "the report has no root element")
        #expect(Self.refusal("<html><body/></html>") == "the root element is <html>, not <testsuites> or <testsuite>")
        #expect(Self.refusal("<testsuite>\n<testcase>\n</testsuite>") == "line 3: end tag </testsuite> does not match an open element")
        #expect(Self.refusal("<testsuite><testcase name='a'/>") == "line 1: element <testsuite> is not closed")
        #expect(Self.refusal("<testsuite/><testsuite/>") == "line 1: a second root element <testsuite>")
        #expect(Self.refusal("junk<testsuite/>") == "line 1: text outside the root element")
        #expect(Self.refusal("<testsuite name=x/>") == "line 1: attribute name value is not quoted")
        #expect(Self.refusal("<testsuite a='1' a='2'/>") == "line 1: attribute a repeated")
        #expect(Self.refusal("<testsuite><!-- never closed </testsuite>") == "line 1: unterminated comment")
        #expect(Self.refusal("<testsuite>\u{0}</testsuite>") == "the report contains a NUL byte")
        #expect(Self.refusal("<testsuite name='a") == "line 1: unterminated value of attribute name")
    }

    @Test func boundsSizeDepthCountsAndText() throws {
        let small = JUnitReport.Limits(maxBytes: 100)
        #expect(Self.refusal(String(repeating: " ", count: 101), limits: small) == "the report is larger than 100 bytes")
        let deep = String(repeating: "<testsuite>", count: 40) + String(repeating: "</testsuite>", count: 40)
        #expect(Self.refusal(deep)?.hasSuffix("nested deeper than 32 levels") == true)
        let many = "<testsuite>" + String(repeating: "<testcase/>", count: 11) + "</testsuite>"
        #expect(Self.refusal(many, limits: JUnitReport.Limits(maxElements: 10)) == "line 1: more than 10 elements")
        let attributes = "<testsuite " + (0..<65).map { "a\($0)='1'" }.joined(separator: " ") + "/>"
        #expect(Self.refusal(attributes)?.hasSuffix("more than 64 attributes on <testsuite>") == true)
        let long = String(repeating: "x", count: 100)
        let cut = try Self.parse(
            "<testsuite><testcase name='t'><failure message='\(long)'>\(long)<![CDATA[\(long)]]></failure></testcase></testsuite>",
            limits: JUnitReport.Limits(maxTextBytes: 10))
        #expect(cut.cases[0].message == String(repeating: "x", count: 10) + "…")
        #expect(cut.cases[0].text.hasPrefix("xxxxxxxxxx"))
        #expect(cut.cases[0].text.utf8.count <= 10 + 3 + 3)
    }

    @Test func largeReportParsesWhole() throws {
        let cases = (0..<20_000).map { "<testcase name='c\($0)' classname='k' time='0.001'/>" }.joined()
        let report = try Self.parse("<testsuite name='big'>\(cases)</testsuite>")
        #expect(report.totals.total == 20_000)
        #expect(report.totals.passed == 20_000)
    }
}
