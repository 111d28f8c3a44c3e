package dev.mob.runtime;

import java.util.function.Consumer;

/**
 * The running mobster's view of its app: typed clients for the other roles, and messages.
 *
 * <p>There is one {@code Mob} per mobster process. A role class receives it in its constructor, and
 * any code in the process can reach it with {@link #current()}. All methods are thread-safe;
 * {@code send} queues the message and returns, waiting only while a receiver is full (see
 * {@link Target#send}).
 */
public interface Mob {
    /**
     * The mob of this process.
     *
     * @throws IllegalStateException outside a mobster process (for instance in the Kingpin, which
     *     runs no application code)
     */
    static Mob current() {
        return CurrentMob.get();
    }

    /**
     * A client for the role whose generated client class is {@code client}, e.g.
     * {@code mob.require(BackClient.class)}. Clients are immutable and cheap; keep one per use.
     *
     * @throws IllegalArgumentException if {@code client} is not a client of this app's roles
     */
    <C> C require(Class<C> client);

    /** Sends {@code msg}, serialized as JSON, to every other mobster of the app. */
    void send(Object msg);

    /** Every ready mobster of {@code role} (this process excluded). */
    Target all(String role);

    /** One ready mobster of {@code role}, chosen at random for each message. */
    Target any(String role);

    /**
     * The mobster with process id {@code pid}: a pid on this host, or a mobster id from
     * {@link Message#fromPid()} or {@link #pid()} of any host in a cluster.
     */
    Target pid(long pid);

    /**
     * Registers a handler for messages sent to this process. Handlers run on a single dispatch
     * thread, never an I/O thread, in the order messages arrive; a handler that throws is logged
     * and the next message is still delivered.
     */
    Subscription onMessage(Consumer<Message> handler);

    /** The app name given by {@code @MobApp}. */
    String app();

    /** This process's role name. */
    String role();

    /** This process's index within its role, from 0. A revived worker keeps its index. */
    int index();

    /**
     * This process's pid; in a cluster (several hosts), its mobster id, unique across hosts: the
     * host's number in bits 32 and up, the pid in the low 32 bits ({@code id & 0xFFFFFFFFL}).
     */
    long pid();

    /** The name of this process's host ({@code --host}); empty when the app runs on a single host. */
    default String host() {
        return "";
    }
}
