package dev.mob.test;

import dev.mob.runtime.Callback;
import dev.mob.runtime.Message;
import dev.mob.runtime.Mob;
import dev.mob.runtime.MobException;
import dev.mob.runtime.MobTimeoutException;
import dev.mob.runtime.Mobster;
import dev.mob.runtime.MobsterLostException;
import dev.mob.runtime.Subscription;
import dev.mob.runtime.Target;
import dev.mob.runtime.internal.ErrorInfo;
import dev.mob.runtime.internal.Json;
import dev.mob.runtime.internal.JsonMessage;
import dev.mob.runtime.internal.mobster.WireArgs;
import dev.mob.runtime.spi.AppSpec;
import dev.mob.runtime.spi.ClientChannel;
import dev.mob.runtime.spi.Dispatcher;
import dev.mob.runtime.spi.MethodDescriptor;
import dev.mob.runtime.spi.MobType;
import dev.mob.runtime.spi.RoleSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An app's roles in this JVM: one instance per role behind its generated client, every argument,
 * result, callback value and message encoded and decoded by mob's real codec, methods run on a
 * pool, message handlers on one thread per role. Each instance has a synthetic pid of its own,
 * usable with {@code toPid} and {@code pid(...)}.
 */
final class InProcessApp implements AutoCloseable {
    private static final long FIRST_PID = 1_000_001;

    private final AppSpec app;
    private final Map<String, Local> roles = new LinkedHashMap<>();
    private final Local tester;
    private final ExecutorService calls = Executors.newCachedThreadPool(daemon("mob-test-call"));
    private final ExecutorService callbacks = Executors.newCachedThreadPool(daemon("mob-test-callback"));
    private final java.util.concurrent.ScheduledExecutorService timer =
            Executors.newSingleThreadScheduledExecutor(daemon("mob-test-timer"));

    /** One role instance, or the test itself, with its own mob. */
    private final class Local implements Mob {
        final RoleSpec<?, ?> spec;
        final String role;
        final long pid;
        final List<Consumer<Message>> handlers = new CopyOnWriteArrayList<>();
        final ExecutorService messages;
        Object instance;

        Local(RoleSpec<?, ?> spec, String role, long pid) {
            this.spec = spec;
            this.role = role;
            this.pid = pid;
            this.messages = Executors.newSingleThreadExecutor(daemon("mob-test-messages-" + role));
        }

        @Override
        public <C> C require(Class<C> client) {
            RoleSpec<?, ?> target = app.roleOfClient(client);
            return client.cast(target.client(new Channel(target.name(), Duration.ofSeconds(30), 0)));
        }

        @Override
        public void send(Object msg) {
            deliver(this, msg, roles.values().stream().filter(l -> l != this).toList());
        }

        @Override
        public Target all(String role) {
            return msg -> deliver(this, msg, roles.values().stream().filter(l -> l.role.equals(role) && l != this).toList());
        }

        @Override
        public Target any(String role) {
            return msg -> {
                Local to = roles.get(role);
                if (to == null) {
                    throw new MobException("no worker of role '" + role + "' is ready; the message was not sent");
                }
                deliver(this, msg, List.of(to));
            };
        }

        @Override
        public Target pid(long pid) {
            return msg -> deliver(this, msg, List.of(byPid(pid)));
        }

        @Override
        public Subscription onMessage(Consumer<Message> handler) {
            handlers.add(handler);
            return () -> handlers.remove(handler);
        }

        @Override
        public String app() {
            return app.name();
        }

        @Override
        public String role() {
            return role;
        }

        @Override
        public int index() {
            return 0;
        }

        @Override
        public long pid() {
            return pid;
        }
    }


    InProcessApp(AppSpec app, List<Class<?>> roleClasses) {
        this.app = app;
        long pid = FIRST_PID;
        for (Class<?> type : roleClasses) {
            RoleSpec<?, ?> spec = app.roles().values().stream().filter(r -> r.type() == type).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(type.getName() + " is not a role of app '"
                            + app.name() + "' (its roles: " + app.roles().keySet() + ")"));
            roles.put(spec.name(), new Local(spec, spec.name(), pid++));
        }
        tester = new Local(null, "test", pid);
        for (Local local : roles.values()) {
            local.instance = local.spec.create(local);
        }
        for (Local local : roles.values()) {
            if (local.instance instanceof Mobster mobster) {
                try {
                    mobster.start();
                } catch (Exception e) {
                    close();
                    throw new IllegalStateException(local.role + ".start() threw", e);
                }
            }
        }
    }

    <C> C client(Class<C> clientClass) {
        return tester.require(clientClass);
    }

    Mob mob() {
        return tester;
    }

    private Local byPid(long pid) {
        for (Local local : roles.values()) {
            if (local.pid == pid) {
                return local;
            }
        }
        if (pid == tester.pid) {
            return tester;
        }
        throw new MobsterLostException("?", pid, "no role instance has pid " + pid + " in this test");
    }

    private void deliver(Local from, Object msg, List<Local> to) {
        byte[] json = Json.write(msg); // the real codec: a message that cannot cross fails here too
        for (Local target : to) {
            JsonMessage message = new JsonMessage(from.pid, from.role, json);
            target.messages.execute(() -> {
                for (Consumer<Message> handler : target.handlers) {
                    try {
                        handler.accept(message);
                    } catch (RuntimeException e) {
                        System.err.println("mob-test: a message handler of " + target.role + " threw: " + e);
                    }
                }
            });
        }
    }

    /** A role, a timeout and an optional pinned pid, calling that role's instance through the codec. */
    private final class Channel implements ClientChannel {
        private final String role;
        private final Duration timeout;
        private final long pinned;

        Channel(String role, Duration timeout, long pinned) {
            this.role = role;
            this.timeout = timeout;
            this.pinned = pinned;
        }

        @Override
        @SuppressWarnings("unchecked")
        public <R> CompletableFuture<R> call(MethodDescriptor<R> method, Object... args) {
            CompletableFuture<R> future = new CompletableFuture<>();
            Local target = roles.get(role);
            if (target == null || (pinned != 0 && pinned != target.pid)) {
                future.completeExceptionally(new MobsterLostException(role, pinned, "role '" + role
                        + "' is not part of this test" + (pinned != 0 ? " at pid " + pinned : "") + "; "
                        + method + " was not sent"));
                return future;
            }
            Object[] wire = args.clone();
            List<CallbackArg> passed = new ArrayList<>();
            for (int i = 0; i < wire.length; i++) {
                if (wire[i] instanceof CallbackArg arg) {
                    passed.add(arg);
                    wire[i] = passed.size() - 1;
                }
            }
            byte[] payload;
            try {
                payload = Json.write(wire);
            } catch (IllegalArgumentException e) {
                future.completeExceptionally(new MobException("cannot send the arguments of " + method + ": "
                        + e.getMessage(), e));
                return future;
            }
            var deadline = timer.schedule(() -> future.completeExceptionally(new MobTimeoutException(method
                    + " timed out after " + timeout.toMillis() + " ms")), timeout.toMillis(), TimeUnit.MILLISECONDS);
            future.whenComplete((v, e) -> deadline.cancel(false));
            calls.execute(() -> {
                CompletionStage<?> stage;
                try {
                    stage = ((Dispatcher<Object>) target.spec.dispatcher()).dispatch(target.instance, method.name(),
                            new WireArgs(payload, id -> localCallback(passed.get((int) id))));
                } catch (Throwable t) {
                    future.completeExceptionally(remote(t, target, method));
                    return;
                }
                stage.whenComplete((value, error) -> {
                    if (error != null) {
                        future.completeExceptionally(remote(error, target, method));
                        return;
                    }
                    try {
                        future.complete((R) Json.reader(method.resultType()).readValue(Json.write(value)));
                    } catch (IOException | RuntimeException e) {
                        future.completeExceptionally(remote(e, target, method));
                    }
                });
            });
            return future;
        }

        @Override
        public Object callback(Callback<?> callback, MobType valueType) {
            return callback == null ? null : new CallbackArg(callback, valueType);
        }

        @Override
        public ClientChannel withTimeout(Duration timeout) {
            return new Channel(role, ClientChannel.positive(timeout), pinned);
        }

        @Override
        public ClientChannel toPid(long pid) {
            return new Channel(role, timeout, ClientChannel.positive(pid));
        }

        @Override
        public String role() {
            return role;
        }
    }

    /** What the remote side threw, as a caller in another process would see it. */
    private static RuntimeException remote(Throwable error, Local at, MethodDescriptor<?> method) {
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        ErrorInfo info = Json.readProtocol(Json.writeProtocol(ErrorInfo.of(cause)), ErrorInfo.class);
        return info.toException(at.role, at.pid, "", method.name());
    }

    private record CallbackArg(Callback<?> callback, MobType valueType) {}

    /** The callback a method receives in one JVM: at most once, its value through the codec. */
    @SuppressWarnings("unchecked")
    private Callback<Object> localCallback(CallbackArg arg) {
        AtomicBoolean called = new AtomicBoolean();
        return value -> {
            if (!called.compareAndSet(false, true)) {
                System.err.println("mob-test: a callback was called more than once; only the first call is delivered");
                return;
            }
            Object decoded;
            try {
                decoded = Json.reader(arg.valueType()).readValue(Json.write(value));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            callbacks.execute(() -> ((Callback<Object>) arg.callback()).call(decoded));
        };
    }

    @Override
    public void close() {
        for (Local local : roles.values()) {
            if (local.instance instanceof Mobster mobster) {
                try {
                    mobster.stop();
                } catch (Exception e) {
                    System.err.println("mob-test: " + local.role + ".stop() threw: " + e);
                }
            }
            local.messages.shutdownNow();
        }
        tester.messages.shutdownNow();
        calls.shutdownNow();
        callbacks.shutdownNow();
        timer.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
