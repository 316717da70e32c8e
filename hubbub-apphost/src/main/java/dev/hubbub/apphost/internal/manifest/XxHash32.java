package dev.hubbub.apphost.internal.manifest;

/**
 * xxHash32 (seed 0) of a byte string, as .NET's {@code System.IO.Hashing.XxHash32}: Aspire 13.2 names a
 * conditional expression's manifest resource after it ({@code cond-<condition>-<hash>}).
 */
final class XxHash32 {
    private static final int P1 = 0x9E3779B1;
    private static final int P2 = 0x85EBCA77;
    private static final int P3 = 0xC2B2AE3D;
    private static final int P4 = 0x27D4EB2F;
    private static final int P5 = 0x165667B1;

    private XxHash32() {
    }

    /** @param data the bytes @return the hash as 8 lower-case hex digits, big-endian (xxHash's canonical form) */
    static String hex(byte[] data) {
        return String.format("%08x", hash(data));
    }

    static int hash(byte[] b) {
        int len = b.length;
        int i = 0;
        int h;
        if (len >= 16) {
            int v1 = (int) (((long) P1 + P2) & 0xffffffffL);
            int v2 = P2;
            int v3 = 0;
            int v4 = -P1;
            for (; i <= len - 16; i += 16) {
                v1 = round(v1, le(b, i));
                v2 = round(v2, le(b, i + 4));
                v3 = round(v3, le(b, i + 8));
                v4 = round(v4, le(b, i + 12));
            }
            h = Integer.rotateLeft(v1, 1) + Integer.rotateLeft(v2, 7) + Integer.rotateLeft(v3, 12)
                    + Integer.rotateLeft(v4, 18);
        } else {
            h = P5;
        }
        h += len;
        for (; i <= len - 4; i += 4) {
            h += le(b, i) * P3;
            h = Integer.rotateLeft(h, 17) * P4;
        }
        for (; i < len; i++) {
            h += (b[i] & 0xff) * P5;
            h = Integer.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 15;
        h *= P2;
        h ^= h >>> 13;
        h *= P3;
        h ^= h >>> 16;
        return h;
    }

    private static int round(int acc, int lane) {
        acc += lane * P2;
        acc = Integer.rotateLeft(acc, 13);
        return acc * P1;
    }

    private static int le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (b[i + 3] & 0xff) << 24;
    }
}
