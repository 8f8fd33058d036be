package dev.vlmconsole.app.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on 127.0.0.1 for fault tests: forwards to a target port, and can make the link fail
 * the ways networks do: {@link #blackHoleOpenLinks()} stops forwarding on the open connections without
 * closing them (a NAT or load balancer that forgot them), {@link #refuse()} closes everything and
 * refuses new connections (a stopped database), {@link #resume()} accepts again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

    /** One proxied connection: two sockets and whether bytes still flow between them. */
    private static final class Link {
        final Socket client;
        final Socket server;
        volatile boolean blackHoled;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private final int targetPort;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listening;
    private volatile int port;

    public TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        listen(0);
    }

    public int port() {
        return port;
    }

    /** Open connections stop forwarding (bytes are read and dropped), without a FIN or a reset. */
    public void blackHoleOpenLinks() {
        links.forEach(l -> l.blackHoled = true);
    }

    /** Closes every connection and refuses new ones. */
    public void refuse() {
        closeQuietly(listening);
        links.forEach(Link::close);
        links.clear();
    }

    /** Accepts connections again, on the same port. */
    public void resume() {
        if (listening.isClosed()) {
            listen(port);
        }
    }

    @Override
    public void close() {
        refuse();
    }

    private void listen(int onPort) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort));
            listening = s;
            port = s.getLocalPort();
            Thread.ofPlatform().daemon().name("tcp-proxy-accept").start(() -> accept(s));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket server;
                try {
                    server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                Link link = new Link(client, server);
                links.add(link);
                Thread.ofPlatform().daemon().name("tcp-proxy-up").start(() -> pump(link, client, server));
                Thread.ofPlatform().daemon().name("tcp-proxy-down").start(() -> pump(link, server, client));
            } catch (IOException e) {
                // closed by refuse(), or the target is gone: the client sees the connection close
            }
        }
    }

    private static void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!link.blackHoled) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            if (!link.blackHoled) {
                link.close();
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception ignored) {
            // already closed
        }
    }
}
