package dev.mob.examples.hello;

import dev.mob.Role;
import dev.mob.runtime.Mob;
import dev.mob.runtime.Mobster;
import dev.mob.runtime.SharedPort;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The original's {@code http-server.js}: two fronts serving one port (HELLO_PORT, default 1337, on
 * HELLO_HOST, default 127.0.0.1). Every request calls {@code back.foo()} on one of the 4 workers.
 */
@Role(name = "front", workers = 2)
public class HttpFront implements Mobster {
    private static final Logger log = LoggerFactory.getLogger(HttpFront.class);

    private final BackClient back;
    private final long pid = ProcessHandle.current().pid();
    private Server server;

    public HttpFront(Mob mob) {
        back = mob.require(BackClient.class).withTimeout(Duration.ofSeconds(5));
    }

    @Override
    public void start() throws Exception {
        String host = System.getenv().getOrDefault("HELLO_HOST", "127.0.0.1");
        int port = Integer.parseInt(System.getenv().getOrDefault("HELLO_PORT", "1337"));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.open(SharedPort.open(host, port));
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                back.foo().whenComplete((answer, error) -> {
                    if (error != null) {
                        Response.writeError(request, response, callback, 503, "back: " + error.getMessage());
                        return;
                    }
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
                    String body = "Hello World\nServed by front " + pid + "; back said: " + answer + "\n";
                    Content.Sink.write(response, true, body, callback);
                });
                log.info("Server {} served an http request.", pid);
                return true;
            }
        });
        server.setStopTimeout(5_000);
        server.start();
        log.info("Server {} running at http://{}:{}/", pid, host, port);
    }

    /**
     * Stops without dropping a request: first stop accepting (the kernel sends new connections to
     * the other fronts on the shared port), then let the connections already accepted finish, then
     * stop Jetty.
     */
    @Override
    public void stop() throws Exception {
        if (server == null) {
            return;
        }
        ServerConnector connector = (ServerConnector) server.getConnectors()[0];
        connector.close();
        // A socket accepted just before the close may not be registered yet: wait until no
        // connection has been open for a few looks in a row, 5 s at most.
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int quiet = 0;
        while (quiet < 5 && System.nanoTime() < end) {
            quiet = connector.getConnectedEndPoints().isEmpty() ? quiet + 1 : 0;
            Thread.sleep(20);
        }
        server.stop();
    }

}
