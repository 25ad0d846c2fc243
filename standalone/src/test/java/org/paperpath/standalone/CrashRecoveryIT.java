package org.paperpath.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Never lost": the process killed with SIGKILL right after it answered 250 delivers the message
 * after a restart, exactly once; a SIGTERM stop is clean and keeps accounts and mail.
 */
class CrashRecoveryIT {

    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path tmp;

    @Test
    void messageAnswered250BeforeSigkillIsDeliveredOnceAfterRestart() throws Exception {
        try (StandaloneProcess paperpath = new StandaloneProcess(tmp.resolve("data"))) {
            paperpath.start();
            String dave = paperpath.admin().createMailbox("crash.test", "dave", PASSWORD);
            Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, dave, Duration.ofSeconds(20));

            try (SmtpClient smtp = new SmtpClient(paperpath.smtpPort)) {
                smtp.reply();
                smtp.send("EHLO client.sender.test");
                assertThat(smtp.send("MAIL FROM:<erin@sender.test>")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<" + dave + ">")).startsWith("250");
                assertThat(smtp.send("DATA")).startsWith("354");
                smtp.raw("Subject: survives SIGKILL\r\n\r\nkilled right after 250\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                String reply = smtp.reply();
                assertThat(reply).startsWith("250 2.0.0");
                paperpath.kill();
            }

            paperpath.start();
            assertThat(Mailboxes.awaitPop3Count(paperpath.pop3Port, dave, PASSWORD, 1, Duration.ofSeconds(60))).isEqualTo(1);
            Thread.sleep(2000);
            List<Path> files = Mailboxes.messages(paperpath.dataDir, "crash.test", "dave");
            assertThat(files).as("exactly one copy").hasSize(1);
            assertThat(Files.readString(files.get(0))).contains("Subject: survives SIGKILL", "killed right after 250");
        }
    }

    @Test
    void sigtermStopsCleanlyAndARestartKeepsAccountsAndMail() throws Exception {
        try (StandaloneProcess paperpath = new StandaloneProcess(tmp.resolve("data2"))) {
            paperpath.start();
            String frank = paperpath.admin().createMailbox("restart.test", "frank", PASSWORD);
            Mailboxes.awaitRecipientAccepted(paperpath.smtpPort, frank, Duration.ofSeconds(20));
            try (SmtpClient smtp = new SmtpClient(paperpath.smtpPort)) {
                smtp.reply();
                smtp.send("HELO client.sender.test");
                smtp.send("MAIL FROM:<>");
                smtp.send("RCPT TO:<" + frank + ">");
                smtp.send("DATA");
                smtp.raw("Subject: kept\r\n\r\nkept across a restart\r\n.\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(smtp.reply()).startsWith("250");
                smtp.send("QUIT");
            }
            assertThat(Mailboxes.awaitPop3Count(paperpath.pop3Port, frank, PASSWORD, 1, Duration.ofSeconds(30))).isEqualTo(1);

            int exit = paperpath.stop();
            assertThat(exit).as("exit code after SIGTERM (143 = terminated by the signal after clean hooks)").isIn(0, 143);
            assertThat(Files.readString(paperpath.logFile())).contains("stopped: kafka broker", "stopped: postgresql");

            paperpath.start();
            assertThat(Mailboxes.awaitPop3Count(paperpath.pop3Port, frank, PASSWORD, 1, Duration.ofSeconds(30)))
                    .as("the account and its mail after a restart").isEqualTo(1);
        }
    }
}
