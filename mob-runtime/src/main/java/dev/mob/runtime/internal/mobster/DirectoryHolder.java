package dev.mob.runtime.internal.mobster;

/**
 * The one current directory of this process, shared by the calling side, the messenger and the
 * links. The Kingpin's pushes replace it whole; readers on any thread see a consistent snapshot.
 */
final class DirectoryHolder {
    private volatile Directory current = Directory.EMPTY;

    Directory get() {
        return current;
    }

    void set(Directory next) {
        current = next;
    }
}
