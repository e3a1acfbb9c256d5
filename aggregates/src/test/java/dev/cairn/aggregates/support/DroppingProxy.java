package dev.cairn.aggregates.support;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A loopback TCP proxy in front of a MongoDB server that forwards wire-protocol messages whole and, on request, drops
 * the connection carrying the next insert into a collection: before the server runs it, or after the server ran it
 * but before its reply reaches the driver (an append whose outcome the driver cannot know).
 */
public final class DroppingProxy implements AutoCloseable {

    /** When the connection carrying the insert is dropped. */
    public enum Drop { BEFORE_THE_SERVER_RUNS_IT, AFTER_THE_SERVER_RAN_IT }

    private record Plan(byte[] marker, Drop when) {
    }

    private final ServerSocket listener;
    private final InetSocketAddress server;
    private final AtomicReference<Plan> plan = new AtomicReference<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean dropped;

    public DroppingProxy(String serverHost, int serverPort) throws IOException {
        this.server = new InetSocketAddress(serverHost, serverPort);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "dropping-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * @return a connection string to the proxy; writes are not retried, so a dropped insert surfaces to its caller
     */
    public String connectionString() {
        return "mongodb://127.0.0.1:" + listener.getLocalPort()
                + "/?directConnection=true&retryWrites=false&serverSelectionTimeoutMS=5000";
    }

    /**
     * Drops the connection that carries the next insert into {@code collection}, at the given moment.
     */
    public void dropNextInsertInto(String collection, Drop when) {
        byte[] marker = (collection + "\0").getBytes(StandardCharsets.UTF_8);
        dropped = false;
        plan.set(new Plan(marker, when));
    }

    /**
     * @return whether the planned drop happened
     */
    public boolean dropped() {
        return dropped;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket upstream = new Socket(server.getHostString(), server.getPort());
                sockets.add(client);
                sockets.add(upstream);
                AtomicBoolean muted = new AtomicBoolean();
                pump(client, upstream, true, muted);
                pump(upstream, client, false, muted);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean requests, AtomicBoolean muted) {
        Thread thread = new Thread(() -> {
            try (DataInputStream in = new DataInputStream(from.getInputStream())) {
                OutputStream out = to.getOutputStream();
                while (true) {
                    byte[] message = readMessage(in);
                    Plan current = plan.get();
                    if (requests && current != null && contains(message, current.marker())
                            && plan.compareAndSet(current, null)) {
                        if (current.when() == Drop.AFTER_THE_SERVER_RAN_IT) {
                            muted.set(true);
                            out.write(message);
                            out.flush();
                            Thread.sleep(200); // the server runs it; its reply is never relayed
                        }
                        dropped = true;
                        close(from, to);
                        return;
                    }
                    if (muted.get()) {
                        continue; // the reply to the dropped insert never reaches the driver
                    }
                    out.write(message);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                close(from, to);
            }
        }, "dropping-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static byte[] readMessage(DataInputStream in) throws IOException {
        byte[] header = new byte[4];
        in.readFully(header);
        int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16
                | (header[3] & 0xff) << 24;
        if (length < 16) {
            throw new EOFException("not a wire message");
        }
        byte[] message = new byte[length];
        System.arraycopy(header, 0, message, 0, 4);
        in.readFully(message, 4, length - 4);
        return message;
    }

    /** Whether the message holds the BSON string element {@code insert: <collection>}: type, name, length, value. */
    private static boolean contains(byte[] message, byte[] collection) {
        byte[] name = "\2insert\0".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + name.length + 4 + collection.length <= message.length; i++) {
            if (matches(message, i, name) && matches(message, i + name.length + 4, collection)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(byte[] message, int at, byte[] expected) {
        for (int j = 0; j < expected.length; j++) {
            if (message[at + j] != expected[j]) {
                return false;
            }
        }
        return true;
    }

    private static void close(Socket... sockets) {
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(DroppingProxy::close);
    }
}
