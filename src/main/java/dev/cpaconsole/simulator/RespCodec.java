package dev.cpaconsole.simulator;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.util.ByteProcessor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** RESP2 framing: commands arrive as arrays of bulk strings; replies are built here. */
final class RespCodec {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_BULK = 64 * 1024 * 1024;
    private static final int MAX_ARGS = 1024 * 1024;

    private RespCodec() {
    }

    static boolean isRespFirstByte(byte first) {
        return first == '*' || first == '$' || first == '+' || first == '-' || first == ':';
    }

    /** Decodes one command (an array of bulk strings) at a time into a {@code List<String>}. */
    static final class Decoder extends ByteToMessageDecoder {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int start = in.readerIndex();
            List<String> command = tryDecode(in);
            if (command == null) {
                in.readerIndex(start);
                return;
            }
            out.add(command);
        }

        private static List<String> tryDecode(ByteBuf in) {
            String header = readLine(in);
            if (header == null) {
                return null;
            }
            if (header.isEmpty() || header.charAt(0) != '*') {
                throw new CorruptedFrameException("expected '*', got '" + (header.isEmpty() ? "" : header.charAt(0))
                        + "'");
            }
            int count = parseLength(header, MAX_ARGS);
            List<String> args = new ArrayList<>(Math.max(0, Math.min(count, 64)));
            for (int i = 0; i < count; i++) {
                String bulkHeader = readLine(in);
                if (bulkHeader == null) {
                    return null;
                }
                if (bulkHeader.isEmpty() || bulkHeader.charAt(0) != '$') {
                    throw new CorruptedFrameException("expected '$', got '"
                            + (bulkHeader.isEmpty() ? "" : bulkHeader.charAt(0)) + "'");
                }
                int length = parseLength(bulkHeader, MAX_BULK);
                if (in.readableBytes() < length + 2) {
                    return null;
                }
                args.add(in.readCharSequence(length, StandardCharsets.UTF_8).toString());
                if (in.readByte() != '\r' || in.readByte() != '\n') {
                    throw new CorruptedFrameException("bulk string not terminated by CRLF");
                }
            }
            return args;
        }

        private static String readLine(ByteBuf in) {
            int lf = in.forEachByte(ByteProcessor.FIND_LF);
            if (lf < 0) {
                if (in.readableBytes() > MAX_LINE) {
                    throw new CorruptedFrameException("line too long");
                }
                return null;
            }
            if (lf == in.readerIndex() || in.getByte(lf - 1) != '\r') {
                throw new CorruptedFrameException("line not terminated by CRLF");
            }
            String line = in.readCharSequence(lf - 1 - in.readerIndex(), StandardCharsets.UTF_8).toString();
            in.skipBytes(2);
            return line;
        }

        private static int parseLength(String line, int max) {
            try {
                int value = Integer.parseInt(line.substring(1));
                if (value < 0 || value > max) {
                    throw new CorruptedFrameException("invalid length " + value);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new CorruptedFrameException("invalid length", e);
            }
        }
    }

    static byte[] simple(String text) {
        return ("+" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] error(String text) {
        return ("-" + text + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] integer(long value) {
        return (":" + value + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] nil() {
        return "$-1\r\n".getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bulk(String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 16);
        out.writeBytes(("$" + data.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(data);
        out.writeBytes(new byte[] {'\r', '\n'});
        return out.toByteArray();
    }

    /** An array whose elements are already-encoded RESP values. */
    static byte[] array(List<byte[]> elements) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + elements.size() + "\r\n").getBytes(StandardCharsets.UTF_8));
        elements.forEach(out::writeBytes);
        return out.toByteArray();
    }

    static byte[] message(String channel, String payload) {
        return array(List.of(bulk("message"), bulk(channel), bulk(payload)));
    }
}
