package org.paperpath.maildir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An IMAP client script for a pre-authenticated server on standard input and output (RFC 3501):
 * tagged commands, CRLF line ends, APPEND with a synchronizing literal (sent after the server's
 * continuation request; Courier without its configuration lacks LITERAL+), LOGOUT at the end. Each
 * command is sent only after the previous one completed: Dovecot runs pipelined commands in parallel where it can, so a pipelined EXPUNGE
 * may overtake the STORE that set \Deleted.
 */
final class ImapScript {

    private static final String LOGOUT_TAG = "zz";

    private final List<String[]> steps = new ArrayList<>();

    /** Adds {@code tag command}. */
    ImapScript command(String tag, String command) {
        steps.add(new String[] {tag, tag + " " + command + "\r\n"});
        return this;
    }

    /** Adds {@code tag APPEND mailbox (flags) {n+}} and the message. */
    ImapScript append(String tag, String mailbox, String flags, String message) {
        int size = message.getBytes(StandardCharsets.UTF_8).length;
        steps.add(new String[] {tag, tag + " APPEND " + quoted(mailbox) + (flags.isEmpty() ? "" : " (" + flags + ")")
                + " {" + size + "}\r\n", message + "\r\n"});
        return this;
    }

    /**
     * Runs the script on a started server process and returns the transcript (the server's lines,
     * CRLF-ended). The caller destroys the process if it hangs; a closed output ends the run.
     */
    String runOn(Process server) throws IOException {
        StringBuilder transcript = new StringBuilder();
        OutputStream out = server.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        List<String[]> all = new ArrayList<>(steps);
        all.add(new String[] {LOGOUT_TAG, LOGOUT_TAG + " LOGOUT\r\n"});
        for (String[] step : all) {
            // step[1] is the command line; a literal, if any, follows once the server asks for it.
            for (int part = 1; part < step.length; part++) {
                try {
                    out.write(step[part].getBytes(StandardCharsets.UTF_8));
                    out.flush();
                } catch (IOException e) {
                    throw new IOException("server stopped reading at " + step[0] + ":\n" + transcript, e);
                }
                String end = part + 1 < step.length ? "+" : step[0] + " ";
                String line;
                do {
                    line = in.readLine();
                    if (line == null) {
                        throw new IOException("server closed the connection before " + step[0] + " completed:\n"
                                + transcript);
                    }
                    transcript.append(line).append("\r\n");
                } while (!line.startsWith(end) && !line.startsWith(step[0] + " "));
                if (line.startsWith(step[0] + " ")) {
                    break;
                }
            }
        }
        out.close();
        return transcript.toString();
    }

    /** A mailbox name as an IMAP quoted string (RFC 3501 section 4.3). */
    static String quoted(String mailbox) {
        return "\"" + mailbox.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A short CRLF message with {@code subject}. */
    static String message(String subject) {
        return "From: interop@example.org\r\nSubject: " + subject + "\r\n\r\nThis is " + subject + ".\r\n";
    }
}
