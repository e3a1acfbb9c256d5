package dev.cairn.benchmarks.internal;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import dev.cairn.mongo.embedded.EmbeddedMongo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on the loopback interface between a driver client and the embedded server, for the correctness
 * scenarios: it can hold every request for a while (a slow link) and cut every open connection at once.
 */
public final class LoopbackProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final long requestDelayMillis;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LoopbackProxy(InetSocketAddress target, Duration requestDelay) throws IOException {
        this.target = target;
        this.requestDelayMillis = requestDelay.toMillis();
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon("proxy-accept", this::acceptLoop).start();
    }

    /**
     * Starts a proxy to the server of {@code connectionString} (its first host).
     *
     * @param requestDelay how long each chunk sent towards the server is held; zero for none
     */
    public static LoopbackProxy start(String connectionString, Duration requestDelay) {
        String host = new ConnectionString(connectionString).getHosts().get(0);
        int colon = host.lastIndexOf(':');
        try {
            return new LoopbackProxy(new InetSocketAddress(host.substring(0, colon),
                                                           Integer.parseInt(host.substring(colon + 1))),
                                     requestDelay);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot open a loopback proxy to " + host, e);
        }
    }

    /**
     * @return a client connecting through this proxy, failing a request within seconds when the link is cut
     */
    public MongoClient client() {
        return client(null);
    }

    /**
     * @param commands told of every command the client sends through this proxy; {@code null} for none
     * @return a client connecting through this proxy, failing a request within seconds when the link is cut
     */
    public MongoClient client(CommandListener commands) {
        String connectionString = "mongodb://127.0.0.1:" + listener.getLocalPort();
        MongoClientSettings settings = MongoClientSettings
                .builder(EmbeddedMongo.clientSettings(connectionString))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS))
                .applyToSocketSettings(socket -> socket.connectTimeout(5, TimeUnit.SECONDS))
                .build();
        if (commands != null) {
            settings = MongoClientSettings.builder(settings).addCommandListener(commands).build();
        }
        return MongoClients.create(settings);
    }

    /**
     * Closes every open connection, both sides, as a network failure would.
     */
    public void cutAll() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        cutAll();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                continue; // closed, or a failed accept: the loop condition decides
            }
            try {
                Socket server = new Socket(target.getAddress(), target.getPort());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                daemon("proxy-up", () -> pump(client, server, requestDelayMillis)).start();
                daemon("proxy-down", () -> pump(server, client, 0)).start();
            } catch (IOException e) {
                closeQuietly(client); // the server refused: this client connection fails, the proxy goes on
            }
        }
    }

    private void pump(Socket from, Socket to, long delayMillis) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (delayMillis > 0) {
                    Thread.sleep(delayMillis);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException e) {
            // the connection was cut or closed: close both sides below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static Thread daemon(String name, Runnable work) {
        Thread thread = new Thread(work, name);
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
