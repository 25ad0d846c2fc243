package org.paperpath.smtp.queue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.paperpath.model.QueueId;

/** A sink in memory for protocol tests: queues everything, or fails every commit with a chosen reason. */
public final class InMemoryMessageSink implements MessageSink {

    /** A message that was queued. */
    public record Stored(QueueId queueId, Envelope envelope, byte[] body) {
    }

    private final List<Stored> queued = new CopyOnWriteArrayList<>();
    private volatile QueueOutcome.Reason failWith;
    private volatile int open;
    private volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

    /** Commits from now on complete only at {@link #releaseCommits()}, as a slow broker would. */
    public void holdCommits() {
        gate = new CompletableFuture<>();
    }

    public void releaseCommits() {
        gate.complete(null);
    }

    /** Makes every later commit fail with {@code reason}. */
    public void failCommitsWith(QueueOutcome.Reason reason) {
        failWith = reason;
    }

    public List<Stored> queued() {
        return queued;
    }

    /** Transactions begun and neither committed nor aborted. */
    public int openTransactions() {
        return open;
    }

    @Override
    public MailTransaction begin(Envelope envelope) {
        open++;
        QueueId id = QueueId.generate();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        return new MailTransaction() {
            private boolean done;

            @Override
            public QueueId queueId() {
                return id;
            }

            @Override
            public Envelope envelope() {
                return envelope;
            }

            @Override
            public void write(ByteBuffer content) throws IOException {
                if (done) {
                    throw new IOException("transaction already ended");
                }
                byte[] bytes = new byte[content.remaining()];
                content.get(bytes);
                body.write(bytes);
            }

            @Override
            public long size() {
                return body.size();
            }

            @Override
            public CompletionStage<QueueOutcome> commit() {
                return gate.thenApply(ignored -> settle());
            }

            private QueueOutcome settle() {
                end();
                if (failWith != null) {
                    return new QueueOutcome.Failed(id, failWith, "test");
                }
                queued.add(new Stored(id, envelope, body.toByteArray()));
                return new QueueOutcome.Queued(id, "ref", body.size());
            }

            @Override
            public void abort() {
                end();
            }

            private void end() {
                if (!done) {
                    done = true;
                    open--;
                }
            }
        };
    }
}
