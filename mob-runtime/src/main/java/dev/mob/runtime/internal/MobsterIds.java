package dev.mob.runtime.internal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Mobster ids, unique across the hosts of a cluster: the host's number in bits 32 to 46 and the
 * OS pid in the low 32 bits (Linux pids stay below 2^22). A single host has number 0, so there a
 * mobster's id is its pid, as it always was. An id without a host number names a mobster of this
 * host, so code that passes {@code ProcessHandle.current().pid()} around keeps working.
 */
public final class MobsterIds {
    /** Host numbers are 1 to this; 0 is "no cluster". */
    public static final int MAX_HOST_NUMBER = 32_767;

    private MobsterIds() {}

    public static long of(int hostNumber, long osPid) {
        return ((long) hostNumber << 32) | (osPid & 0xFFFF_FFFFL);
    }

    public static int hostNumber(long id) {
        return (int) (id >>> 32);
    }

    public static long osPid(long id) {
        return id & 0xFFFF_FFFFL;
    }

    /** {@code id} as a full id: one without a host number is taken as this host's. */
    public static long resolve(long id, int selfHostNumber) {
        return hostNumber(id) == 0 ? of(selfHostNumber, id) : id;
    }

    /**
     * The number a host takes when it joins unless told otherwise ({@code --host-id}): derived from
     * its name, so it is the same after a restart and ids handed out before stay meaningful. Two
     * names that share a number are detected when the second joins (the Kingpin refuses the part).
     */
    public static int hostNumberOf(String hostName) {
        CRC32 crc = new CRC32();
        crc.update(hostName.getBytes(StandardCharsets.UTF_8));
        return 1 + (int) (crc.getValue() % MAX_HOST_NUMBER);
    }
}
