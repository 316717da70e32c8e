package dev.hubbub.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Header names and values packed into one byte array for as long as a connection lives: each as its UTF-8 length
 * in decimal, a colon, then its UTF-8 bytes ({@code 4:Host9:localhost}). One array, sized exactly before it is
 * written, rather than a string (and the builder it was copied from) or two strings per header. Read by walking
 * the items; every read decodes what it returns.
 */
final class PackedHeaders {
  private PackedHeaders() {}

  /** What {@link #put} takes for {@code s}: its UTF-8 length in decimal, a colon, its UTF-8 bytes. */
  static int packedLength(CharSequence s) {
    int n = utf8Length(s);
    return digits(n) + 1 + n;
  }

  /** Writes {@code s} at {@code at} ({@link #packedLength} bytes) and returns where the next item starts. */
  static int put(byte[] packed, int at, CharSequence s) {
    int n = utf8Length(s);
    int colon = at + digits(n);
    int i = colon;
    for (int rest = n; i == colon || rest > 0; rest /= 10) {
      packed[--i] = (byte) ('0' + rest % 10);
    }
    packed[colon] = ':';
    return encode(s, packed, colon + 1);
  }

  private static int digits(int n) {
    int digits = 1;
    for (int rest = n / 10; rest > 0; rest /= 10) {
      digits++;
    }
    return digits;
  }

  /** Where the bytes of the item that starts at {@code at} begin. */
  static int textStart(byte[] packed, int at) {
    int i = at;
    while (packed[i] != ':') {
      i++;
    }
    return i + 1;
  }

  /** Where the item that starts at {@code at} ends (the next one starts there). */
  static int next(byte[] packed, int at) {
    int length = 0;
    int i = at;
    for (byte b; (b = packed[i]) != ':'; i++) {
      length = length * 10 + (b - '0');
    }
    return i + 1 + length;
  }

  /** The item that starts at {@code at}, decoded. */
  static String text(byte[] packed, int at) {
    int start = textStart(packed, at);
    return new String(packed, start, next(packed, at) - start, StandardCharsets.UTF_8);
  }

  /** Whether the item that starts at {@code at} is {@code name}, ignoring case. */
  static boolean nameMatches(byte[] packed, int at, String name) {
    int start = textStart(packed, at);
    int length = next(packed, at) - start;
    if (!isAscii(name)) {
      return new String(packed, start, length, StandardCharsets.UTF_8).equalsIgnoreCase(name);
    }
    if (length != name.length()) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      // A byte of a multi-byte character (0x80 and up) never folds to the ASCII character it is compared with.
      char a = (char) (packed[start + i] & 0xff);
      char b = name.charAt(i);
      if (a != b && Character.toLowerCase(a) != Character.toLowerCase(b)) {
        return false;
      }
    }
    return true;
  }

  /** Every item, decoded: name, value, name, value... */
  static List<String> items(byte[] packed) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < packed.length; i = next(packed, i)) {
      items.add(text(packed, i));
    }
    return items;
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** UTF-8 length as {@link #encode} writes it (an unpaired surrogate becomes {@code ?}, as the JDK's encoder does). */
  static int utf8Length(CharSequence s) {
    int n = 0;
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        n++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  private static int encode(CharSequence s, byte[] out, int at) {
    int o = at;
    int length = s.length();
    for (int i = 0; i < length; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[o++] = (byte) c;
      } else if (c < 0x800) {
        out[o++] = (byte) (0xc0 | (c >> 6));
        out[o++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[o++] = (byte) (0xf0 | (cp >> 18));
        out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        out[o++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        out[o++] = '?';
      } else {
        out[o++] = (byte) (0xe0 | (c >> 12));
        out[o++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        out[o++] = (byte) (0x80 | (c & 0x3f));
      }
    }
    return o;
  }
}
