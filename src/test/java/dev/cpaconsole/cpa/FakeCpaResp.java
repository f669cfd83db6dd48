package dev.cpaconsole.cpa;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal RESP side of CPA for testing the channel alone: AUTH, LPOP usage [n], SUBSCRIBE usage,
 * PING and UNSUBSCRIBE, with CPA's error texts. Records every command with its connection number.
 */
final class FakeCpaResp implements AutoCloseable {
    record Command(int connection, List<String> words) {
    }

    private final ServerSocket server;
    private final String key;
    private final List<Command> log = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedDeque<String> queue = new ConcurrentLinkedDeque<>();
    private final List<OutputStream> subscribers = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger failedAuth = new AtomicInteger();

    FakeCpaResp(String key) {
        this.key = key;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "fake-resp-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    List<Command> log() {
        return List.copyOf(log);
    }

    int failedAuthAttempts() {
        return failedAuth.get();
    }

    int connections() {
        return connections.get();
    }

    int subscriberCount() {
        return subscribers.size();
    }

    void enqueue(String item) {
        queue.add(item);
    }

    void publish(String message) {
        for (OutputStream out : subscribers) {
            try {
                synchronized (out) {
                    out.write(array("message", "usage", message));
                    out.flush();
                }
            } catch (IOException e) {
                subscribers.remove(out);
            }
        }
    }

    /** Drops every connection, as a restarting CPA does. */
    void dropConnections() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        subscribers.clear();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                sockets.add(socket);
                int number = connections.incrementAndGet();
                Thread handler = new Thread(() -> serve(socket, number), "fake-resp-" + number);
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, int number) {
        boolean authed = false;
        boolean subscribed = false;
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream());
             OutputStream out = socket.getOutputStream()) {
            while (true) {
                List<String> words = readCommand(in);
                if (words == null) {
                    return;
                }
                log.add(new Command(number, words));
                String name = words.getFirst().toLowerCase(Locale.ROOT);
                byte[] reply;
                if (name.equals("auth")) {
                    if (words.size() == 2 && words.get(1).equals(key)) {
                        authed = true;
                        reply = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
                    } else {
                        failedAuth.incrementAndGet();
                        reply = "-ERR invalid management key\r\n".getBytes(StandardCharsets.US_ASCII);
                    }
                } else if (!authed) {
                    failedAuth.incrementAndGet();
                    reply = "-NOAUTH Authentication required.\r\n".getBytes(StandardCharsets.US_ASCII);
                } else if (subscribed && name.equals("ping")) {
                    reply = "*2\r\n$4\r\npong\r\n$-1\r\n".getBytes(StandardCharsets.US_ASCII);
                } else if (subscribed && name.equals("unsubscribe")) {
                    synchronized (out) {
                        subscribers.remove(out);
                        out.write("*3\r\n$11\r\nunsubscribe\r\n$5\r\nusage\r\n:0\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    return;
                } else if (name.equals("lpop")) {
                    reply = pop(words);
                } else if (name.equals("subscribe")) {
                    subscribed = true;
                    synchronized (out) {
                        // Like CPA: the subscriber is registered before the confirmation goes out.
                        subscribers.add(out);
                        out.write("*3\r\n$9\r\nsubscribe\r\n$5\r\nusage\r\n:1\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.write(array("message", "usage", "{\"support_refresh\":true}"));
                        out.flush();
                    }
                    continue;
                } else {
                    reply = ("-ERR unknown command '" + name + "'\r\n").getBytes(StandardCharsets.US_ASCII);
                }
                synchronized (out) {
                    out.write(reply);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the connection ended
        }
    }

    private byte[] pop(List<String> words) {
        if (words.size() == 2) {
            String item = queue.poll();
            return item == null ? "$-1\r\n".getBytes(StandardCharsets.US_ASCII) : bulk(item);
        }
        int count = Integer.parseInt(words.get(2));
        List<String> items = new ArrayList<>();
        while (items.size() < count && !queue.isEmpty()) {
            items.add(queue.poll());
        }
        return array(items.toArray(String[]::new));
    }

    private static byte[] bulk(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + bytes.length + 2];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        all[all.length - 2] = '\r';
        all[all.length - 1] = '\n';
        return all;
    }

    private static byte[] array(String... elements) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("*" + elements.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String element : elements) {
            out.writeBytes(bulk(element));
        }
        return out.toByteArray();
    }

    private static List<String> readCommand(InputStream in) throws IOException {
        String header = readLine(in);
        if (header == null) {
            return null;
        }
        int count = Integer.parseInt(header.substring(1));
        List<String> words = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int length = Integer.parseInt(readLine(in).substring(1));
            byte[] bytes = in.readNBytes(length + 2);
            words.add(new String(bytes, 0, length, StandardCharsets.UTF_8));
        }
        return words;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                return line.toString().stripTrailing();
            }
            line.append((char) c);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        dropConnections();
    }
}
