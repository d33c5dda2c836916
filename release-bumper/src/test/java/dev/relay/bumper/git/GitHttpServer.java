package dev.relay.bumper.git;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.PreReceiveHook;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * A real git smart-HTTP server on loopback for tests: JGit's GitServlet in Jetty 12, serving the
 * bare repositories under a folder, behind HTTP Basic auth with one user and token.
 */
public final class GitHttpServer implements AutoCloseable {

    private final Server server;
    private final int port;
    private final AtomicInteger pushes = new AtomicInteger();
    private volatile PreReceiveHook hook = PreReceiveHook.NULL;

    private GitHttpServer(Path root, String user, String token) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        GitServlet git = new GitServlet();
        git.setRepositoryResolver(new FileResolver<>(root.toFile(), true));
        git.setReceivePackFactory((req, db) -> {
            ReceivePack receive = new ReceivePack(db);
            receive.setPreReceiveHook((rp, commands) -> {
                pushes.incrementAndGet();
                hook.onPreReceive(rp, commands);
            });
            return receive;
        });
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + token).getBytes(StandardCharsets.UTF_8));
        Filter basicAuth = (request, response, chain) -> {
            HttpServletRequest http = (HttpServletRequest) request;
            if (!expected.equals(http.getHeader("Authorization"))) {
                HttpServletResponse out = (HttpServletResponse) response;
                out.setHeader("WWW-Authenticate", "Basic realm=\"relay-test\"");
                out.sendError(401);
                return;
            }
            chain.doFilter(request, response);
        };
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(new FilterHolder(basicAuth), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(git), "/git/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    public static GitHttpServer start(Path root, String user, String token) {
        try {
            return new GitHttpServer(root, user, token);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the git HTTP server", e);
        }
    }

    /** URL of the bare repository {@code <root>/<name>}. */
    public String url(String name) {
        return "http://127.0.0.1:" + port + "/git/" + name;
    }

    /** Runs before every push is applied; lets a test push something else first. */
    public void onPreReceive(PreReceiveHook hook) {
        this.hook = hook;
    }

    public int pushes() {
        return pushes.get();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
