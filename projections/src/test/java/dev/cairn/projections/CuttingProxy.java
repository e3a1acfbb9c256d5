package dev.cairn.projections;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a server that can cut every open connection at once, as a network failure does
 * (new connections go through again).
 */
final class CuttingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int serverPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    CuttingProxy(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept).start();
    }

    String connectionString() {
        return "mongodb://127.0.0.1:" + listener.getLocalPort() + "/?serverSelectionTimeoutMS=10000";
    }

    /** Closes every open connection, both sides. */
    void cutAll() {
        open.forEach(CuttingProxy::closeQuietly);
    }

    @Override
    public void close() {
        closeQuietly(listener);
        cutAll();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                daemon(() -> pump(client, server)).start();
                daemon(() -> pump(server, client)).start();
            } catch (IOException e) {
                // closed, or the server refused this connection: the loop condition decides
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // cut or closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static Thread daemon(Runnable work) {
        Thread thread = new Thread(work, "cutting-proxy");
        thread.setDaemon(true);
        return thread;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
