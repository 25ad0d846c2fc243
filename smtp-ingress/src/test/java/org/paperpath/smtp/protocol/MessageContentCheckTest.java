package org.paperpath.smtp.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageContentCheckTest {

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 7})
    void a998OctetLineIsFineAnd999IsTooLong(int fragment) {
        assertThat(scan(fragment, "a\r\n" + "x".repeat(998) + "\r\nb\r\n")).isEqualTo(MessageContentCheck.Verdict.OK);
        assertThat(scan(fragment, "x".repeat(999) + "\r\n")).isEqualTo(MessageContentCheck.Verdict.LINE_TOO_LONG);
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 7})
    void aLongLineWithoutAnyLineEndIsTooLong(int fragment) {
        assertThat(scan(fragment, "x".repeat(5000))).isEqualTo(MessageContentCheck.Verdict.LINE_TOO_LONG);
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 7})
    void aBareCrDoesNotEndALine(int fragment) {
        assertThat(scan(fragment, "x".repeat(600) + "\r" + "x".repeat(600) + "\r\n"))
                .isEqualTo(MessageContentCheck.Verdict.LINE_TOO_LONG);
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 7})
    void hundredTraceFieldsPassAndTheHundredAndFirstIsALoop(int fragment) {
        String hundred = "Received: x\r\n".repeat(70) + "DELIVERED-TO: a@b.test\r\n".repeat(30);
        assertThat(scan(fragment, hundred + "Subject: s\r\n\r\nReceived: body\r\n"))
                .isEqualTo(MessageContentCheck.Verdict.OK);
        assertThat(scan(fragment, hundred + "received:x\r\n\r\n")).isEqualTo(MessageContentCheck.Verdict.TOO_MANY_HOPS);
    }

    @ParameterizedTest(name = "fragment size {0}")
    @ValueSource(ints = {0, 1, 2, 7})
    void traceFieldsAfterTheHeaderAndFoldedLinesDoNotCount(int fragment) {
        String folded = "X-Note: a\r\n Received: folded\r\n".repeat(101);
        assertThat(scan(fragment, folded + "\r\n" + "Received: body\r\n".repeat(101)))
                .isEqualTo(MessageContentCheck.Verdict.OK);
    }

    private static MessageContentCheck.Verdict scan(int fragment, String content) {
        MessageContentCheck check = new MessageContentCheck();
        byte[] bytes = content.getBytes(StandardCharsets.US_ASCII);
        int step = fragment == 0 ? bytes.length : fragment;
        for (int i = 0; i < bytes.length; i += step) {
            check.scan(ByteBuffer.wrap(bytes, i, Math.min(step, bytes.length - i)));
        }
        return check.verdict();
    }
}
