package org.paperpath.account;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code ?page=} from 0, {@code ?size=} from 1 to {@value #MAX_SIZE}. */
record Paging(int page, int size) {

    static final int DEFAULT_SIZE = 100;
    static final int MAX_SIZE = 500;

    /** @throws InvalidInputException naming {@code page} or {@code size} */
    static Paging of(int page, int size) {
        if (page < 0) {
            throw new InvalidInputException("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidInputException("size", "must be between 1 and " + MAX_SIZE);
        }
        return new Paging(page, size);
    }

    long offset() {
        return (long) page * size;
    }

    /** A page of a list as answered. */
    record Page<T>(List<T> items, int page, int size, long total) {

        <R> Page<R> map(Function<T, R> mapper) {
            return new Page<>(items.stream().map(mapper).toList(), page, size, total);
        }
    }
}
