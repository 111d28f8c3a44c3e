package dev.mob.runtime.spi;

import dev.mob.runtime.Mob;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** One role of an app, as the generated {@code MobMain} describes it. */
public final class RoleSpec<T, C> {
    private final String name;
    private final int workers;
    private final List<String> jvmArgs;
    private final Class<T> type;
    private final Function<Mob, T> factory;
    private final Dispatcher<T> dispatcher;
    private final Class<C> clientType;
    private final Function<ClientChannel, C> clientFactory;

    private RoleSpec(String name, int workers, List<String> jvmArgs, Class<T> type, Function<Mob, T> factory,
            Dispatcher<T> dispatcher, Class<C> clientType, Function<ClientChannel, C> clientFactory) {
        this.name = Objects.requireNonNull(name, "name");
        if (workers < 1) {
            throw new IllegalArgumentException("role '" + name + "': workers must be at least 1, got " + workers);
        }
        this.workers = workers;
        this.jvmArgs = List.copyOf(jvmArgs);
        this.type = Objects.requireNonNull(type, "type");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.clientType = Objects.requireNonNull(clientType, "clientType");
        this.clientFactory = Objects.requireNonNull(clientFactory, "clientFactory");
    }

    public static <T, C> RoleSpec<T, C> of(String name, int workers, List<String> jvmArgs, Class<T> type,
            Function<Mob, T> factory, Dispatcher<T> dispatcher, Class<C> clientType,
            Function<ClientChannel, C> clientFactory) {
        return new RoleSpec<>(name, workers, jvmArgs, type, factory, dispatcher, clientType, clientFactory);
    }

    public String name() {
        return name;
    }

    public int workers() {
        return workers;
    }

    public List<String> jvmArgs() {
        return jvmArgs;
    }

    public Class<T> type() {
        return type;
    }

    public T create(Mob mob) {
        return factory.apply(mob);
    }

    public Dispatcher<T> dispatcher() {
        return dispatcher;
    }

    public Class<C> clientType() {
        return clientType;
    }

    public C client(ClientChannel channel) {
        return clientFactory.apply(channel);
    }

    /** The same role with another worker count. */
    public RoleSpec<T, C> withWorkers(int count) {
        return new RoleSpec<>(name, count, jvmArgs, type, factory, dispatcher, clientType, clientFactory);
    }
}
