package org.paperpath.sendmail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the message from standard input as sendmail does: up to end of input or, unless {@code -i},
 * a line holding a single dot. Lines may end in LF or CRLF; they are returned without their ending
 * and later sent with CRLF. Bytes are kept as ISO-8859-1 characters, so 8-bit and UTF-8 text goes to
 * the server unchanged.
 */
final class MessageReader {

    private MessageReader() {
    }

    static List<String> read(InputStream in, boolean ignoreDots) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) != -1) {
            for (int i = 0; i < n; i++) {
                byte b = buffer[i];
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = withoutTrailingCr(line);
                line.reset();
                if (!ignoreDots && text.equals(".")) {
                    return lines;
                }
                lines.add(text);
            }
        }
        if (line.size() > 0) {
            String text = withoutTrailingCr(line);
            if (ignoreDots || !text.equals(".")) {
                lines.add(text); // a last line without its newline still belongs to the message
            }
        }
        return lines;
    }

    private static String withoutTrailingCr(ByteArrayOutputStream line) {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
