package org.paperpath.sendmail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A message split into its header fields and its body (RFC 5322 section 2.1). Input without a header
 * block (the first line is not a field) is all body; a leading mbox {@code From } line is dropped,
 * as sendmail drops it.
 */
record Message(List<HeaderField> headers, List<String> body) {

    /** field-name is printable US-ASCII except the colon (RFC 5322 section 2.2). */
    private static final Pattern FIELD = Pattern.compile("^([\\x21-\\x39\\x3b-\\x7e]+)[ \\t]*:.*", Pattern.DOTALL);

    Message {
        headers = List.copyOf(headers);
        body = List.copyOf(body);
    }

    static Message parse(List<String> lines) {
        int i = 0;
        if (!lines.isEmpty() && lines.get(0).startsWith("From ")) {
            i++;
        }
        List<HeaderField> headers = new ArrayList<>();
        String name = null;
        List<String> fieldLines = new ArrayList<>();
        for (; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean continuation = name != null && (line.startsWith(" ") || line.startsWith("\t"));
            if (continuation) {
                fieldLines.add(line);
                continue;
            }
            if (name != null) {
                headers.add(new HeaderField(name, fieldLines));
                name = null;
            }
            var matcher = FIELD.matcher(line);
            if (!matcher.matches()) {
                break;
            }
            name = matcher.group(1);
            fieldLines = new ArrayList<>(List.of(line));
        }
        if (name != null) {
            headers.add(new HeaderField(name, fieldLines));
        }
        if (i < lines.size() && lines.get(i).isEmpty()) {
            i++; // the separator line; we write our own
        }
        return new Message(headers, lines.subList(i, lines.size()));
    }

    boolean has(String name) {
        return headers.stream().anyMatch(h -> h.is(name));
    }

    List<String> values(String name) {
        return headers.stream().filter(h -> h.is(name)).map(HeaderField::value).toList();
    }

    Message without(String name) {
        return new Message(headers.stream().filter(h -> !h.is(name)).toList(), body);
    }

    Message with(HeaderField field) {
        List<HeaderField> more = new ArrayList<>(headers);
        more.add(field);
        return new Message(more, body);
    }

    /** The message as lines without line endings: header fields, an empty line, the body. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        headers.forEach(h -> lines.addAll(h.lines()));
        lines.add("");
        lines.addAll(body);
        return lines;
    }
}
