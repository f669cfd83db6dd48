package dev.cpaconsole.simulator;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare RESP2 client over a socket, so tests see the exact bytes the simulator writes. */
final class RespTestClient implements AutoCloseable {
    private final Socket socket;
    private final BufferedInputStream in;
    private final OutputStream out;

    RespTestClient(int port) {
        this(port, 0);
    }

    /** With a small receive buffer, a client that does not read backs up the server quickly. */
    RespTestClient(int port, int receiveBuffer) {
        try {
            socket = new Socket();
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends one command as an array of bulk strings. */
    void send(String... args) {
        StringBuilder command = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            command.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg)
                    .append("\r\n");
        }
        sendRaw(command.toString());
    }

    void sendRaw(String raw) {
        try {
            out.write(raw.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command and returns the raw reply. */
    String call(String... args) {
        send(args);
        return readRaw();
    }

    /** Reads one complete RESP value and returns its exact text. */
    String readRaw() {
        String line = readLine();
        StringBuilder raw = new StringBuilder(line).append("\r\n");
        switch (line.charAt(0)) {
            case '$' -> {
                int length = Integer.parseInt(line.substring(1));
                if (length >= 0) {
                    raw.append(new String(readBytes(length + 2), StandardCharsets.UTF_8));
                }
            }
            case '*' -> {
                int count = Integer.parseInt(line.substring(1));
                for (int i = 0; i < count; i++) {
                    raw.append(readRaw());
                }
            }
            default -> {
            }
        }
        return raw.toString();
    }

    /** True when the server has closed the connection (reads end of stream). */
    boolean closedByServer() {
        try {
            int next;
            do {
                next = in.read();
            } while (next >= 0);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private String readLine() {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalStateException("connection closed; read so far: " + line);
                }
                if (b == '\r') {
                    int lf = in.read();
                    if (lf != '\n') {
                        throw new IllegalStateException("CR without LF");
                    }
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] readBytes(int count) {
        try {
            return in.readNBytes(count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String bulk(String text) {
        return "$" + text.getBytes(StandardCharsets.UTF_8).length + "\r\n" + text + "\r\n";
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
