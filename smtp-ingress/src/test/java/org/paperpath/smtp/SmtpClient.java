package org.paperpath.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLSocket;

/** A plain-socket SMTP client for integration tests: send lines, read whole (multi-line) replies. */
final class SmtpClient implements AutoCloseable {

    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    SmtpClient(int port) throws IOException {
        this(new Socket("127.0.0.1", port));
    }

    private SmtpClient(Socket socket) throws IOException {
        use(socket);
    }

    /** A client of an implicit-TLS listener (RFC 8314), trusting any certificate. */
    static SmtpClient implicitTls(int port) throws IOException {
        SSLSocket socket = (SSLSocket) TrustAll.context().getSocketFactory().createSocket("127.0.0.1", port);
        socket.startHandshake();
        return new SmtpClient(socket);
    }

    /**
     * A client of an implicit-TLS listener that sends {@code preamble} in clear before the handshake,
     * as a proxy sends its PROXY header.
     */
    static SmtpClient implicitTlsAfter(int port, byte[] preamble) throws IOException {
        Socket plain = new Socket("127.0.0.1", port);
        plain.getOutputStream().write(preamble);
        SSLSocket socket = (SSLSocket) TrustAll.context().getSocketFactory().createSocket(plain, "127.0.0.1", port,
                true);
        socket.setUseClientMode(true);
        socket.startHandshake();
        return new SmtpClient(socket);
    }

    /** After the server's 220 to STARTTLS: the handshake, then everything goes over TLS. */
    void startTls() throws IOException {
        SSLSocket tls = (SSLSocket) TrustAll.context().getSocketFactory().createSocket(socket, "127.0.0.1",
                socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        use(tls);
    }

    /** The certificate the server presented; only over TLS. */
    X509Certificate peerCertificate() throws IOException {
        return (X509Certificate) ((SSLSocket) socket).getSession().getPeerCertificates()[0];
    }

    private void use(Socket connected) throws IOException {
        socket = connected;
        socket.setSoTimeout(30_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** The next reply, lines joined with {@code \n}; null if the server closed the connection. */
    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        while ((line = in.readLine()) != null) {
            reply.append(reply.length() == 0 ? "" : "\n").append(line);
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return reply.toString();
            }
        }
        return reply.length() == 0 ? null : reply.toString();
    }

    /** Sends {@code text} as is; lines must carry their own CRLF. */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String command(String line) throws IOException {
        write(line + "\r\n");
        return reply();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
