package org.paperpath.imap;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperpath.imap.server.ImapServer;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** imap-gateway wired as standalone wires it, on a real socket, spoken to by Python's imaplib. */
class ImapGatewayIT {

    private static final String CLIENT = String.join("\n",
            "import imaplib, sys",
            "m = imaplib.IMAP4('127.0.0.1', int(sys.argv[1]), timeout=30)",
            "print('welcome', m.welcome.decode())",
            "print('capabilities', ' '.join(m.capabilities))",
            "print('noop', m.noop()[0])",
            "try:",
            "    m.login('alice@example.test', 'secret')",
            "except imaplib.IMAP4.error as e:",
            "    print('login', e)",
            "print('logout', m.logout()[0])",
            "");

    @TempDir
    Path data;

    @Test
    void pythonImaplibGetsGreetingCapabilityNoopBadAndLogout() throws Exception {
        new ApplicationContextRunner()
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withUserConfiguration(ImapGatewayConfiguration.class)
                .withPropertyValues("paperpath.data-dir=" + data, "paperpath.imap.port=0",
                        "paperpath.imap.bind-address=127.0.0.1")
                .run(context -> {
                    ImapServer server = context.getBean(ImapServer.class);
                    assertThat(context.getBean("imapGatewayHealth", HealthIndicator.class).health().getStatus())
                            .isEqualTo(Status.UP);

                    Process python = new ProcessBuilder("python3", "-c", CLIENT, String.valueOf(server.port()))
                            .redirectErrorStream(true).start();
                    String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();

                    assertThat(python.exitValue()).as(output).isZero();
                    assertThat(output).contains("welcome * OK [CAPABILITY IMAP4rev1] Paperpath IMAP ready",
                            "capabilities IMAP4REV1", "noop OK", "command not supported yet", "logout BYE");
                    assertThat(context.getBean(MeterRegistry.class).get("paperpath.imap.sessions").counter().count())
                            .isEqualTo(1);

                    context.close();
                    assertThat(server.isListening()).isFalse();
                });
    }
}
