package org.paperpath.sendmail;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The SMTP client conversation (RFC 5321 section 3.3) on a plain socket: EHLO (HELO if refused),
 * MAIL, one RCPT per recipient, DATA with dot-stuffing (section 4.5.2), QUIT.
 *
 * <p>All or nothing: if any recipient is refused the transaction is abandoned before DATA, so the
 * exit status tells the caller the truth about every recipient and a retry after 75 cannot deliver
 * a second copy to the recipients that had been accepted.
 */
final class SmtpSubmitter {

    private static final int MAX_LINE = 4096;
    private static final int MAX_REPLY_LINES = 100;

    private final Settings settings;
    private final Optional<PrintStream> transcript;

    SmtpSubmitter(Settings settings, Optional<PrintStream> transcript) {
        this.settings = settings;
        this.transcript = transcript;
    }

    SmtpOutcome submit(Submission submission) {
        int timeout = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        Socket socket = new Socket();
        String where = settings.host() + ":" + settings.port();
        try {
            socket.connect(new InetSocketAddress(settings.host(), settings.port()), timeout);
        } catch (IOException e) {
            close(socket);
            return new SmtpOutcome.Unreachable(where, e);
        }
        String step = "greeting";
        try (socket) {
            socket.setSoTimeout(timeout);
            Conversation smtp = new Conversation(socket);
            SmtpReply greeting = smtp.reply();
            if (greeting.code() != 220) {
                return refused("connect to " + where, greeting);
            }
            step = "EHLO";
            SmtpReply ehlo = smtp.command("EHLO " + settings.hostname());
            Set<String> extensions = new HashSet<>();
            if (ehlo.code() == 250) {
                ehlo.lines().stream().skip(1).filter(l -> l.length() > 4).map(l -> l.substring(4).split(" ")[0].toUpperCase(Locale.ROOT))
                        .forEach(extensions::add);
            } else {
                step = "HELO";
                SmtpReply helo = smtp.command("HELO " + settings.hostname());
                if (helo.code() != 250) {
                    return quit(smtp, refused("HELO", helo));
                }
            }
            step = "MAIL";
            String mail = "MAIL FROM:<" + submission.sender() + ">" + parameters(submission, extensions);
            SmtpReply mailReply = smtp.command(mail);
            if (mailReply.code() != 250) {
                return quit(smtp, refused(mail, mailReply));
            }
            List<SmtpOutcome.Refusal> refusals = new ArrayList<>();
            for (String recipient : submission.recipients()) {
                step = "RCPT";
                String rcpt = "RCPT TO:<" + recipient + ">";
                SmtpReply reply = smtp.command(rcpt);
                if (reply.code() != 250 && reply.code() != 251) {
                    refusals.add(new SmtpOutcome.Refusal(rcpt, reply));
                }
            }
            if (!refusals.isEmpty()) {
                return quit(smtp, new SmtpOutcome.Refused(refusals));
            }
            step = "DATA";
            SmtpReply data = smtp.command("DATA");
            if (data.code() != 354) {
                return quit(smtp, refused("DATA", data));
            }
            step = "message data";
            smtp.data(submission.lines());
            SmtpReply end = smtp.reply();
            if (end.code() != 250) {
                return quit(smtp, refused("end of data", end));
            }
            quit(smtp); // the message is queued; a failing QUIT changes nothing
            return new SmtpOutcome.Accepted(end);
        } catch (IOException e) {
            return new SmtpOutcome.Broken(step, e);
        }
    }

    private static String parameters(Submission submission, Set<String> extensions) {
        StringBuilder parameters = new StringBuilder();
        boolean eightBit = submission.lines().stream().anyMatch(l -> l.chars().anyMatch(c -> c > 0x7f));
        if (eightBit && extensions.contains("8BITMIME")) {
            parameters.append(" BODY=8BITMIME");
        }
        boolean utf8Envelope = (submission.sender() + String.join("", submission.recipients())).chars().anyMatch(c -> c > 0x7f);
        if (utf8Envelope && extensions.contains("SMTPUTF8")) {
            parameters.append(" SMTPUTF8");
        }
        return parameters.toString();
    }

    private static SmtpOutcome refused(String command, SmtpReply reply) {
        return new SmtpOutcome.Refused(List.of(new SmtpOutcome.Refusal(command, reply)));
    }

    private static SmtpOutcome quit(Conversation smtp, SmtpOutcome outcome) {
        quit(smtp);
        return outcome;
    }

    private static void quit(Conversation smtp) {
        try {
            smtp.command("QUIT");
        } catch (IOException e) {
            // the server may already have closed after a 421; the outcome stands
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing was sent
        }
    }

    /** Dot-stuffing (RFC 5321 section 4.5.2): a line starting with a dot gets one more. */
    static String stuff(String line) {
        return line.startsWith(".") ? "." + line : line;
    }

    /** The socket's two directions with bounded reads; commands are UTF-8, data lines the bytes read. */
    private final class Conversation {

        private final InputStream in;
        private final OutputStream out;

        Conversation(Socket socket) throws IOException {
            in = new BufferedInputStream(socket.getInputStream());
            out = new BufferedOutputStream(socket.getOutputStream());
        }

        SmtpReply command(String command) throws IOException {
            log("C: " + command);
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return reply();
        }

        void data(List<String> lines) throws IOException {
            log("C: (" + lines.size() + " lines of message data)");
            for (String line : lines) {
                out.write(stuff(line).getBytes(StandardCharsets.ISO_8859_1));
                out.write('\r');
                out.write('\n');
            }
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        SmtpReply reply() throws IOException {
            List<String> lines = new ArrayList<>();
            while (true) {
                String line = line();
                log("S: " + line);
                if (line.length() < 3 || !isCode(line.substring(0, 3)) || (line.length() > 3 && " -".indexOf(line.charAt(3)) < 0)) {
                    throw new IOException("not an SMTP reply: " + line);
                }
                lines.add(line);
                if (line.length() == 3 || line.charAt(3) == ' ') {
                    return new SmtpReply(Integer.parseInt(line.substring(0, 3)), lines);
                }
                if (lines.size() >= MAX_REPLY_LINES) {
                    throw new IOException("reply longer than " + MAX_REPLY_LINES + " lines");
                }
            }
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int b;
            try {
                while ((b = in.read()) != '\n') {
                    if (b == -1) {
                        throw new IOException("connection closed by the server");
                    }
                    if (line.size() >= MAX_LINE) {
                        throw new IOException("reply line longer than " + MAX_LINE + " octets");
                    }
                    line.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no reply within " + settings.timeout().toSeconds() + " s");
            }
            String text = line.toString(StandardCharsets.UTF_8);
            return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }

        private boolean isCode(String code) {
            return code.chars().allMatch(c -> c >= '0' && c <= '9');
        }

        private void log(String line) {
            transcript.ifPresent(t -> t.println(line));
        }
    }
}
