package zmd.registry.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.BufferUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zmd.registry.db.RequestBudget;

/**
 * Abandons a request's budget when its client closes the connection while the request runs, so the database stops
 * working for nobody.
 *
 * <p>Jetty 12 does not notice that by itself: once a request is read, HTTP/1.1 takes no read interest in its connection
 * until the handler is done, so a client's FIN or RST goes unseen (the endpoint stays open, its input not shut, no
 * failure listener runs) until a write fails. So the budget's alarm thread asks the socket every
 * {@link RequestBudget#WATCH_INTERVAL}: end of stream or a reset means nobody waits for the answer. Bytes waiting to
 * be read (a pipelined request, a body the handler left) are never read: the watch stops, since the client is there.
 */
public final class ClientGone implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientGone.class);
    private static final ClientGone NONE = new ClientGone(null, null, null, null);

    private final Context ctx;
    private final EndPoint endPoint;
    /** The socket's FIONREAD, which counts unread bytes without taking them. */
    private final InputStream unread;
    private final String request;
    private final long started = System.nanoTime();
    private final ByteBuffer probe = BufferUtil.allocate(1);
    // Guarded by this: no probe reads once the handler is done and Jetty reads the connection again.
    private boolean closed;
    private boolean clientTalks;
    private boolean tookAByte;

    private ClientGone(Context ctx, EndPoint endPoint, InputStream unread, String request) {
        this.ctx = ctx;
        this.endPoint = endPoint;
        this.unread = unread;
        this.request = request;
    }

    /** Watches the connection of {@code ctx} for the time of {@code budget}; close it before the handler returns. */
    public static ClientGone watch(Context ctx, RequestBudget budget) {
        ServletContextRequest core = ServletContextRequest.getServletContextRequest(ctx.req());
        EndPoint endPoint = core == null ? null : core.getConnectionMetaData().getConnection().getEndPoint();
        // Plain HTTP/1.1 sockets only (the server speaks nothing else): TLS or another transport is not probed.
        if (!(endPoint instanceof SocketChannelEndPoint) || !(endPoint.getTransport() instanceof SocketChannel channel)) {
            return NONE;
        }
        try {
            ClientGone watch = new ClientGone(ctx, endPoint, channel.socket().getInputStream(), ctx.method() + " " + ctx.path());
            budget.abandonWhen(watch::gone);
            return watch;
        } catch (IOException e) {
            // Already shut: the probe would see nothing more than the response's write will.
            return NONE;
        }
    }

    /** Asked on the budget's alarm thread: whether the client closed or reset its connection. */
    synchronized boolean gone() {
        if (closed || clientTalks) {
            return false;
        }
        try {
            if (unread.available() > 0) {
                clientTalks = true;
                return false;
            }
            BufferUtil.clear(probe);
            int n = endPoint.fill(probe);
            if (n > 0) {
                // A pipelined request arrived between the two calls and lost its first byte to the probe.
                clientTalks = true;
                tookAByte = true;
                return false;
            }
            if (n == 0) {
                return false;
            }
        } catch (IOException e) {
            // A reset: gone as well.
        }
        LOG.debug("{}: the client closed the connection after {} ms, abandoning the request", request,
                (System.nanoTime() - started) / 1_000_000);
        return true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (tookAByte && !ctx.res().isCommitted()) {
            // The next request on this connection is cut: closing after this response makes the client resend it
            // (RFC 9112 §9.3.2). Committed, Jetty reads the cut request as a bad one and closes with a 400.
            ctx.header("Connection", "close");
        }
    }
}
