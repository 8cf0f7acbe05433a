#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib
import ErrorDNA

// The importers' input chain: file (or memory) → gzip inflate when the bytes start 1f 8b →
// byte-order mark and UTF-16 → UTF-8 transcoding → lines. Each stage streams in chunks, so a
// file of any size is read in constant memory.

/// A stage of the input chain: fills `buffer` with the next bytes, 0 at the end.
protocol ByteSource: AnyObject {
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

@inline(__always)
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Darwin)
    Darwin.read(fd, buffer, count)
    #elseif canImport(Musl)
    Musl.read(fd, buffer, count)
    #else
    Glibc.read(fd, buffer, count)
    #endif
}

/// A file read with POSIX `read`; a missing or unreadable file (or a directory) is `E_INPUT_NOT_FOUND`.
final class FileSource: ByteSource {
    private let fd: Int32
    private let path: String

    init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw TradehubError(.inputNotFound, ["path": path]) }
    }

    deinit { close(fd) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        while true {
            let n = systemRead(fd, base, buffer.count)
            if n >= 0 { return n }
            if errno == EINTR { continue }
            throw TradehubError(.inputNotFound, ["path": path])
        }
    }
}

/// Bytes already in memory.
final class MemorySource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let n = min(buffer.count, bytes.count - offset)
        guard n > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: n)
        }
        offset += n
        return n
    }
}

/// A source whose first bytes can be looked at (and skipped) before they are read.
final class PeekableSource: ByteSource {
    private let upstream: any ByteSource
    private var pending: [UInt8] = []
    private var pendingOffset = 0
    private var upstreamEnded = false

    init(_ upstream: any ByteSource) { self.upstream = upstream }

    /// Up to `count` first unread bytes (fewer only at the end of the input).
    func peek(_ count: Int) throws -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: 4096)
        while pending.count - pendingOffset < count, !upstreamEnded {
            let n = try chunk.withUnsafeMutableBytes { try upstream.read(into: $0) }
            if n == 0 { upstreamEnded = true } else { pending.append(contentsOf: chunk[0..<n]) }
        }
        return Array(pending[pendingOffset..<min(pending.count, pendingOffset + count)])
    }

    /// Drops `count` peeked bytes.
    func skip(_ count: Int) { pendingOffset = min(pending.count, pendingOffset + count) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        if pendingOffset < pending.count {
            let n = min(buffer.count, pending.count - pendingOffset)
            pending.withUnsafeBytes { source in
                buffer.baseAddress!.copyMemory(from: source.baseAddress! + pendingOffset, byteCount: n)
            }
            pendingOffset += n
            return n
        }
        if upstreamEnded { return 0 }
        return try upstream.read(into: buffer)
    }
}

/// gzip (and zlib) decompression with zlib's `inflate` (`windowBits` 15 + 32: either header),
/// including files of several concatenated gzip members, as `cat a.gz b.gz` makes.
final class GzipSource: ByteSource {
    private let upstream: any ByteSource
    private let path: String
    /// zlib keeps a pointer back to the stream, so it lives at a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var upstreamEnded = false
    private var finished = false

    init(_ upstream: any ByteSource, path: String) throws {
        self.upstream = upstream
        self.path = path
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: 1 << 18, alignment: 16)
        let status = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deallocate()
            input.deallocate()
            throw TradehubError(.inputEncoding, ["path": path, "encoding": "gzip"])
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    private func refill() throws {
        guard stream.pointee.avail_in == 0, !upstreamEnded else { return }
        let n = try upstream.read(into: input)
        if n == 0 {
            upstreamEnded = true
        } else {
            stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_in = uInt(n)
        }
    }

    private var corrupt: TradehubError { TradehubError(.inputEncoding, ["path": path, "encoding": "gzip"]) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, let base = buffer.baseAddress, buffer.count > 0 else { return 0 }
        let capacity = min(buffer.count, Int(UInt32.max))
        stream.pointee.next_out = base.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(capacity)
        while true {
            try refill()
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = capacity - Int(stream.pointee.avail_out)
            switch status {
            case Z_STREAM_END:
                // Another member may follow; anything else after the last member is ignored, as gzip does.
                try refill()
                let next = stream.pointee.next_in, available = stream.pointee.avail_in
                if available >= 1, next![0] == 0x1F, available == 1 || next![1] == 0x8B {
                    guard inflateReset(stream) == Z_OK else { throw corrupt }
                } else {
                    finished = true
                    return produced
                }
            case Z_OK:
                break
            case Z_BUF_ERROR:
                if upstreamEnded, stream.pointee.avail_in == 0, produced == 0 { throw corrupt }  // truncated
            default:
                throw corrupt
            }
            if produced > 0 { return produced }
            if upstreamEnded, stream.pointee.avail_in == 0 { throw corrupt }  // truncated
        }
    }
}

/// UTF-16 (after its byte-order mark) transcoded to UTF-8; an unpaired surrogate or a dangling
/// odd byte becomes U+FFFD, so a damaged line is quarantined rather than the file refused.
final class UTF16Source: ByteSource {
    private let upstream: any ByteSource
    private let bigEndian: Bool
    private let scratch: UnsafeMutableRawBufferPointer
    private var carry: UInt8? = nil
    private var highSurrogate: UInt32? = nil
    private var ended = false

    init(_ upstream: any ByteSource, bigEndian: Bool) {
        self.upstream = upstream
        self.bigEndian = bigEndian
        scratch = .allocate(byteCount: 1 << 18, alignment: 16)
    }

    deinit { scratch.deallocate() }

    @inline(__always)
    private static func put(_ scalar: UInt32, _ out: UnsafeMutablePointer<UInt8>, _ k: inout Int) {
        if scalar < 0x80 {
            out[k] = UInt8(scalar)
            k += 1
        } else if scalar < 0x800 {
            out[k] = UInt8(0xC0 | scalar >> 6)
            out[k + 1] = UInt8(0x80 | scalar & 0x3F)
            k += 2
        } else if scalar < 0x10000 {
            out[k] = UInt8(0xE0 | scalar >> 12)
            out[k + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[k + 2] = UInt8(0x80 | scalar & 0x3F)
            k += 3
        } else {
            out[k] = UInt8(0xF0 | scalar >> 18)
            out[k + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            out[k + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            out[k + 3] = UInt8(0x80 | scalar & 0x3F)
            k += 4
        }
    }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard let outBase = buffer.baseAddress, buffer.count >= 16 else { return 0 }
        let out = outBase.assumingMemoryBound(to: UInt8.self)
        // Each UTF-16 unit gives at most 3 bytes, plus 3 for a pending unpaired surrogate.
        let maxUnits = min(scratch.count / 2, (buffer.count - 8) / 3)
        let input = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var written = 0
        while written == 0 {
            if ended { return 0 }
            var have = 0
            if let carry {
                input[0] = carry
                have = 1
                self.carry = nil
            }
            let n = try upstream.read(into: UnsafeMutableRawBufferPointer(start: input + have, count: maxUnits * 2 - have))
            if n == 0 {
                ended = true
                if highSurrogate != nil || have == 1 { Self.put(0xFFFD, out, &written) }
                highSurrogate = nil
                return written
            }
            have += n
            if have & 1 == 1 {
                carry = input[have - 1]
                have -= 1
            }
            var i = 0
            while i < have {
                let unit = bigEndian
                    ? UInt32(input[i]) << 8 | UInt32(input[i + 1])
                    : UInt32(input[i + 1]) << 8 | UInt32(input[i])
                i += 2
                if let high = highSurrogate {
                    highSurrogate = nil
                    if unit >= 0xDC00, unit <= 0xDFFF {
                        Self.put(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00), out, &written)
                        continue
                    }
                    Self.put(0xFFFD, out, &written)
                }
                if unit >= 0xD800, unit <= 0xDBFF {
                    highSurrogate = unit
                } else if unit >= 0xDC00, unit <= 0xDFFF {
                    Self.put(0xFFFD, out, &written)
                } else {
                    Self.put(unit, out, &written)
                }
            }
        }
        return written
    }
}

/// Opens the chain for `source`: gzip by its magic bytes, then UTF-8 (a byte-order mark is
/// skipped) or UTF-16 by its byte-order mark (or, without one, by the zero bytes of ASCII text).
enum InputChain {
    static func open(_ raw: any ByteSource, path: String) throws -> any ByteSource {
        let compressed = PeekableSource(raw)
        var decompressed: any ByteSource = compressed
        if try compressed.peek(2) == [0x1F, 0x8B] {
            decompressed = try GzipSource(compressed, path: path)
        }
        let text = PeekableSource(decompressed)
        let head = try text.peek(4)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            text.skip(3)
            return text
        }
        if head.starts(with: [0xFF, 0xFE]) {
            text.skip(2)
            return UTF16Source(text, bigEndian: false)
        }
        if head.starts(with: [0xFE, 0xFF]) {
            text.skip(2)
            return UTF16Source(text, bigEndian: true)
        }
        if head.count == 4 {
            if head[0] != 0, head[1] == 0, head[2] != 0, head[3] == 0 { return UTF16Source(text, bigEndian: false) }
            if head[0] == 0, head[1] != 0, head[2] == 0, head[3] != 0 { return UTF16Source(text, bigEndian: true) }
        }
        return text
    }
}

/// Splits the UTF-8 text of a source into lines (LF or CRLF, the line end removed), numbered from 1.
final class LineScanner {
    /// A line longer than this (64 MiB) means the input is not line-oriented text.
    static let maxLineBytes = 1 << 26
    private let source: any ByteSource
    private let path: String
    private var storage: UnsafeMutableRawBufferPointer

    init(_ source: any ByteSource, path: String, chunkSize: Int = 1 << 20) {
        self.source = source
        self.path = path
        storage = .allocate(byteCount: chunkSize, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Calls `body(bytes, count, lineNumber)` for every line, empty ones included, until it returns false.
    @inline(__always)
    func forEachLine(_ body: (UnsafePointer<UInt8>, Int, Int) throws -> Bool) throws {
        var start = 0
        var end = 0
        var lineNumber = 0
        var ended = false
        while !ended {
            if start > 0 {
                if end > start { memmove(storage.baseAddress!, storage.baseAddress! + start, end - start) }
                end -= start
                start = 0
            }
            if end == storage.count {  // one line longer than the buffer
                guard storage.count < Self.maxLineBytes else {
                    throw TradehubError(.inputEncoding, ["path": path, "encoding": "line-oriented"])
                }
                let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: storage.count * 2, alignment: 16)
                grown.baseAddress!.copyMemory(from: storage.baseAddress!, byteCount: end)
                storage.deallocate()
                storage = grown
            }
            let n = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: storage[end...]))
            if n == 0 { ended = true } else { end += n }
            let base = UnsafePointer(storage.baseAddress!.assumingMemoryBound(to: UInt8.self))
            var position = start
            while position < end, let found = memchr(base + position, 0x0A, end - position) {
                let newline = UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
                var count = newline - position
                if count > 0, base[newline - 1] == 0x0D { count -= 1 }
                lineNumber += 1
                guard try body(base + position, count, lineNumber) else { return }
                position = newline + 1
            }
            start = position
            if ended, start < end {
                var count = end - start
                if base[start + count - 1] == 0x0D { count -= 1 }
                lineNumber += 1
                _ = try body(base + start, count, lineNumber)
            }
        }
    }
}
