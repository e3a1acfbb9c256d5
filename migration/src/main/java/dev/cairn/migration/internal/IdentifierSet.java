package dev.cairn.migration.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A set of event identifiers held as their 128-bit MD5 digests in open addressing (16 bytes an identifier, 17 to 34
 * with the free slots): what a run of the migration checks every source event against, instead of asking the target
 * a batch at a time. Two different identifiers sharing a digest is as likely as a random 128-bit collision, and the
 * verification would name the event it cost.
 */
final class IdentifierSet {

    private static final double LOAD = 0.75;

    private long[] high = new long[1 << 10];
    private long[] low = new long[1 << 10];
    private boolean[] used = new boolean[1 << 10];
    private int size;
    private final MessageDigest md5;

    IdentifierSet() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every Java platform", e);
        }
    }

    int size() {
        return size;
    }

    /** @return whether {@code identifier} is in the set */
    boolean contains(String identifier) {
        if (size == 0) {
            return false; // a first run's check against an empty target costs no digest
        }
        long[] digest = digest(identifier);
        return slot(digest[0], digest[1]) < 0;
    }

    /** @return {@code true} when {@code identifier} was added, {@code false} when it was there already */
    boolean add(String identifier) {
        long[] digest = digest(identifier);
        int slot = slot(digest[0], digest[1]);
        if (slot < 0) {
            return false;
        }
        high[slot] = digest[0];
        low[slot] = digest[1];
        used[slot] = true;
        if (++size > high.length * LOAD) {
            grow();
        }
        return true;
    }

    /** @return the free slot for the digest, or -1 when it is stored */
    private int slot(long h, long l) {
        int mask = high.length - 1;
        int slot = (int) (l ^ (l >>> 32)) & mask;
        while (used[slot]) {
            if (high[slot] == h && low[slot] == l) {
                return -1;
            }
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        boolean[] oldUsed = used;
        high = new long[oldHigh.length * 2];
        low = new long[oldHigh.length * 2];
        used = new boolean[oldHigh.length * 2];
        for (int i = 0; i < oldHigh.length; i++) {
            if (oldUsed[i]) {
                int slot = slot(oldHigh[i], oldLow[i]);
                high[slot] = oldHigh[i];
                low[slot] = oldLow[i];
                used[slot] = true;
            }
        }
    }

    private long[] digest(String identifier) {
        byte[] bytes = md5.digest(identifier.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        long l = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (bytes[i] & 0xff);
            l = (l << 8) | (bytes[i + 8] & 0xff);
        }
        return new long[]{h, l};
    }
}
