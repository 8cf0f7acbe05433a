/// A short stable hash that groups occurrences of "the same" error.
///
/// It hashes the code and the context after normalisation: a token that looks like a path
/// (contains `/` or `\`) becomes `<path>`, a long hexadecimal token or UUID becomes `<id>`, and
/// every run of digits becomes `#`. So `unknown key at /a/b.toml:3` and `… at /c.toml:9` share
/// a fingerprint, while different codes or different key names do not. The hash is 64-bit
/// FNV-1a, identical across runs and machines (unlike `Hasher`).
public struct Fingerprint: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Sixteen lowercase hexadecimal digits.
    public let value: String

    public init(value: String) { self.value = value }

    public init(code: ErrorCode, context: [(key: String, value: String)]) {
        var hasher = FNV1a()
        hasher.combine(code.rawValue.utf8)
        for entry in context.sorted(by: { $0.key < $1.key }) {
            hasher.combine(UInt8(ascii: "|"))
            hasher.combine(entry.key.utf8)
            hasher.combine(UInt8(ascii: "="))
            Fingerprint.normalise(entry.value, into: &hasher)
        }
        value = hasher.hexDigest
    }

    public var description: String { value }

    /// The normalised form of a context value (for display and tests).
    public static func normalised(_ value: String) -> String {
        var sink = ByteSink()
        normalise(value, into: &sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    static func normalise<Sink: ByteConsumer>(_ value: String, into sink: inout Sink) {
        var value = value
        value.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if isDelimiter(byte) {
                    sink.combine(byte)
                    index += 1
                    continue
                }
                var end = index
                var hasSlash = false, hexOnly = true, hasDigit = false
                while end < bytes.count, !isDelimiter(bytes[end]) {
                    let b = bytes[end]
                    if b == UInt8(ascii: "/") || b == UInt8(ascii: "\\") { hasSlash = true }
                    if isDigit(b) { hasDigit = true } else if !isHex(b) && b != UInt8(ascii: "-") { hexOnly = false }
                    end += 1
                }
                if hasSlash {
                    sink.combine("<path>".utf8)
                } else if hexOnly && hasDigit && end - index >= 8 {
                    sink.combine("<id>".utf8)
                } else {
                    var position = index
                    while position < end {
                        if isDigit(bytes[position]) {
                            while position < end, isDigit(bytes[position]) || bytes[position] == UInt8(ascii: ".")
                                && position + 1 < end && isDigit(bytes[position + 1]) {
                                position += 1
                            }
                            sink.combine(UInt8(ascii: "#"))
                        } else {
                            sink.combine(bytes[position])
                            position += 1
                        }
                    }
                }
                index = end
            }
        }
    }

    @inline(__always) private static func isDigit(_ b: UInt8) -> Bool { b &- 48 < 10 }
    @inline(__always) private static func isHex(_ b: UInt8) -> Bool {
        b &- 48 < 10 || b &- 97 < 6 || b &- 65 < 6
    }
    @inline(__always) private static func isDelimiter(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "'"), UInt8(ascii: "\""),
             UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "("), UInt8(ascii: ")"),
             UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "<"),
             UInt8(ascii: ">"):
            return true
        default:
            return false
        }
    }
}

/// Something that accepts the normalised bytes: the hasher, or a buffer for display.
protocol ByteConsumer {
    mutating func combine(_ byte: UInt8)
}

extension ByteConsumer {
    mutating func combine<S: Sequence<UInt8>>(_ bytes: S) {
        for byte in bytes { combine(byte) }
    }
}

struct ByteSink: ByteConsumer {
    var bytes: [UInt8] = []
    mutating func combine(_ byte: UInt8) { bytes.append(byte) }
}

/// 64-bit FNV-1a.
struct FNV1a: ByteConsumer {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    var hexDigest: String {
        let hex = String(state, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
