package org.paperpath.maildir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * IMAP's modified UTF-7 (RFC 3501 section 5.1.3): printable US-ASCII except {@code &} stands for
 * itself, {@code &} is {@code &-}, anything else is UTF-16 in modified BASE64 ({@code ,} for
 * {@code /}, no padding) between {@code &} and {@code -}. Decoding is strict: only the one canonical
 * encoding of a name is accepted (no encoded printable ASCII, no adjacent encoded runs, no stray
 * bits, no lone surrogates), so that no two on-disk names mean the same folder.
 */
public final class ModifiedUtf7 {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    private ModifiedUtf7() {
    }

    public static String encode(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '&') {
                out.append("&-");
                i++;
            } else if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
                i++;
            } else {
                int end = i;
                while (end < text.length() && (text.charAt(end) < 0x20 || text.charAt(end) > 0x7e)) {
                    end++;
                }
                out.append('&').append(base64(text.substring(i, end).getBytes(StandardCharsets.UTF_16BE))).append('-');
                i = end;
            }
        }
        return out.toString();
    }

    /** The text of {@code encoded}, or empty if it is not the canonical modified UTF-7 of any text. */
    public static Optional<String> decode(String encoded) {
        StringBuilder out = new StringBuilder(encoded.length());
        int i = 0;
        boolean lastWasRun = false;
        while (i < encoded.length()) {
            char c = encoded.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return Optional.empty();
            }
            if (c != '&') {
                out.append(c);
                i++;
                lastWasRun = false;
                continue;
            }
            int end = encoded.indexOf('-', i + 1);
            if (end < 0) {
                return Optional.empty();
            }
            if (end == i + 1) {
                out.append('&');
                i = end + 1;
                lastWasRun = false;
                continue;
            }
            Optional<String> run = unbase64(encoded.substring(i + 1, end));
            if (lastWasRun || run.isEmpty()) {
                return Optional.empty();
            }
            out.append(run.get());
            i = end + 1;
            lastWasRun = true;
        }
        return Optional.of(out.toString());
    }

    private static String base64(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int bits = 0;
        int buffer = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 6) {
                bits -= 6;
                out.append(ALPHABET.charAt((buffer >> bits) & 0x3f));
            }
        }
        if (bits > 0) {
            out.append(ALPHABET.charAt((buffer << (6 - bits)) & 0x3f));
        }
        return out.toString();
    }

    /** A run's characters: every one must need encoding, and the UTF-16 must be well formed. */
    private static Optional<String> unbase64(String run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int bits = 0;
        int buffer = 0;
        for (int k = 0; k < run.length(); k++) {
            int v = ALPHABET.indexOf(run.charAt(k));
            if (v < 0) {
                return Optional.empty();
            }
            buffer = ((buffer << 6) | v) & 0xffffff;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                bytes.write((buffer >> bits) & 0xff);
            }
        }
        byte[] utf16 = bytes.toByteArray();
        if (bits >= 6 || (buffer & ((1 << bits) - 1)) != 0 || utf16.length % 2 != 0 || utf16.length == 0) {
            return Optional.empty();
        }
        // By hand rather than new String(UTF_16BE), which would turn a lone surrogate into U+FFFD.
        StringBuilder chars = new StringBuilder(utf16.length / 2);
        for (int k = 0; k < utf16.length; k += 2) {
            chars.append((char) (((utf16[k] & 0xff) << 8) | (utf16[k + 1] & 0xff)));
        }
        String text = chars.toString();
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c >= 0x20 && c <= 0x7e) {
                return Optional.empty();
            }
            if (Character.isHighSurrogate(c) ? k + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(++k))
                    : Character.isLowSurrogate(c)) {
                return Optional.empty();
            }
        }
        return Optional.of(text);
    }
}
