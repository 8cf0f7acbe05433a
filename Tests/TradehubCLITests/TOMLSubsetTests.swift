@testable import TradehubCLI
import ErrorDNA
import Testing

@Suite("TOML subset parser")
struct TOMLSubsetTests {
    /// The value of the single entry `a = <source>`.
    private func value(_ source: String) throws -> TOMLValue {
        let entries = try TOMLSubset.parse("a = \(source)", path: "t.toml")
        try #require(entries.count == 1)
        #expect(entries[0].key == "a")
        #expect(entries[0].line == 1)
        return entries[0].value
    }

    @Test("value forms", arguments: [
        // basic strings and escapes
        (#""hello""#, TOMLValue.string("hello")),
        (#""""#, .string("")),
        (#""q\"b\\s\nn\tt""#, .string("q\"b\\s\nn\tt")),
        (#""caf\u00e9 \U0001F600""#, .string("café 😀")),
        (#""\r\b\f""#, .string("\r\u{08}\u{0C}")),
        (#""a # not a comment" # a comment"#, .string("a # not a comment")),
        ("\"tab\there\"", .string("tab\there")),
        (#""ünïcødé""#, .string("ünïcødé")),
        // literal strings: no escapes
        (#"'C:\path\n'"#, .string(#"C:\path\n"#)),
        ("''", .string("")),
        (#"'say "hi"' # c"#, .string(#"say "hi""#)),
        // integers
        ("42", .integer(42)),
        ("+7", .integer(7)),
        ("-17", .integer(-17)),
        ("0", .integer(0)),
        ("-0", .integer(0)),
        ("1_000_000", .integer(1_000_000)),
        ("0xff", .integer(255)),
        ("0xDEAD_beef", .integer(0xDEAD_BEEF)),
        ("0o17", .integer(15)),
        ("0b101", .integer(5)),
        ("9223372036854775807", .integer(.max)),
        ("-9223372036854775808", .integer(.min)),
        // floats
        ("1.5", .float(1.5)),
        ("1e3", .float(1000)),
        ("-0.25", .float(-0.25)),
        ("6.02E23", .float(6.02e23)),
        ("3e-2", .float(0.03)),
        ("+1.0", .float(1)),
        ("1_000.5", .float(1000.5)),
        ("0.5e+1_0", .float(0.5e10)),
        ("inf", .float(.infinity)),
        ("-inf", .float(-.infinity)),
        // booleans
        ("true", .boolean(true)),
        ("false", .boolean(false)),
        // arrays
        (#"[1, 2, "a"]"#, .array([.integer(1), .integer(2), .string("a")])),
        ("[]", .array([])),
        ("[ ]", .array([])),
        ("[true,false]", .array([.boolean(true), .boolean(false)])),
        ("[ 1.5 , 'x' , ]", .array([.float(1.5), .string("x")])),
        ("[[1, 2], [], ['a']]", .array([.array([.integer(1), .integer(2)]), .array([]), .array([.string("a")])])),
        (#"["a]", "b,c"] # tail"#, .array([.string("a]"), .string("b,c")])),
        // trailing comments and whitespace
        ("5 # five", .integer(5)),
        ("5#five", .integer(5)),
        ("true\t ", .boolean(true)),
    ])
    func valueForms(source: String, expected: TOMLValue) throws {
        #expect(try value(source) == expected)
    }

    @Test func nanIsAFloat() throws {
        guard case .float(let number) = try value("nan") else {
            Issue.record("nan is not a float")
            return
        }
        #expect(number.isNaN)
    }

    @Test func blankLinesCommentsAndLineNumbers() throws {
        let text = """
            # a comment

              \t
            a = 1   # trailing
            \t  b="two"
            # [not] a = table

            c = 'three'
            """
        let entries = try TOMLSubset.parse(text, path: "t.toml")
        #expect(entries == [
            .init(key: "a", value: .integer(1), line: 4),
            .init(key: "b", value: .string("two"), line: 5),
            .init(key: "c", value: .string("three"), line: 8),
        ])
    }

    @Test func emptyFile() throws {
        #expect(try TOMLSubset.parse("", path: "t.toml").isEmpty)
        #expect(try TOMLSubset.parse("\n\n# only comments\n", path: "t.toml").isEmpty)
    }

    @Test func sectionsAndDottedKeys() throws {
        let text = """
            top = 0
            log.level = "debug"
            log . format = "json"
            [http]
            port = 8080
            host = "0.0.0.0"
            [ storage ]
            data_dir = '/var/lib/tradehub'
            [a.b]
            c.d = true
            [a]
            e-f_1 = 1
            """
        let entries = try TOMLSubset.parse(text, path: "t.toml")
        #expect(entries.map(\.key) == [
            "top", "log.level", "log.format", "http.port", "http.host", "storage.data_dir", "a.b.c.d", "a.e-f_1",
        ])
        #expect(entries.map(\.line) == [1, 2, 3, 5, 6, 8, 10, 12])
        #expect(entries[3].value == .integer(8080))
        #expect(entries[6].value == .boolean(true))
    }

    @Test func windowsLineEndingsAndByteOrderMark() throws {
        let entries = try TOMLSubset.parse("\u{FEFF}a = 1\r\n\r\nb = \"x\"\r\n", path: "t.toml")
        #expect(entries == [
            .init(key: "a", value: .integer(1), line: 1),
            .init(key: "b", value: .string("x"), line: 3),
        ])
    }

    /// Each case is placed on line 3, after a comment and `ok = 1`, so the reported line is checked.
    @Test("syntax errors name path:line and the problem", arguments: [
        ("a = { b = 1 }", "inline tables"),
        ("a = [1, {b = 1}]", "inline tables"),
        (#"a = """x""""#, "multi-line strings"),
        ("a = '''x'''", "multi-line strings"),
        ("a = [1,", "unterminated array"),
        ("a = [1, 2", "unterminated array"),
        ("a = [1, 2 # comment", "unterminated array"),
        ("a = [1 2]", "expected ',' or ']'"),
        ("a = [1,,2]", "expected a value, found ','"),
        ("a = 1979-05-27", "dates and times are not supported"),
        ("a = 1979-05-27T07:32:00Z", "dates and times are not supported"),
        ("a = 1979-05-27 07:32:00", "dates and times are not supported"),
        ("a = 07:32:00", "dates and times are not supported"),
        ("just some words", "expected '=' after key 'just', found 's'"),
        ("lonely", "expected '=' after key 'lonely'"),
        ("lonely # comment", "expected '=' after key 'lonely'"),
        ("a =", "missing value for key 'a'"),
        ("a =    # nothing", "missing value for key 'a'"),
        ("= 1", "missing key before '='"),
        ("ok = 2", "duplicate key 'ok' (first set on line 2)"),
        ("ok.x = 2", "'ok' was set to a value on line 2"),
        (#"a = "abc"#, "unterminated string"),
        (#"a = "abc\""#, "unterminated string"),
        ("a = 'abc", "unterminated string"),
        ("a = 1 2", "unexpected '2' after the value of 'a'"),
        (#"a = "x" y"#, "unexpected 'y' after the value of 'a'"),
        ("a = 1,", "unexpected ',' after the value of 'a'"),
        ("a = [1] ]", "unexpected ']'"),
        ("a = hello", "invalid value 'hello'; strings must be quoted"),
        ("a = True", "invalid value 'True'"),
        ("a = 1.2.3", "invalid value '1.2.3'"),
        ("a = 1.", "invalid value '1.'"),
        ("a = .5", "invalid value '.5'"),
        ("a = 1__0", "invalid value '1__0'"),
        ("a = _1", "invalid value '_1'"),
        ("a = 1_", "invalid value '1_'"),
        ("a = 0123", "leading zeros are not allowed"),
        ("a = 00.5", "leading zeros are not allowed"),
        ("a = 9223372036854775808", "does not fit in 64 bits"),
        ("a = 0x8000000000000000", "does not fit in 64 bits"),
        ("a = -0x10", "cannot have a sign"),
        ("a = 0xZZ", "invalid hexadecimal integer"),
        ("a = 1e999", "out of range"),
        (#"a = "\x""#, #"invalid escape sequence '\x'"#),
        (#"a = "\u12""#, "must be followed by 4 hexadecimal digits"),
        (#"a = "\uD800""#, "not a Unicode scalar value"),
        (#"a = "\U00110000""#, "not a Unicode scalar value"),
        ("a = \"bell\u{07}\"", "control character U+0007"),
        ("[[products]]", "arrays of tables"),
        ("[section", "missing ']'"),
        ("[]", "empty table header"),
        ("[a] x", "unexpected 'x' after the table header"),
        ("[a b]", "expected ']' to close the table header, found 'b'"),
        ("[ok]", "table [ok] conflicts with the key 'ok' set on line 2"),
        (#""quoted" = 1"#, "quoted keys are not supported"),
        ("a..b = 1", "expected a key after '.', found '.'"),
        ("a. = 1", "expected a key after '.', found '='"),
        ("ké = 1", "expected '=' after key 'k', found 'é'"),
        ("@ = 1", "expected a key name, found '@'"),
    ])
    func syntaxErrors(line: String, problem: String) throws {
        let text = "# settings\nok = 1\n\(line)\nlater = 2\n"
        let error = try #require(thrownError { _ = try TOMLSubset.parse(text, path: "/etc/tradehub/bad.toml") })
        #expect(error.code == .configSyntax)
        #expect(error["source"] == "/etc/tradehub/bad.toml:3")
        let reported = error["problem"] ?? ""
        #expect(reported.contains(problem), "problem was: \(reported)")
        #expect(error.message.hasPrefix("/etc/tradehub/bad.toml:3: "))
    }

    @Test("duplicate and conflicting tables", arguments: [
        ("[http]\nport = 1\n[http]", 3, "table [http] is defined twice"),
        ("http.port = 1\n[http]", 2, "table [http] was already created by dotted keys"),
        ("[a.b]\nc = 1\n[a]\nb.d = 2", 4, "dotted key 'a.b.d' adds to table [a.b], which has its own header"),
        ("[a.b]\n[a]\nb = 1", 3, "key 'a.b' is already a table"),
        ("[http]\nport = 1\n[storage]\n[http]\nhost = 'x'", 4, "table [http] is defined twice"),
        ("[http]\nport = 1\nport = 2", 3, "duplicate key 'http.port' (first set on line 2)"),
        ("a = 1\n[a.b]", 2, "'a' was set to a value on line 1"),
    ])
    func tableConflicts(text: String, line: Int, problem: String) throws {
        let error = try #require(thrownError { _ = try TOMLSubset.parse(text, path: "c.toml") })
        #expect(error.code == .configSyntax)
        #expect(error["source"] == "c.toml:\(line)")
        #expect(error["problem"]?.contains(problem) == true, "problem was: \(error["problem"] ?? "")")
    }

    @Test func headerThenImplicitParentIsAllowed() throws {
        let entries = try TOMLSubset.parse("[a.b]\nc = 1\n[a]\nd = 2", path: "t.toml")
        #expect(entries.map(\.key) == ["a.b.c", "a.d"])
    }

    @Test func valueDescriptionsAreTOML() {
        #expect(TOMLValue.string("a\"b\\c\n").description == #""a\"b\\c\n""#)
        #expect(TOMLValue.integer(-3).description == "-3")
        #expect(TOMLValue.float(1.5).description == "1.5")
        #expect(TOMLValue.float(-.infinity).description == "-inf")
        #expect(TOMLValue.boolean(false).description == "false")
        #expect(TOMLValue.array([.integer(1), .string("x")]).description == #"[1, "x"]"#)
    }

    @Test func deeplyNestedArraysAreRejectedNotACrash() throws {
        let text = "a = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = try #require(thrownError { _ = try TOMLSubset.parse(text, path: "t.toml") })
        #expect(error["problem"] == "arrays are nested too deeply")
    }

    /// Random lines from TOML-ish characters: every outcome is entries or `E_CONFIG_SYNTAX`, never a crash.
    @Test func arbitraryInputNeverCrashes() {
        var generator = SeededGenerator(state: 0x5EED)
        let alphabet = Array("ab1_-.=[]{}\"'#\\ux0e+9 \t\n,:é\r\u{0}")
        for _ in 0..<3_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            do {
                _ = try TOMLSubset.parse(text, path: "fuzz.toml")
            } catch let error as TradehubError {
                #expect(error.code == .configSyntax)
                #expect(error["source"]?.hasPrefix("fuzz.toml:") == true)
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }
}
