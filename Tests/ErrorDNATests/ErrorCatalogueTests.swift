import ErrorDNA
import Foundation
import Testing

@Suite("Error catalogue")
struct ErrorCatalogueTests {
    @Test("codes are unique, well-formed and fully described")
    func codesAreWellFormed() {
        let codes = ErrorCatalogue.all.map(\.code.rawValue)
        #expect(Set(codes).count == codes.count)
        for entry in ErrorCatalogue.all {
            #expect(entry.code.rawValue.hasPrefix("E_"))
            #expect(entry.code.rawValue.allSatisfy { $0.isUppercase || $0.isNumber || $0 == "_" })
            #expect((400...599).contains(entry.httpStatus))
            #expect(!entry.title.isEmpty && !entry.template.isEmpty)
            #expect(!entry.remediation.isEmpty && !entry.remediation.contains("\n"), "one-line remediation: \(entry.code)")
        }
    }

    @Test("docs/errors.md is generated from the catalogue and up to date")
    func markdownIsCurrent() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let committed = try String(contentsOf: repository.appendingPathComponent("docs/errors.md"), encoding: .utf8)
        #expect(
            committed == ErrorCatalogue.markdown(),
            "docs/errors.md is stale: run `swift run tradehub errors list --markdown > docs/errors.md`")
    }

    @Test("messages fill the template from the context, in any order")
    func rendering() {
        let error = TradehubError(.configUnknownKey, ["source": "a.toml:3", "key": "http.prot", "allowed": "http.port"])
        #expect(error.message == "unknown configuration key 'http.prot' at a.toml:3; known keys: http.port")
        #expect(error.description == "error[E_CONFIG_UNKNOWN_KEY]: \(error.message)")
        #expect(error.httpStatus == 500)
        #expect(error["key"] == "http.prot")
    }

    @Test("a missing context value stays visible as its placeholder")
    func missingPlaceholder() {
        #expect(TradehubError(.httpNotFound, ["method": "GET"]).message == "no route for GET {path}")
    }

    @Test("every placeholder of a template is named")
    func placeholders() {
        let definition = ErrorCatalogue.definition(for: .configType)!
        #expect(definition.placeholders == ["key", "source", "expected", "value"])
    }

    @Test("an uncatalogued code falls back to E_INTERNAL's definition")
    func uncatalogued() {
        let error = TradehubError(ErrorCode("E_NOT_IN_CATALOGUE"), ["reason": "x"])
        #expect(error.definition.code == .internal)
        #expect(error.code.rawValue == "E_NOT_IN_CATALOGUE")
    }
}

@Suite("Fingerprints")
struct FingerprintTests {
    @Test("numbers, ids and paths are normalised away", arguments: [
        ("/etc/tradehub/a.toml:3", "<path>"),
        ("C:\\data\\x.csv", "<path>"),
        ("line 42 of 1000", "line # of #"),
        ("price 1.23456 below 0", "price # below #"),
        ("order 3f2a9c1e-77aa-4c1b-9d2e-1234567890ab failed", "order <id> failed"),
        ("hash deadbeef01", "hash <id>"),
        ("EURUSD", "EURUSD"),
        ("key=http.port", "key=http.port"),
        ("port 8000 in use", "port # in use"),
    ])
    func normalisation(input: String, expected: String) {
        #expect(Fingerprint.normalised(input) == expected)
    }

    @Test("occurrences that differ only in numbers, ids and paths share a fingerprint")
    func grouping() {
        let first = TradehubError(.configUnknownKey, ["key": "http.prot", "source": "/a/b.toml:3", "allowed": "x"])
        let second = TradehubError(.configUnknownKey, ["source": "/c/d.toml:17", "key": "http.prot", "allowed": "x"])
        let otherKey = TradehubError(.configUnknownKey, ["key": "http.hots", "source": "/a/b.toml:3", "allowed": "x"])
        let otherCode = TradehubError(.configType, ["key": "http.prot", "source": "/a/b.toml:3", "allowed": "x"])
        #expect(first.fingerprint == second.fingerprint)
        #expect(first.fingerprint != otherKey.fingerprint)
        #expect(first.fingerprint != otherCode.fingerprint)
    }

    @Test("the fingerprint is 16 hex digits and stable across runs")
    func stable() {
        let fingerprint = TradehubError(.httpNotFound, ["method": "GET", "path": "/api/v1/nope"]).fingerprint
        #expect(fingerprint.value.count == 16)
        #expect(fingerprint.value.allSatisfy { $0.isHexDigit })
        // Pinned: FNV-1a over the normalised form must not change between releases.
        #expect(fingerprint.value == TradehubError(.httpNotFound, ["path": "/x", "method": "GET"]).fingerprint.value)
        #expect(fingerprint.value == "f6ee5efab9c97f21")
    }
}

@Suite("Problem details")
struct ProblemDetailsTests {
    @Test("problem+json carries the code, status, hint and a dereferenceable type")
    func encoding() throws {
        let error = TradehubError(.httpNotFound, ["method": "GET", "path": "/api/v1/nope"])
        let problem = ProblemDetails(error, instance: "/api/v1/nope", requestID: "r-1")
        let data = try JSONEncoder().encode(problem)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["type"] as? String == "/api/v1/errors/E_HTTP_NOT_FOUND")
        #expect(object["status"] as? Int == 404)
        #expect(object["code"] as? String == "E_HTTP_NOT_FOUND")
        #expect(object["detail"] as? String == "no route for GET /api/v1/nope")
        #expect(object["title"] as? String == "Not found")
        #expect(object["instance"] as? String == "/api/v1/nope")
        #expect(object["request_id"] as? String == "r-1")
        #expect((object["hint"] as? String)?.isEmpty == false)
        #expect(try JSONDecoder().decode(ProblemDetails.self, from: data) == problem)
    }
}
