import NIOCore

/// The complete lines of one read, split on `\n` (a `\r` before it stays for the parser to drop).
struct LineBatch {
    var lines: [ByteBuffer] = []
    /// A line grew past the limit without a newline: the connection must be closed.
    var tooLong = false
}

/// Splits the byte stream into lines of at most `maxLineBytes`, handing every complete line of a
/// read on at once so the session works in batches.
struct LineBatchDecoder: ByteToMessageDecoder {
    typealias InboundOut = LineBatch
    let maxLineBytes: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        var batch = LineBatch()
        while let newline = buffer.readableBytesView.firstIndex(of: 0x0A) {
            let length = newline - buffer.readerIndex
            if length > maxLineBytes {
                batch.tooLong = true
                break
            }
            batch.lines.append(buffer.readSlice(length: length)!)
            buffer.moveReaderIndex(forwardBy: 1)
        }
        if !batch.tooLong, buffer.readableBytes > maxLineBytes { batch.tooLong = true }
        guard !batch.lines.isEmpty || batch.tooLong else { return .needMoreData }
        if batch.tooLong { buffer.moveReaderIndex(to: buffer.writerIndex) }
        context.fireChannelRead(wrapInboundOut(batch))
        return batch.tooLong ? .needMoreData : .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A last line without its newline is incomplete: dropped, as the sender never finished it.
        _ = try decode(context: context, buffer: &buffer)
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}
