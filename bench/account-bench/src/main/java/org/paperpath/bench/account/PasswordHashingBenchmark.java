package org.paperpath.bench.account;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * What one login and one password change cost account-service: every {@code /internal/v1/authenticate}
 * that misses the gateways' cache verifies an Argon2id hash, every password change encodes one.
 * The Argon2id encoder is the one account-service builds ({@code Passwords.encoder()}: Spring
 * Security's 5.8 defaults, 16 MiB, 2 iterations, 1 lane); bcrypt at its default cost 10 is what
 * imported {@code {BLF-CRYPT}} hashes cost until they are upgraded, and the usual yardstick.
 * One thread: the figure is per core, the service's capacity is cores divided by it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class PasswordHashingBenchmark {

    private static final String PASSWORD = "correct horse battery staple";

    private final Argon2PasswordEncoder argon2 = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
    private String argon2Hash;
    private String bcryptHash;

    @Setup
    public void hashOnce() {
        argon2Hash = argon2.encode(PASSWORD);
        bcryptHash = bcrypt.encode(PASSWORD);
    }

    @Benchmark
    public String argon2idEncode() {
        return argon2.encode(PASSWORD);
    }

    @Benchmark
    public boolean argon2idVerify() {
        return argon2.matches(PASSWORD, argon2Hash);
    }

    @Benchmark
    public String bcryptEncode() {
        return bcrypt.encode(PASSWORD);
    }

    @Benchmark
    public boolean bcryptVerify() {
        return bcrypt.matches(PASSWORD, bcryptHash);
    }
}
